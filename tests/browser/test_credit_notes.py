"""A staff user issues a credit note from an invoice and applies it, in a real
browser: the invoice's balance due falls by exactly the credit."""

from decimal import Decimal

import pytest
from django.test import Client

from apps.invoices.models import Invoice
from tests.factories.accounts import UserFactory
from tests.factories.invoices import InvoiceFactory, item_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    """Reuse Django's session for `user` in the browser (the sign-in page is tested
    elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


def test_issue_a_credit_note_from_an_invoice_and_apply_it(page, live_server):
    invoice = InvoiceFactory(sent=True, items=[item_data()])  # 2 x 50.00
    _sign_in(page, live_server, UserFactory())
    page.goto(invoice.get_absolute_url())
    assert page.text_content("#balance-due").strip() == "$100.00"

    page.click("text=Issue a credit note")
    page.check("input[name=mode][value=amount]")
    page.fill("[name=amount]", "30.00")
    page.fill("[name=reason]", "Two hours billed twice")
    page.click("button:has-text('Issue credit note')")
    page.wait_for_selector("#credit-available")
    note = Invoice.objects.get(type=Invoice.Type.CREDIT_MEMO)
    assert page.url.endswith(note.get_absolute_url())
    assert page.text_content("#credit-available").strip() == "$30.00"
    assert page.locator("text=Record a payment").count() == 0

    page.click("text=Apply to an invoice")
    assert page.input_value("[name=invoice]") == str(invoice.pk)
    assert page.input_value("[name=amount]") == "30.00"
    page.click("button:has-text('Apply credit')")
    page.wait_for_selector(f"text=applied to invoice {invoice.number}")
    assert page.text_content("#balance-due").strip() == "$70.00"
    assert page.locator("text=Credit note issued").count() == 1

    invoice.refresh_from_db()
    note.refresh_from_db()
    assert (invoice.balance, invoice.status) == (
        Decimal("70.00"),
        Invoice.Status.PARTIALLY_PAID,
    )
    assert note.balance == Decimal("0.00")
