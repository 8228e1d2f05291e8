from decimal import Decimal

import factory

from apps.payments.models import Payment
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
