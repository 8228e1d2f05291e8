from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"

    def ready(self):
        from apps.core.events import event_subscribe

        from .services import webhook_event_dispatch

        event_subscribe(webhook_event_dispatch)
