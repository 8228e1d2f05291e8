"""Wiring tests for the staff quote pages, including conversion to an invoice."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.invoices.models import Invoice
from apps.quotes.models import Quote
from tests.factories.clients import ClientFactory
from tests.factories.invoices import item_data
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db

DETAIL_PAGES = ["quotes:detail", "quotes:update", "quotes:pdf"]
POST_ACTIONS = ["quotes:status", "quotes:convert", "quotes:email", "quotes:delete"]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def quote_data(client, items: list[dict], *, initial: int = 0, **header) -> dict:
    data = {
        "client": client.pk,
        "company_profile": "",
        "quote_date": "2026-11-01",
        "expires_at": "2026-12-01",
        "currency": "USD",
        "summary": "Website",
        "discount_type": "",
        "discount_value": "0",
        "tax_percent": "0",
        "shipping": "0",
        "adjustment": "0",
        "terms": "",
        "notes": "",
        "footer": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        row = {
            "quantity": "1",
            "unit_price": "0",
            "discount_type": "",
            "discount_value": "0",
            "tax_rate": "0",
            "tax_rate_2": "0",
            **item,
        }
        data.update({f"items-{i}-{name}": value for name, value in row.items()})
    data.update(header)
    return data


@pytest.fixture
def quote(company):
    return QuoteFactory(
        company_profile=company,
        items=[
            item_data(name="Design", unit_price=Decimal("100")),
            item_data(name="Build", quantity=Decimal("3")),
        ],
    )


def test_list_and_create_render_for_staff(staff_client, quote):
    response = staff_client.get(reverse("quotes:list"))
    assert response.status_code == 200 and quote.number in response.content.decode()
    assert staff_client.get(reverse("quotes:create")).status_code == 200


@pytest.mark.parametrize("name", ["quotes:detail", "quotes:update"])
def test_quote_pages_render_for_staff(staff_client, quote, name):
    response = staff_client.get(reverse(name, args=[quote.pk]))
    assert response.status_code == 200 and quote.number in response.content.decode()


@pytest.mark.parametrize("name", ["quotes:list", "quotes:create"])
def test_list_pages_redirect_anonymous(client, name):
    response = client.get(reverse(name))
    assert (
        response.status_code == 302
        and reverse("accounts:login") in response["Location"]
    )


@pytest.mark.parametrize("name", [*DETAIL_PAGES, *POST_ACTIONS])
def test_quote_pages_redirect_anonymous(client, quote, name):
    method = client.post if name in POST_ACTIONS else client.get
    response = method(reverse(name, args=[quote.pk]), {"status": "approved"})
    assert (
        response.status_code == 302
        and reverse("accounts:login") in response["Location"]
    )
    quote.refresh_from_db()
    assert quote.status == Quote.Status.DRAFT and quote.invoice_id is None


def test_create_quote_with_items(staff_client, company):
    data = quote_data(
        ClientFactory(),
        [
            {"name": "Plan", "quantity": "2", "unit_price": "75", "tax_rate": "10"},
            {"name": "Launch", "unit_price": "50"},
        ],
        total="1",
    )
    response = staff_client.post(reverse("quotes:create"), data)
    quote = Quote.objects.get()
    assert response["Location"] == quote.get_absolute_url()
    assert (quote.subtotal, quote.tax_total, quote.total) == (
        Decimal("200.00"),
        Decimal("15.00"),
        Decimal("215.00"),
    )
    assert quote.summary == "Website"


def test_edit_quote_replaces_items(staff_client, quote):
    data = quote_data(
        quote.client,
        [
            {"name": "Design", "unit_price": "100"},
            {"name": "Build", "DELETE": "on"},
            {"name": "Extra", "unit_price": "5"},
        ],
        initial=2,
    )
    assert (
        staff_client.post(reverse("quotes:update", args=[quote.pk]), data).status_code
        == 302
    )
    quote.refresh_from_db()
    assert [i.name for i in quote.items.all()] == [
        "Design",
        "Extra",
    ] and quote.total == Decimal("105.00")


def test_bad_expiry_is_refused(staff_client, company):
    data = quote_data(
        ClientFactory(), [{"name": "Plan", "unit_price": "1"}], expires_at="2026-10-01"
    )
    response = staff_client.post(reverse("quotes:create"), data)
    assert response.context["form"].errors["expires_at"] == [
        "The expiry date cannot be before the quote date."
    ]
    assert not Quote.objects.exists()


def test_status_moves(staff_client, quote):
    url = reverse("quotes:status", args=[quote.pk])
    staff_client.post(url, {"status": "sent"})
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SENT and quote.sent_at is not None
    staff_client.post(url, {"status": "rejected"})
    quote.refresh_from_db()
    assert quote.status == Quote.Status.REJECTED
    response = staff_client.post(url, {"status": "approved"})
    assert any("cannot become approved" in m for m in _messages(response))
    response = staff_client.post(url, {"status": "bogus"})
    assert any("Choose a quote status" in m for m in _messages(response))
    quote.refresh_from_db()
    assert quote.status == Quote.Status.REJECTED


def test_convert_creates_invoice_with_same_items(staff_client, quote):
    response = staff_client.post(reverse("quotes:convert", args=[quote.pk]))
    invoice = Invoice.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == invoice.get_absolute_url()
    )
    quote.refresh_from_db()
    assert quote.invoice == invoice and quote.status == Quote.Status.APPROVED
    fields = ("name", "quantity", "unit_price", "total")
    assert list(invoice.items.values_list(*fields)) == list(
        quote.items.values_list(*fields)
    )
    assert invoice.total == quote.total == Decimal("350.00")
    detail = staff_client.get(quote.get_absolute_url()).content.decode()
    assert (
        invoice.number in detail
        and reverse("quotes:update", args=[quote.pk]) not in detail
    )


def test_convert_twice_is_refused(staff_client, quote):
    url = reverse("quotes:convert", args=[quote.pk])
    staff_client.post(url)
    response = staff_client.post(url)
    assert response["Location"] == quote.get_absolute_url()
    assert any("already converted" in m for m in _messages(response))
    assert Invoice.objects.count() == 1


def test_converted_quote_cannot_be_edited(staff_client, quote):
    staff_client.post(reverse("quotes:convert", args=[quote.pk]))
    response = staff_client.get(reverse("quotes:update", args=[quote.pk]))
    assert response.status_code == 302 and any(
        "can no longer be edited" in m for m in _messages(response)
    )


def test_delete_and_cancel(staff_client, company):
    first, second = (
        QuoteFactory(company_profile=company),
        QuoteFactory(company_profile=company),
    )
    staff_client.post(reverse("quotes:status", args=[first.pk]), {"status": "canceled"})
    first.refresh_from_db()
    assert first.status == Quote.Status.CANCELED
    response = staff_client.post(reverse("quotes:delete", args=[second.pk]))
    assert response["Location"] == reverse("quotes:list")
    second.refresh_from_db()
    assert second.deleted_at is not None


def test_pdf_and_email_use_the_real_renderer_and_mail_backend(
    staff_client, quote, mailoutbox, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from pypdf import PdfReader

    response = staff_client.get(reverse("quotes:pdf", args=[quote.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert quote.number in text and "Design" in text and "Build" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("quotes:email", args=[quote.pk]))
    assert any("emailed" in m for m in _messages(response))
    [mail] = mailoutbox
    assert mail.to == [quote.client.email] and quote.number in mail.subject
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SENT


def _list_queries(staff_client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = staff_client.get(reverse("quotes:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_is_flat(staff_client, company):
    for _ in range(5):
        QuoteFactory(company_profile=company)
    with_5 = _list_queries(staff_client)
    for quote in [QuoteFactory(company_profile=company) for _ in range(45)][:10]:
        staff_client.post(
            reverse("quotes:convert", args=[quote.pk])
        )  # rows with an invoice link too
    assert _list_queries(staff_client) == with_5


def test_typed_terms_and_footer_win_over_profile_defaults(staff_client, company):
    company.default_terms = "Net 30"
    company.save()
    page = staff_client.get(reverse("quotes:create")).content.decode()
    assert "Net 30" in page  # the profile's terms are offered as a starting point
    data = quote_data(
        ClientFactory(), [{"name": "Plan", "unit_price": "1"}], terms="Half up front"
    )
    data["footer"] = "Thanks"
    staff_client.post(reverse("quotes:create"), data)
    quote = Quote.objects.get()
    assert (quote.terms, quote.footer) == ("Half up front", "Thanks")
