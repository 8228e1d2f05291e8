from decimal import Decimal

import pytest
from django.utils import timezone

from apps.invoices.models import Invoice, InvoiceEvent
from apps.invoices.services import invoice_void
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

from .helpers import payable_invoice, url

pytestmark = pytest.mark.django_db


def test_page_renders_the_invoice_for_the_customer(client, company):
    invoice = payable_invoice(
        company_profile=company,
        items=[item_data(name="Logo design", tax_rate=Decimal("10"))],
        terms="Net 30 days",
    )
    response = client.get(url("detail", invoice))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        company.name,
        "12 Harbour Road",
        invoice.client.name,
        invoice.number,
        "Logo design",
        "$110.00",
        "Awaiting payment",
        "Download PDF",
        "Balance due",
        "Paid so far",
        "Net 30 days",
    ):
        assert text in html, text
    assert 'name="card_number"' in html
    assert url("pdf", invoice) in html


def test_first_customer_view_marks_viewed_once(client):
    invoice = payable_invoice()
    client.get(url("detail", invoice))
    client.get(url("detail", invoice))
    invoice.refresh_from_db()
    assert invoice.viewed_at is not None
    assert invoice.events.filter(kind=InvoiceEvent.Kind.VIEWED).count() == 1


def test_head_request_does_not_mark_viewed(client):
    invoice = payable_invoice()
    assert client.head(url("detail", invoice)).status_code == 200
    invoice.refresh_from_db()
    assert invoice.viewed_at is None


def test_staff_view_does_not_mark_viewed(staff_client):
    invoice = payable_invoice()
    assert staff_client.get(url("detail", invoice)).status_code == 200
    invoice.refresh_from_db()
    assert invoice.viewed_at is None
    assert not invoice.events.filter(kind=InvoiceEvent.Kind.VIEWED).exists()


