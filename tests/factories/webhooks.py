import factory
from django.utils import timezone

from apps.webhooks.models import (
    OverdueAnnouncement,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from apps.webhooks.services import webhook_endpoint_create


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    """Registered through webhook_endpoint_create by an Admin; the one-time secret
    rides on `.secret`."""

    class Meta:
        model = WebhookEndpoint

    url = factory.Sequence(lambda n: f"https://hooks{n}.example.invalid/remit")
    events = factory.LazyFunction(lambda: ["invoice.paid"])
    dialect = WebhookEndpoint.Dialect.FUSIONINVOICE
    by = factory.SubFactory("tests.factories.accounts.UserFactory")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        issued = webhook_endpoint_create(**kwargs)
        issued.endpoint.secret = issued.secret
        return issued.endpoint


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    message_id = factory.Sequence(lambda n: f"msg_test{n}")
    event = "invoice.paid"
    body = '{"type": "invoice.paid", "timestamp": "2026-01-01T00:00:00Z", "data": {}}'
    next_attempt_at = factory.LazyFunction(timezone.now)


class WebhookAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookAttempt

    delivery = factory.SubFactory(WebhookDeliveryFactory)
    number = 1
    attempted_at = factory.LazyFunction(timezone.now)
    status_code = 200


class OverdueAnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OverdueAnnouncement

    invoice = factory.SubFactory("tests.factories.invoices.InvoiceFactory", sent=True)
    due_date = factory.SelfAttribute("invoice.due_date")
