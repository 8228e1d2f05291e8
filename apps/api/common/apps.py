from django.apps import AppConfig


class ApiCommonConfig(AppConfig):
    name = "apps.api.common"
    label = "api_common"

    def ready(self):
        # Each dialect registers itself (prefixes, error envelope, credential
        # identity) in its dialect.py; importing them fills the registry before the
        # first request. A new dialect adds its line here (apps/api/README.md).
        from apps.api.fluidpay import dialect as _fluidpay  # noqa: F401
        from apps.api.fusebill import dialect as _fusebill  # noqa: F401
        from apps.api.fusioninvoice import dialect as _fusioninvoice  # noqa: F401
        from apps.api.timetap import dialect as _timetap  # noqa: F401

        # Webhook payloads in each dialect's shape (apps/webhooks sits below the API).
        from .webhook_payloads import register

        register()
