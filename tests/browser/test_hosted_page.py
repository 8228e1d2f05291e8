from decimal import Decimal

import pytest

from apps.invoices.models import Invoice
from apps.payments.models import Payment
from tests.factories.invoices import InvoiceFactory, item_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _invoice(**kwargs) -> Invoice:
    return InvoiceFactory(sent=True, items=[item_data()], **kwargs)  # 100.00 USD


def _fill_card(page, number="4111111111111111"):
    page.fill("[name=card_name]", "Ada Lovelace")
    page.fill("[name=card_number]", number)
    page.fill("[name=card_expiry]", "12/30")
    page.fill("[name=card_cvc]", "123")


def test_tip_and_pay_with_card_shows_receipt(page):
    invoice = _invoice(allow_tipping=True)
    page.goto(invoice.get_public_url())
    assert page.text_content("#pay-total") == "$100.00"
    page.check("input[name=tip_choice][value='15']")
    assert page.text_content("#pay-total") == "$115.00"
    _fill_card(page)
    page.click("#pay-button")
    page.wait_for_selector("text=Payment received")
    assert page.text_content("#receipt-tip") == "$15.00"
    assert page.text_content("#receipt-status") == "Paid"
    reference = page.text_content("#receipt-reference")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.tip_total == Decimal(
        "15.00"
    )
    assert Payment.objects.get(invoice=invoice).transaction_id == reference
    page.goto(invoice.get_public_url())
    assert page.is_visible("text=This invoice is paid in full")


def test_declined_card_keeps_the_balance(page):
    invoice = _invoice()
    page.goto(invoice.get_public_url())
    _fill_card(page, "4000000000000002")
    page.click("#pay-button")
    alert = page.wait_for_selector(".pay-error")
    assert (
        alert.text_content()
        == "Your card was declined. Try another card or contact your bank."
    )
    assert page.input_value("[name=card_number]") == ""  # never echoed back
    assert page.locator(".errorlist").count() == 0  # a decline is not a typing error
    assert page.input_value("[name=card_name]") == "Ada Lovelace"
    invoice.refresh_from_db()
    assert (
        invoice.balance == Decimal("100.00") and invoice.status == Invoice.Status.SENT
    )


def test_partial_payment_leaves_the_right_balance(page):
    invoice = _invoice(allow_partial_payment=True)
    page.goto(invoice.get_public_url())
    page.fill("[name=amount]", "25.00")
    assert page.text_content("#pay-total") == "$25.00"
    _fill_card(page)
    page.click("#pay-button")
    page.wait_for_selector("text=Payment received")
    assert page.text_content("#receipt-balance") == "$75.00"
    invoice.refresh_from_db()
    assert (
        invoice.balance == Decimal("75.00")
        and invoice.status == Invoice.Status.PARTIALLY_PAID
    )


def test_pay_by_mail(page):
    invoice = _invoice()
    page.goto(invoice.get_public_url())
    page.click("#pay-by-mail")
    page.wait_for_selector(".banner-mail")
    assert page.is_visible("text=Awaiting a mailed payment")
    assert "12 Harbour Road" in page.text_content(".awaiting-mail")
    invoice.refresh_from_db()
    assert invoice.awaiting_mail_since is not None


def test_double_submitted_form_charges_once(page):
    invoice = _invoice()
    page.goto(invoice.get_public_url())
    _fill_card(page)
    action, body = page.evaluate(
        "() => { const f = document.getElementById('pay-form');"
        " return [f.action, new URLSearchParams(new FormData(f)).toString()]; }"
    )
    page.dblclick("#pay-button")
    page.wait_for_selector("text=Payment received")
    receipt_url = page.url
    # The browser resubmits the very same form (a retry after a lost answer).
    replay_url = page.evaluate(
        "([url, body]) => fetch(url, {method: 'POST', body: body,"
        " headers: {'Content-Type': 'application/x-www-form-urlencoded'}})"
        ".then(r => r.url)",
        [action, body],
    )
    assert replay_url == receipt_url
    assert Payment.objects.filter(invoice=invoice).count() == 1
    invoice.refresh_from_db()
    assert (
        invoice.amount_paid == Decimal("100.00")
        and invoice.status == Invoice.Status.PAID
    )
