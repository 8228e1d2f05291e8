"""Staff pages for corrections: credit notes (issue, apply, refund), write-offs,
and no balance due shown for void invoices or credit notes. Every POST goes
through a CSRF-checking client with the token the page rendered."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from apps.invoices.models import CreditNoteRefund, Invoice, InvoiceEvent
from apps.invoices.services import credit_note_create_from_invoice, invoice_void
from apps.payments.models import Payment
from tests.factories.invoices import InvoiceFactory, item_data

pytestmark = pytest.mark.django_db


def _browser(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _post_form(client: Client, url: str, data: dict):
    """GET the page, then POST `data` with the CSRF token it rendered."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()
    )
    return client.post(url, {**data, "csrfmiddlewaretoken": token.group(1)})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _sent(**kwargs) -> Invoice:
    return InvoiceFactory(
        sent=True,
        items=[
            item_data(name="Design", tax_rate=Decimal("10")),  # 2 x 50 + 10%
            item_data(name="Hosting", quantity=1, unit_price=Decimal("30.00")),
        ],
        **kwargs,
    )  # total 140.00


def test_credit_note_page_issues_a_full_credit_note(staff_user):
    invoice = _sent()
    client = _browser(staff_user)
    response = _post_form(
        client, reverse("invoices:credit", args=[invoice.pk]), {"mode": "full"}
    )
    note = Invoice.objects.get(type=Invoice.Type.CREDIT_MEMO)
    assert (
        response.status_code == 302 and response["Location"] == note.get_absolute_url()
    )
    assert note.total == invoice.total == Decimal("140.00")
    page = client.get(note.get_absolute_url()).content.decode()
    assert f"Credit note {note.number}" in page
    assert 'id="credit-available"' in page and 'id="balance-due"' not in page
    assert "Record a payment" not in page
    assert reverse("dashboard:credit-apply", args=[note.pk]) in page


def test_credit_note_page_for_chosen_items_and_for_an_amount(billing_user):
    invoice = _sent()
    client = _browser(billing_user)
    hosting = invoice.items.get(name="Hosting")
    url = reverse("invoices:credit", args=[invoice.pk])
    _post_form(client, url, {"mode": "lines", "lines": [hosting.pk]})
    _post_form(client, url, {"mode": "amount", "amount": "12.50", "reason": "Late"})
    totals = sorted(
        Invoice.objects.filter(corrects=invoice).values_list("total", flat=True)
    )
    assert totals == [Decimal("12.50"), Decimal("30.00")]


def test_credit_note_page_shows_the_service_refusal_on_the_field(staff_user):
    invoice = _sent()
    response = _post_form(
        _browser(staff_user),
        reverse("invoices:credit", args=[invoice.pk]),
        {"mode": "amount", "amount": "140.01"},
    )
    assert response.status_code == 200
    assert "more than what is left to credit" in str(response.context["form"].errors)
    assert not Invoice.objects.filter(type=Invoice.Type.CREDIT_MEMO).exists()


def test_apply_page_settles_the_invoice_from_the_credit_note(staff_user):
    invoice = _sent()
    note = credit_note_create_from_invoice(
        invoice=invoice, amount=Decimal("40.00"), by=staff_user
    )
    client = _browser(staff_user)
    url = reverse("dashboard:credit-apply", args=[note.pk])
    page = client.get(url + f"?invoice={invoice.pk}")
    assert page.context["form"].initial == {
        "invoice": invoice.pk,
        "amount": Decimal("40.00"),
    }
    response = _post_form(client, url, {"invoice": invoice.pk, "amount": "40.00"})
    assert response["Location"] == invoice.get_absolute_url()
    invoice.refresh_from_db()
    note.refresh_from_db()
    assert invoice.balance == Decimal("100.00") and note.balance == Decimal("0.00")
    payment = Payment.objects.get(credit_memo=note)
    assert (payment.invoice, payment.amount) == (invoice, Decimal("40.00"))


def test_apply_page_offers_only_payable_invoices_of_the_client_and_currency(
    staff_user,
):
    invoice = _sent()
    note = credit_note_create_from_invoice(invoice=invoice, by=staff_user)
    other_client = _sent()
    other_currency = _sent(client=invoice.client, currency="EUR")
    void = _sent(client=invoice.client)
    invoice_void(invoice=void)
    page = _browser(staff_user).get(reverse("dashboard:credit-apply", args=[note.pk]))
    offered = set(page.context["form"].fields["invoice"].queryset)
    assert invoice in offered and note not in offered
    assert not offered & {other_client, other_currency, void}


def test_refund_page_records_credit_paid_out(staff_user):
    note = credit_note_create_from_invoice(
        invoice=_sent(), amount=Decimal("50.00"), by=staff_user
    )
    client = _browser(staff_user)
    response = _post_form(
        client,
        reverse("invoices:refund-credit", args=[note.pk]),
        {
            "amount": "20.00",
            "method": "check",
            "refunded_on": "2026-01-15",
            "reference": "CHK 77",
        },
    )
    assert response["Location"] == note.get_absolute_url()
    refund = CreditNoteRefund.objects.get()
    assert (refund.amount, refund.reference) == (Decimal("20.00"), "CHK 77")
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Refunded to the customer" in page and "CHK 77" in page