def test_draft_deleted_and_unknown_answer_the_same_404(client):
    draft = InvoiceFactory()
    deleted = payable_invoice()
    # Only drafts can be deleted now; a sent invoice deleted before that rule:
    Invoice.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    answers = [
        client.get(url("detail", draft)),
        client.get(url("detail", deleted)),
        client.get("/invoice/" + "A" * 32),
        client.get("/invoice/short"),
    ]
    assert {r.status_code for r in answers} == {404}
    assert len({r.content for r in answers}) == 1
    assert client.get(url("pdf", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.viewed_at is None


def test_void_invoice_says_it_is_no_longer_payable(client):
    invoice = payable_invoice()
    invoice_void(invoice=invoice)
    html = client.get(url("detail", invoice)).content.decode()
    assert "no longer payable" in html
    assert "VOID" in html
    assert 'id="doc-balance">None: void<' in html  # no amount that reads as owed
    assert 'id="pay-form"' not in html
    assert "pay-by-mail" not in html


def test_paid_invoice_shows_its_receipt_and_no_form(client):
    invoice = payable_invoice()
    PaymentFactory(invoice=invoice, amount=Decimal("100.00"), reference="CHK-991")
    html = client.get(url("detail", invoice)).content.decode()
    assert "paid in full" in html and "Receipt" in html and "CHK-991" in html
    assert 'id="pay-form"' not in html


def test_only_the_invoice_methods_are_offered(client):
    invoice = payable_invoice(payment_methods=["ach"])
    html = client.get(url("detail", invoice)).content.decode()
    assert 'name="routing_number"' in html
    assert 'name="card_number"' not in html
    assert "I will pay by mail" not in html


def test_user_text_is_escaped_on_the_page(client):
    evil = "<script>alert(1)</script>"
    invoice = payable_invoice(
        client=ClientFactory(name=evil), items=[item_data(name=evil)], notes=evil
    )
    html = client.get(url("detail", invoice)).content.decode()
    assert evil not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_public_headers_are_set(client):
    invoice = payable_invoice()
    for response in (
        client.get(url("detail", invoice)),
        client.get("/invoice/" + "B" * 32),
        client.get(url("pdf", invoice)),
    ):
        assert response["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response["X-Robots-Tag"]
        csp = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "frame-ancestors 'none'" in csp
            and "unsafe-inline" not in csp
        )


def test_page_has_no_inline_script_or_style(client):
    html = client.get(
        url("detail", payable_invoice(allow_tipping=True))
    ).content.decode()
    assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_pdf_download(client):
    invoice = payable_invoice()
    response = client.get(url("pdf", invoice))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_page_query_count_stays_flat(client, django_assert_num_queries):
    """A returning customer's view: the invoice with client and profile, its items,
    its payments. Three queries, whatever the number of lines or payments."""
    invoice = payable_invoice(items=[item_data(name=f"Line {i}") for i in range(30)])
    PaymentFactory(invoice=invoice, amount=Decimal("1.00"))
    client.get(url("detail", invoice))  # first view writes the viewed mark
    with django_assert_num_queries(3):
        client.get(url("detail", invoice))
    for _ in range(3):
        PaymentFactory(invoice=invoice, amount=Decimal("1.00"))
    with django_assert_num_queries(3):
        client.get(url("detail", invoice))


def test_a_repeated_view_writes_nothing(client, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    invoice = payable_invoice()
    client.get(url("detail", invoice))  # the first view writes
    with CaptureQueriesContext(connection) as queries:
        client.get(url("detail", invoice))
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    assert writes == []
    assert invoice.events.filter(kind=InvoiceEvent.Kind.VIEWED).count() == 1


def test_page_payments_are_what_each_payment_selector_says(client):
    """The hosted page reads its payments in one query; each set is still the one
    payment_list_for_invoice / payment_list_unsettled_for_invoice /
    payment_unsettled_total define."""
    from apps.payments.models import Payment
    from apps.payments.selectors import (
        payment_hosted_page_payments,
        payment_list_for_invoice,
        payment_list_unsettled_for_invoice,
        payment_unsettled_total,
    )

    invoice = payable_invoice(items=[item_data(unit_price=Decimal("500.00"))])
    states = [
        ("10.00", Payment.Status.SUCCEEDED, False),
        ("20.00", Payment.Status.PROCESSING, False),
        ("30.00", Payment.Status.PENDING, False),
        ("40.00", Payment.Status.FAILED, False),
        ("50.00", Payment.Status.PROCESSING, True),  # Stripe's form not confirmed
    ]
    for amount, status, awaiting in states:
        payment = PaymentFactory(invoice=invoice, amount=Decimal(amount))
        Payment.objects.filter(pk=payment.pk).update(
            status=status, awaiting_payer=awaiting
        )
    shown = payment_hosted_page_payments(invoice=invoice)
    assert shown.receipts == list(payment_list_for_invoice(invoice=invoice))
    assert {p.pk for p in shown.unsettled} == {
        p.pk for p in payment_list_unsettled_for_invoice(invoice=invoice)
    }
    assert shown.held == payment_unsettled_total(invoice=invoice) == Decimal("50.00")


def test_every_user_field_is_escaped_on_the_page(client):
    from tests.factories.companies import CompanyProfileFactory

    evil = '<img src=x onerror="alert(1)">'
    company = CompanyProfileFactory(name="Co " + evil, address="Road " + evil)
    invoice = payable_invoice(
        company_profile=company,
        client=ClientFactory(name="Client " + evil, address_line_1="Lane " + evil),
        items=[item_data(name="Item " + evil, description="Desc " + evil)],
        terms="Terms " + evil,
        notes="Notes " + evil,
        footer="Footer " + evil,
        summary="Summary " + evil,
        message="Message " + evil,
        po_number="<9>",
    )
    html = client.get(url("detail", invoice)).content.decode()
    assert "<img" not in html and "<9>" not in html
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    for label in (
        "Co",
        "Road",
        "Client",
        "Lane",
        "Item",
        "Desc",
        "Terms",
        "Notes",
        "Footer",
        "Summary",
        "Message",
    ):
        assert f"{label} {escaped}" in html, label


def test_line_amounts_add_up_to_the_subtotal_with_discounts_in_the_totals(client):
    invoice = InvoiceFactory(
        sent=True,
        discount_type="flat",
        discount_value=Decimal("100.00"),
        items=[
            item_data(
                name="Key visual", quantity=Decimal("1"), unit_price=Decimal("1200.00")
            ),
            item_data(
                name="Social set",
                quantity=Decimal("10"),
                unit_price=Decimal("45.00"),
                discount_type="percent",
                discount_value=Decimal("10"),
            ),
        ],
    )
    html = client.get(url("detail", invoice)).content.decode()
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "$1,200.00</td>\n    </tr>" in rows  # 1 x 1,200.00, before the discount
    assert "$450.00</td>\n    </tr>" in rows and "10% off" in rows
    assert invoice.subtotal == Decimal("1650.00")
    assert invoice.discount_total == Decimal("145.00")  # 45.00 on the line + 100.00
    assert "-$145.00" in html and "$1,650.00" in html
