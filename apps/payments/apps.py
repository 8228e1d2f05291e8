from django.apps import AppConfig
from django.core import checks


class PaymentsConfig(AppConfig):
    name = "apps.payments"
    label = "payments"

    def ready(self):
        from .gateways import gateways_check

        checks.register(gateways_check)
