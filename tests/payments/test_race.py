"""Two payments racing for the last dollar: the invoice row is locked before the
balance is read, so exactly one succeeds and the balance never goes negative.
Real transactions and one connection per thread (SQLite's test database is a file,
and IMMEDIATE transactions make it queue like PostgreSQL's row lock)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.invoices.models import Invoice
from apps.payments.gateways.base import card_clean
from apps.payments.models import Payment
from apps.payments.services import payment_charge, payment_record
from tests.concurrency import run_together
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(count: int, pay) -> tuple[list[object], list[BaseException]]:
    return run_together([pay] * count)


def _invoice_with_one_dollar_left() -> Invoice:
    invoice = InvoiceFactory(sent=True)  # total 100.00
    payment_record(invoice=invoice, amount=Decimal("99.00"), method="check")
    return invoice


def test_two_recorded_payments_race_for_the_last_dollar():
    invoice = _invoice_with_one_dollar_left()

    results, errors = _race(
        2,
        lambda: payment_record(invoice=invoice, amount=Decimal("1.00"), method="cash"),
    )

    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    invoice.refresh_from_db()
    assert invoice.amount_paid == invoice.total == Decimal("100.00")
    assert invoice.balance == 0 and invoice.status == Invoice.Status.PAID
    assert Payment.objects.succeeded().filter(invoice=invoice).count() == 2


def test_five_card_charges_race_for_the_last_dollar():
    invoice = _invoice_with_one_dollar_left()
    card = card_clean(number="4111111111111111", expiry="12/39", cvc="123")

    results, errors = _race(
        5,
        lambda: payment_charge(invoice=invoice, amount=Decimal("1.00"), card=card),
    )

    assert len(results) == 1 and results[0].approved
    assert len(errors) == 4 and all(isinstance(e, ValidationError) for e in errors)
    invoice.refresh_from_db()
    assert invoice.amount_paid == invoice.total and invoice.balance == 0
    assert Payment.objects.filter(invoice=invoice, method="card").count() == 1
