"""The hosted page through processing, pending and confirmed states (issue 10):
sandbox .04 shows "We are confirming your payment" and, after reconciliation, the
invoice is paid once; ACH from an account ending 0002 is pending, then returned."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from apps.invoices.models import Invoice, InvoiceEvent
from apps.payments.models import Payment
from tests.factories.invoices import InvoiceFactory, item_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _invoice(**kwargs) -> Invoice:
    kwargs.setdefault("payment_methods", ["card", "ach"])
    return InvoiceFactory(sent=True, items=[item_data()], **kwargs)  # 100.00 USD


def test_lost_answer_shows_confirming_then_paid_once_after_reconciling(page):
    invoice = _invoice(allow_partial_payment=True)
    page.goto(invoice.get_public_url())
    page.fill("[name=amount]", "99.04")
    page.fill("[name=card_name]", "Ada Lovelace")
    page.fill("[name=card_number]", "4111111111111111")
    page.fill("[name=card_expiry]", "12/30")
    page.fill("[name=card_cvc]", "123")
    page.click("#pay-button")
    notice = page.wait_for_selector("#pay-notice")
    assert notice.text_content().startswith("We are confirming your payment")
    assert not page.is_visible("text=not been charged")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT and invoice.amount_paid == 0

    call_command("reconcile_payments", stdout=StringIO())
    call_command("reconcile_payments", stdout=StringIO())
    page.goto(invoice.get_public_url())
    assert page.is_visible("text=Payments received")
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("99.04")
    assert Payment.objects.filter(status=Payment.Status.SUCCEEDED).count() == 1


def test_ach_from_account_ending_0002_is_pending_then_returned_r01(page):
    invoice = _invoice()
    page.goto(invoice.get_public_url())
    page.check("input[name=method][value=ach]")
    page.fill("[name=account_name]", "Ada Lovelace")
    page.fill("[name=routing_number]", "011000015")
    page.fill("[name=account_number]", "123450002")
    page.click("#pay-button")
    page.wait_for_selector("text=your bank payment is pending")
    page.goto(invoice.get_public_url())
    assert page.is_visible("text=payment pending")
    assert page.locator("#pay-form").count() == 0  # no second payment meanwhile

    call_command("reconcile_payments", stdout=StringIO())
    payment = Payment.objects.get()
    invoice.refresh_from_db()
    assert (payment.status, payment.return_code) == ("returned", "R01")
    assert invoice.balance == Decimal("100.00")
    assert invoice.events.filter(
        kind=InvoiceEvent.Kind.PAYMENT_FAILED, data__return_code="R01"
    ).exists()
    page.goto(invoice.get_public_url())
    assert page.locator("#pay-form").count() == 1  # the balance is payable again
