from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.invoices.models import Invoice
from apps.invoices.services import invoice_void
from apps.payments.gateways.base import card_clean
from apps.payments.models import Payment
from apps.payments.services import payment_charge, payment_record, payment_refund
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db


def test_payment_record_applies_to_the_balance(company, staff_user):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    payment = payment_record(
        invoice=invoice, amount="25.505", method="check", reference="#12", by=staff_user
    )
    invoice.refresh_from_db()
    assert payment.amount == Decimal("25.51")  # rounded to cents, half-up
    assert (invoice.amount_paid, invoice.balance) == (
        Decimal("25.51"),
        Decimal("74.49"),
    )


def test_payment_above_the_balance_refused_and_nothing_written(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    with pytest.raises(ValidationError) as exc:
        payment_record(invoice=invoice, amount=Decimal("100.01"), method="cash")
    assert "amount" in exc.value.message_dict
    invoice.refresh_from_db()
    assert not Payment.objects.exists()
    assert (invoice.amount_paid, invoice.balance, invoice.status) == (
        0,
        Decimal("100.00"),
        Invoice.Status.SENT,
    )


def test_payment_on_void_invoice_refused(company):
    invoice = invoice_void(invoice=InvoiceFactory(company_profile=company, sent=True))
    with pytest.raises(ValidationError, match="void"):
        payment_record(invoice=invoice, amount=Decimal("1.00"), method="cash")
    assert not Payment.objects.exists()


def test_payment_unknown_method_refused(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    with pytest.raises(ValidationError):
        payment_record(invoice=invoice, amount=Decimal("1.00"), method="bitcoin")


def test_payment_refund_restores_the_balance(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    payment = PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    payment_refund(payment=payment)
    invoice.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert (invoice.amount_paid, invoice.balance, invoice.status) == (
        0,
        Decimal("100.00"),
        Invoice.Status.SENT,
    )
    with pytest.raises(ValidationError):
        payment_refund(payment=payment)


def test_card_charge_keeps_only_brand_and_last4(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    card = card_clean(number="4111 1111 1111 1111", expiry="12/39", cvc="123")
    result = payment_charge(
        invoice=invoice, amount=Decimal("100.00"), card=card, idempotency_key="k1"
    )
    assert result.approved
    payment = result.payment
    assert (payment.card_brand, payment.card_last4) == ("visa", "1111")
    stored = " ".join(
        str(v) for v in Payment.objects.filter(pk=payment.pk).values().first().values()
    )
    assert "4111111111111111" not in stored and "123" not in stored.replace(
        str(payment.pk), ""
    )
    replay = payment_charge(
        invoice=invoice, amount=Decimal("100.00"), card=card, idempotency_key="k1"
    )
    assert replay.replayed and Payment.objects.count() == 1


def test_declined_charge_changes_no_balance(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    card = card_clean(number="4000000000000002", expiry="12/39", cvc="123")
    result = payment_charge(invoice=invoice, amount=Decimal("100.00"), card=card)
    invoice.refresh_from_db()
    assert not result.approved and result.payment.status == Payment.Status.DECLINED
    assert (
        invoice.balance == Decimal("100.00")
        and invoice.last_charge_failed_at is not None
    )
