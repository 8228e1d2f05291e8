"""Concurrent pay requests on one hosted link, each on its own connection: a double
submit charges once, and racing forms never take the invoice past its balance."""

from decimal import Decimal

import pytest
from django.test import Client

from apps.invoices.models import Invoice
from apps.payments.models import Payment
from tests.concurrency import run_together

from .helpers import APPROVING_CARD, hidden_fields, payable_invoice, url

pytestmark = pytest.mark.django_db(transaction=True)


def _post_together(invoice, forms: list[dict]) -> list[int]:
    codes, errors = run_together(
        [
            lambda data=data: Client().post(url("pay", invoice), data).status_code
            for data in forms
        ]
    )
    assert errors == []
    return sorted(codes)


def _form(invoice, **fields) -> dict:
    hidden = hidden_fields(Client(), invoice)
    return {
        "method": "card",
        "tip_choice": "none",
        **hidden,
        **APPROVING_CARD,
        **fields,
    }


def test_the_same_form_posted_twice_at_once_charges_once():
    invoice = payable_invoice()
    data = _form(invoice)
    codes = _post_together(invoice, [data, data])
    # The second of two identical posts either replays the finished charge (302 to
    # the receipt) or, when it arrives while the first is still at the gateway,
    # finds that attempt processing and says "We are confirming your payment" (202);
    # never a second charge.
    assert codes[-1] == 302 and codes[0] in (202, 302), codes
    assert Payment.objects.filter(invoice=invoice).count() == 1
    invoice.refresh_from_db()
    assert (
        invoice.amount_paid == Decimal("100.00")
        and invoice.status == Invoice.Status.PAID
    )


def test_racing_partial_payments_stop_at_the_balance():
    invoice = payable_invoice(allow_partial_payment=True)  # 100.00
    forms = [_form(invoice, amount="40.00") for _ in range(3)]
    codes = _post_together(invoice, forms)
    assert codes == [302, 302, 400]
    invoice.refresh_from_db()
    assert (invoice.amount_paid, invoice.balance) == (
        Decimal("80.00"),
        Decimal("20.00"),
    )
    assert (
        Payment.objects.filter(invoice=invoice, status=Payment.Status.SUCCEEDED).count()
        == 2
    )
    assert (
        Payment.objects.filter(invoice=invoice).count() == 2
    )  # the refused one never reached the gateway