def test_write_off_page_needs_a_reason_and_records_it(billing_user):
    invoice = _sent()
    client = _browser(billing_user)
    url = reverse("invoices:write-off", args=[invoice.pk])
    response = _post_form(client, url, {"amount": "40"})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = _post_form(client, url, {"amount": "40", "reason": "Goodwill"})
    assert any("written off" in m for m in _messages(response))
    invoice.refresh_from_db()
    assert (invoice.written_off, invoice.balance) == (
        Decimal("40.00"),
        Decimal("100.00"),
    )
    event = invoice.events.get(kind=InvoiceEvent.Kind.WRITTEN_OFF)
    assert event.data["reason"] == "Goodwill"


@pytest.mark.parametrize("name", ["credit", "write-off", "refund-credit", "apply"])
def test_a_viewer_is_refused_every_correction_page(viewer_user, staff_user, name):
    invoice = _sent()
    note = credit_note_create_from_invoice(
        invoice=invoice, amount=Decimal("10"), by=staff_user
    )
    url = {
        "credit": reverse("invoices:credit", args=[invoice.pk]),
        "write-off": reverse("invoices:write-off", args=[invoice.pk]),
        "refund-credit": reverse("invoices:refund-credit", args=[note.pk]),
        "apply": reverse("dashboard:credit-apply", args=[note.pk]),
    }[name]
    client = _browser(viewer_user)
    assert client.get(url).status_code == 403
    client = Client()  # no CSRF check: the role is what refuses
    client.force_login(viewer_user)
    data = {"mode": "full", "amount": "5", "reason": "x", "method": "check"}
    assert client.post(url, {**data, "invoice": invoice.pk}).status_code == 403
    assert Invoice.objects.filter(type=Invoice.Type.CREDIT_MEMO).count() == 1
    invoice.refresh_from_db()
    assert invoice.written_off == 0 and not CreditNoteRefund.objects.exists()


def test_a_viewer_sees_no_correction_buttons(viewer_user):
    invoice = _sent()
    page = _browser(viewer_user).get(invoice.get_absolute_url()).content.decode()
    assert reverse("invoices:credit", args=[invoice.pk]) not in page
    assert reverse("invoices:write-off", args=[invoice.pk]) not in page


def test_void_invoice_shows_no_balance_due_anywhere(staff_user):
    invoice = _sent()
    invoice_void(invoice=invoice)
    client = _browser(staff_user)
    due = "140.00"
    detail = client.get(invoice.get_absolute_url()).content.decode()
    assert '<dd class="num" id="balance-due">None: void</dd>' in detail
    for url in (
        reverse("invoices:list"),
        reverse("dashboard:home"),
        invoice.client.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        row = html[html.index(invoice.number) :].split("</tr>")[0]
        assert row.count(due) == 1, url  # the total; no balance beside it
        assert 'aria-label="Nothing due"' in row, url
    public = client.get(invoice.get_public_url()).content.decode()
    assert "None: void" in public and 'name="card_number"' not in public


def test_credit_note_is_not_payable_on_the_hosted_page(staff_user):
    note = credit_note_create_from_invoice(invoice=_sent(), by=staff_user)
    page = Client().get(note.get_public_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "None: credit note" in html and "<form" not in html.split("doc-balance")[-1]


def test_delete_button_only_on_drafts(staff_user):
    client = _browser(staff_user)
    draft, sent = InvoiceFactory(), _sent()
    assert reverse("invoices:delete", args=[draft.pk]) in (
        client.get(draft.get_absolute_url()).content.decode()
    )
    page = client.get(sent.get_absolute_url()).content.decode()
    assert reverse("invoices:delete", args=[sent.pk]) not in page
    assert "void it, or issue a credit note" in page


def test_dashboard_and_client_figures_leave_credit_notes_out(staff_user):
    from apps.clients.selectors import client_amounts_by_currency
    from apps.dashboard.selectors import dashboard_figures
    from apps.payments.services import payment_apply_credit_memo

    invoice = _sent(currency="USD")
    note = credit_note_create_from_invoice(
        invoice=invoice, amount=Decimal("40.00"), by=staff_user
    )
    payment_apply_credit_memo(
        invoice=invoice, credit_memo=note, amount=Decimal("15.00"), by=staff_user
    )
    figures = {f.currency: f for f in dashboard_figures().figures}["USD"]
    assert figures.outstanding == Decimal("125.00")  # the invoice only
    assert figures.paid_this_month == Decimal("0")  # credit applied is not money
    months = dashboard_figures().months["USD"]
    assert months[-1].invoiced == Decimal("140.00")
    amounts = client_amounts_by_currency(client=invoice.client)[0]
    assert (amounts["balance"], amounts["invoiced"], amounts["paid"]) == (
        Decimal("125.00"),
        Decimal("140.00"),
        Decimal("15.00"),
    )


def test_admin_shows_a_credit_notes_refunds_read_only(admin_client):
    from tests.factories.invoices import CreditNoteRefundFactory

    refund = CreditNoteRefundFactory(reference="BANK-42")
    url = reverse("admin:invoices_invoice_change", args=[refund.credit_note_id])
    page = admin_client.get(url).content.decode()
    assert "BANK-42" in page and 'name="refunds_out-0-amount"' not in page


def test_client_page_lists_credit_available(staff_user):
    invoice = _sent()
    note = credit_note_create_from_invoice(
        invoice=invoice, amount=Decimal("12.00"), by=staff_user
    )
    page = _browser(staff_user).get(invoice.client.get_absolute_url())
    html = page.content.decode()
    assert page.context["credit_notes"] == [note]
    assert f"Credit note {note.number}</a>: $12.00 left" in html
    assert reverse("dashboard:credit-apply", args=[note.pk]) in html
