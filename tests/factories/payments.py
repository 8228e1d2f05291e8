from decimal import Decimal

import factory

from apps.payments.models import GatewayEvent, Payment, SandboxCharge
from apps.payments.services import payment_record


class PaymentFactory(factory.django.DjangoModelFactory):
    """Recorded through payment_record, so the invoice's amounts follow."""

    class Meta:
        model = Payment

    invoice = factory.SubFactory("tests.factories.invoices.InvoiceFactory", sent=True)
    amount = Decimal("10.00")
    method = Payment.Method.CHECK

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return payment_record(**kwargs)


class SandboxChargeFactory(factory.django.DjangoModelFactory):
    """A row of the sandbox gateway's own ledger, as its charge_card leaves one."""

    class Meta:
        model = SandboxCharge

    idempotency_key = factory.Sequence(lambda n: f"sandbox-key-{n}")
    kind = SandboxCharge.Kind.CHARGE
    transaction_id = factory.Sequence(lambda n: f"sbx_{n:020d}")
    method = "card"
    amount = Decimal("10.00")
    currency = "USD"
    approved = True
    response_code = 100
    response_text = "Approved"


class GatewayEventFactory(factory.django.DjangoModelFactory):
    """A webhook event already processed (one per gateway and event id)."""

    class Meta:
        model = GatewayEvent

    gateway = "stripe"
    event_id = factory.Sequence(lambda n: f"evt_{n}")
    type = "payment_intent.succeeded"
