"""Wiring tests for the staff invoice pages: each page renders, each write goes
through its service, bad input shows a readable error and writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.invoices.models import Invoice, InvoiceEvent, InvoiceItem
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, TaxRateFactory, item_data
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db

DETAIL_PAGES = ["invoices:detail", "invoices:update", "invoices:pay"]
POST_ACTIONS = [
    "invoices:send",
    "invoices:void",
    "invoices:email",
    "invoices:delete",
    "invoices:pay",
]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _item(i: int, **fields) -> dict:
    base = {
        "name": "",
        "description": "",
        "quantity": "1",
        "unit_price": "0",
        "discount_type": "",
        "discount_value": "0",
        "tax_rate_1_source": "",
        "tax_rate": "0",
        "tax_rate_2_source": "",
        "tax_rate_2": "0",
    }
    base.update(fields)
    return {f"items-{i}-{name}": value for name, value in base.items()}


def _identity(invoice) -> dict:
    """An issued invoice's date and currency as posted back unchanged (issue 9: the
    form shows them read-only and the service refuses a change)."""
    return {
        "invoice_date": invoice.invoice_date.isoformat(),
        "due_date": invoice.due_date.isoformat(),
        "currency": invoice.currency,
    }


def invoice_data(client, items: list[dict], *, initial: int = 0, **header) -> dict:
    data = {
        "client": client.pk,
        "company_profile": "",
        "invoice_date": "2026-11-01",
        "due_date": "2026-12-01",
        "currency": "USD",
        "po_number": "",
        "summary": "",
        "discount_type": "",
        "discount_value": "0",
        "tax_percent": "0",
        "shipping": "0",
        "adjustment": "0",
        "terms": "",
        "notes": "",
        "footer": "",
        "message": "",
        "payment_methods": ["card", "ach"],
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        data.update(_item(i, **item))
    data.update(header)
    return data


@pytest.fixture
def invoice(company):
    return InvoiceFactory(
        company_profile=company, items=[item_data(name="Design", quantity=Decimal("2"))]
    )


def test_list_and_create_pages_render_for_staff(staff_client, invoice):
    for url in (reverse("invoices:list"), reverse("invoices:create")):
        response = staff_client.get(url)
        assert response.status_code == 200, url
    assert invoice.number in staff_client.get(reverse("invoices:list")).content.decode()


@pytest.mark.parametrize("name", DETAIL_PAGES)
def test_invoice_pages_render_for_staff(staff_client, invoice, name):
    response = staff_client.get(reverse(name, args=[invoice.pk]))
    assert response.status_code == 200
    assert invoice.number in response.content.decode()


def test_detail_shows_totals_items_link_and_trail(staff_client, invoice):
    staff_client.post(reverse("invoices:send", args=[invoice.pk]))
    PaymentFactory(invoice=invoice, amount=Decimal("40.00"), tip=Decimal("5.00"))
    html = staff_client.get(
        reverse("invoices:detail", args=[invoice.pk])
    ).content.decode()
    assert "Design" in html and "$100.00" in html  # the line amount and the total
    assert "$60.00" in html and "$5.00" in html  # balance and tips
    assert (
        f"{settings.REMIT_PUBLIC_BASE_URL.rstrip('/')}/invoice/{invoice.public_hash}"
        in html
    )
    assert "Payment received" in html and "Sent" in html
    assert 'data-copy-target="#hosted-link"' in html


@pytest.mark.parametrize("name", ["invoices:list", "invoices:create"])
def test_list_pages_redirect_anonymous(client, name):
    response = client.get(reverse(name))
    assert (
        response.status_code == 302
        and reverse("accounts:login") in response["Location"]
    )


@pytest.mark.parametrize("name", [*DETAIL_PAGES, "invoices:pdf", *POST_ACTIONS])
def test_invoice_pages_redirect_anonymous(client, invoice, name):
    method = client.post if name in POST_ACTIONS else client.get
    response = method(reverse(name, args=[invoice.pk]))
    assert (
        response.status_code == 302
        and reverse("accounts:login") in response["Location"]
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.DRAFT and invoice.deleted_at is None


def test_non_staff_user_is_refused(client, invoice):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(reverse("invoices:list")).status_code == 403
    assert client.post(reverse("invoices:send", args=[invoice.pk])).status_code == 403


def test_create_invoice_with_two_items_recomputes_totals(staff_client, company):
    customer = ClientFactory()
    tax = TaxRateFactory(percent=Decimal("10"))
    data = invoice_data(
        customer,
        [
            {
                "name": "Logo",
                "quantity": "2",
                "unit_price": "150.00",
                "tax_rate_1_source": str(tax.pk),
            },
            {
                "name": "Hosting",
                "quantity": "1",
                "unit_price": "20.50",
                "tax_rate": "0",
            },
        ],
        total="1.00",
        subtotal="1.00",
        balance="0",  # bogus totals: must be ignored
    )
    response = staff_client.post(reverse("invoices:create"), data)
    invoice = Invoice.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == invoice.get_absolute_url()
    )
    assert [i.name for i in invoice.items.all()] == ["Logo", "Hosting"]
    assert invoice.subtotal == Decimal("320.50")
    assert invoice.tax_total == Decimal("30.00")
    assert invoice.total == invoice.balance == Decimal("350.50")
    assert invoice.items.get(name="Logo").tax_rate_1_source == tax
    assert (
        invoice.payment_methods == ["card", "ach"]
        and invoice.status == Invoice.Status.DRAFT
    )
    assert invoice.company_profile == company


def test_blank_extra_rows_are_ignored_and_defaults_fill_in(staff_client, company):
    customer = ClientFactory(currency="EUR")
    data = invoice_data(
        customer,
        [{"name": "Audit", "unit_price": "10"}, {}, {}],
        currency="",
        invoice_date="",
        due_date="",
    )
    staff_client.post(reverse("invoices:create"), data)
    invoice = Invoice.objects.get()
    assert invoice.items.count() == 1 and invoice.currency == "EUR"
    assert invoice.due_date == invoice.invoice_date + dt.timedelta(
        days=company.payment_terms_days
    )


def test_edit_removes_one_item_and_adds_another(staff_client, company):
    invoice = InvoiceFactory(
        company_profile=company,
        sent=True,
        items=[
            item_data(name="Keep", unit_price=Decimal("10")),
            item_data(name="Drop", unit_price=Decimal("5")),
        ],
    )
    data = invoice_data(
        invoice.client,
        [
            {"name": "Keep", "quantity": "2", "unit_price": "10"},
            {"name": "Drop", "quantity": "2", "unit_price": "5", "DELETE": "on"},
            {"name": "New", "quantity": "3", "unit_price": "1.25"},
        ],
        initial=2,
        **_identity(invoice),
    )
    response = staff_client.post(reverse("invoices:update", args=[invoice.pk]), data)
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert [(i.name, i.total) for i in invoice.items.all()] == [
        ("Keep", Decimal("20.00")),
        ("New", Decimal("3.75")),
    ]
    assert invoice.total == Decimal("23.75")
    assert invoice.events.filter(kind=InvoiceEvent.Kind.UPDATED).exists()


def test_edit_page_lists_existing_items(staff_client, invoice):
    html = staff_client.get(
        reverse("invoices:update", args=[invoice.pk])
    ).content.decode()
    assert 'name="items-INITIAL_FORMS" value="1"' in html and 'value="Design"' in html
    assert "__prefix__" in html  # the empty row template for line-items.js


def test_send_void_and_delete(staff_client, company):
    invoice = InvoiceFactory(company_profile=company)
    response = staff_client.post(reverse("invoices:send", args=[invoice.pk]))
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT and invoice.sent_at is not None

    staff_client.post(
        reverse("invoices:void", args=[invoice.pk]), {"reason": "Ordered twice"}
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.VOID
    assert invoice.events.get(kind=InvoiceEvent.Kind.VOIDED).data == {
        "reason": "Ordered twice"
    }
    detail = staff_client.get(invoice.get_absolute_url()).content.decode()
    assert reverse("invoices:update", args=[invoice.pk]) not in detail

    assert reverse("invoices:delete", args=[invoice.pk]) not in detail
    # A sent invoice (void now) keeps its identity: deleting it is refused.
    response = staff_client.post(reverse("invoices:delete", args=[invoice.pk]))
    assert any("Only a draft can be deleted" in m for m in _messages(response))
    invoice.refresh_from_db()
    assert invoice.deleted_at is None

    draft = InvoiceFactory(company_profile=company)
    assert reverse("invoices:delete", args=[draft.pk]) in (
        staff_client.get(draft.get_absolute_url()).content.decode()
    )
    response = staff_client.post(reverse("invoices:delete", args=[draft.pk]))
    assert response["Location"] == reverse("invoices:list")
    draft.refresh_from_db()
    assert draft.deleted_at is not None
    assert staff_client.get(draft.get_absolute_url()).status_code == 404


def test_send_twice_shows_the_service_message(staff_client, company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    response = staff_client.post(reverse("invoices:send", args=[invoice.pk]))
    assert any("Only a draft can be sent" in m for m in _messages(response))


def test_state_changes_refuse_get(staff_client, invoice):
    for name in ("invoices:send", "invoices:void", "invoices:delete", "invoices:email"):
        assert staff_client.get(reverse(name, args=[invoice.pk])).status_code == 405
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.DRAFT


def _pay(staff_client, invoice, amount, **extra):
    data = {
        "amount": amount,
        "tip": "0",
        "method": "check",
        "paid_at": "2026-11-20",
        "reference": "1001",
        "note": "",
        **extra,
    }
    return staff_client.post(reverse("invoices:pay", args=[invoice.pk]), data)


def test_record_partial_then_full_payment(staff_client, company):
    invoice = InvoiceFactory(company_profile=company, sent=True)  # total 100.00
    response = _pay(staff_client, invoice, "40.00", tip="2.50")
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PARTIALLY_PAID
    assert (invoice.amount_paid, invoice.tip_total, invoice.balance) == (
        Decimal("40.00"),
        Decimal("2.50"),
        Decimal("60.00"),
    )
    payment = Payment.objects.get()
    assert (payment.method, payment.reference, payment.paid_at) == (
        "check",
        "1001",
        dt.date(2026, 11, 20),
    )

    _pay(staff_client, invoice, "60.00", method="cash")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.balance == 0
    assert Payment.objects.count() == 2


def test_double_submitted_payment_form_records_once(staff_client, company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    _pay(staff_client, invoice, "10.00", idempotency_key="staff-abc")
    _pay(staff_client, invoice, "10.00", idempotency_key="staff-abc")
    invoice.refresh_from_db()
    assert Payment.objects.count() == 1 and invoice.amount_paid == Decimal("10.00")


# --- bad input: a readable error, nothing written ----------------------------------


def _form_errors(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_negative_quantity_is_refused(staff_client, company):
    data = invoice_data(
        ClientFactory(), [{"name": "Oops", "quantity": "-2", "unit_price": "10"}]
    )
    html = _form_errors(staff_client.post(reverse("invoices:create"), data))
    assert "greater than or equal to 0" in html
    assert not Invoice.objects.exists()


def test_unknown_currency_is_refused_on_its_field(staff_client, company):
    data = invoice_data(
        ClientFactory(), [{"name": "Work", "unit_price": "10"}], currency="XYZ"
    )
    response = staff_client.post(reverse("invoices:create"), data)
    form = response.context["form"]
    assert "not a known currency code" in form.errors["currency"][0]
    assert not Invoice.objects.exists() and not InvoiceItem.objects.exists()


def test_due_date_before_invoice_date_is_refused(staff_client, company):
    data = invoice_data(
        ClientFactory(), [{"name": "Work", "unit_price": "10"}], due_date="2026-10-01"
    )
    response = staff_client.post(reverse("invoices:create"), data)
    assert response.context["form"].errors["due_date"] == [
        "The due date cannot be before the invoice date."
    ]
    assert not Invoice.objects.exists()


def test_invoice_needs_an_item(staff_client, company):
    data = invoice_data(ClientFactory(), [{}])
    html = _form_errors(staff_client.post(reverse("invoices:create"), data))
    assert "Add at least one item." in html
    assert not Invoice.objects.exists()


def test_item_without_name_is_refused(staff_client, company):
    data = invoice_data(ClientFactory(), [{"quantity": "3", "unit_price": "10"}])
    html = _form_errors(staff_client.post(reverse("invoices:create"), data))
    assert "Each item needs a name." in html
    assert not Invoice.objects.exists()


def test_payment_above_balance_is_refused(staff_client, company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    response = _pay(staff_client, invoice, "100.01")
    assert (
        "cannot be more than the balance due"
        in response.context["form"].errors["amount"][0]
    )
    invoice.refresh_from_db()
    assert not Payment.objects.exists() and invoice.amount_paid == 0


def test_payment_on_void_invoice_is_refused(staff_client, company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    staff_client.post(reverse("invoices:void", args=[invoice.pk]))
    assert (
        "This invoice is void"
        in staff_client.get(reverse("invoices:pay", args=[invoice.pk])).content.decode()
    )
    response = _pay(staff_client, invoice, "10.00")
    assert (
        "This invoice is void and can no longer be paid."
        in response.context["form"].non_field_errors()
    )
    assert not Payment.objects.exists()


def test_editing_a_paid_invoice_is_refused(staff_client, company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    url = reverse("invoices:update", args=[invoice.pk])
    response = staff_client.get(url)
    assert (
        response.status_code == 302
        and response["Location"] == invoice.get_absolute_url()
    )
    assert any("can no longer be edited" in m for m in _messages(response))
    data = invoice_data(invoice.client, [{"name": "Changed", "unit_price": "1"}])
    staff_client.post(url, data)
    invoice.refresh_from_db()
    assert invoice.total == Decimal("100.00") and list(
        invoice.items.values_list("name", flat=True)
    ) == ["Design work"]
    assert url not in staff_client.get(invoice.get_absolute_url()).content.decode()


def test_edit_below_paid_amount_is_refused(staff_client, company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=invoice, amount=Decimal("50.00"))
    data = invoice_data(
        invoice.client,
        [{"name": "Cheaper", "unit_price": "10"}],
        initial=1,
        **_identity(invoice),
    )
    response = staff_client.post(reverse("invoices:update", args=[invoice.pk]), data)
    assert "below what has been paid" in " ".join(
        response.context["form"].non_field_errors()
    )
    invoice.refresh_from_db()
    assert invoice.total == Decimal("100.00")


# --- email and PDF: the real renderer and Django's mail backend ----------------------


def test_email_sends_the_hosted_link_and_pdf_to_the_client(
    staff_client, invoice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("invoices:email", args=[invoice.pk]))
    # Queued, not "emailed": delivery happens in the task (a failure is recorded).
    assert any("queued to email" in m for m in _messages(response))
    [mail] = mailoutbox
    assert mail.to == [invoice.client.email]
    assert invoice.public_hash in mail.body
    [(filename, content, mimetype)] = mail.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF-")


def test_email_without_a_client_address_says_so_and_sends_nothing(
    staff_client, company, mailoutbox, django_capture_on_commit_callbacks
):
    invoice = InvoiceFactory(company_profile=company, client=ClientFactory(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("invoices:email", args=[invoice.pk]))
    assert response.status_code == 302 and _messages(response)
    assert not any("emailed" in m for m in _messages(response))
    assert mailoutbox == []


def test_pdf_download_is_the_rendered_invoice(staff_client, invoice):
    from io import BytesIO

    from pypdf import PdfReader

    response = staff_client.get(reverse("invoices:pdf", args=[invoice.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{invoice.number}.pdf"' in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert invoice.number in text and invoice.client.name in text


# --- the list: filters, and a query count that does not grow with the rows ------------


def test_list_filters_by_status_overdue_client_and_number(staff_client, company):
    today = timezone.localdate()
    late = InvoiceFactory(
        company_profile=company,
        sent=True,
        invoice_date=today - dt.timedelta(days=40),
        due_date=today - dt.timedelta(days=10),
    )
    current = InvoiceFactory(company_profile=company, sent=True, invoice_date=today)
    draft = InvoiceFactory(
        company_profile=company,
        invoice_date=today - dt.timedelta(days=40),
        due_date=today - dt.timedelta(days=10),
    )

    def numbers(**params):
        response = staff_client.get(reverse("invoices:list"), params)
        return {i.number for i in response.context["invoices"]}

    assert numbers(status="overdue") == {late.number}
    assert numbers(status="draft") == {draft.number}
    assert numbers(client=current.client.pk) == {current.number}
    assert numbers(q=late.number) == {late.number}
    assert numbers(date_from=today.isoformat()) == {current.number}
    assert "Overdue" in staff_client.get(reverse("invoices:list")).content.decode()


def _list_queries(staff_client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = staff_client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_is_flat(staff_client, company):
    customer = ClientFactory()
    for _ in range(5):
        InvoiceFactory(company_profile=company, client=customer, sent=True)
    url = reverse("invoices:list")
    with_5 = _list_queries(staff_client, url)
    for _ in range(45):
        InvoiceFactory(company_profile=company, client=ClientFactory())
    with_50 = _list_queries(staff_client, url)
    assert with_5 == with_50
    assert len(staff_client.get(url).context["invoices"]) == 25


# --- line-items.js in a real browser ------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_line_items_script_adds_and_removes_rows(
    chromium, live_server, staff_user, company, client
):
    customer = ClientFactory(name="Acme")
    client.force_login(staff_user)
    session = client.cookies["sessionid"].value
    script_errors: list[str] = []
    context = chromium.new_context()
    try:
        context.add_cookies(
            [{"name": "sessionid", "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        page.on("pageerror", lambda exc: script_errors.append(str(exc)))
        rows = page.locator("[data-item-row]:visible")

        page.goto(live_server.url + reverse("invoices:create"))
        page.select_option("#id_client", str(customer.pk))
        assert rows.count() == 3
        page.fill("#id_items-0-name", "One")
        page.fill("#id_items-0-unit_price", "10")
        page.fill("#id_items-1-name", "Two")
        page.click("text=Add an item")
        assert rows.count() == 4
        page.fill("#id_items-3-name", "Four")
        page.fill("#id_items-3-unit_price", "5")
        rows.nth(1).locator("text=Remove item").click()
        assert rows.count() == 3
        page.click("text=Create invoice")
        page.wait_for_url("**/invoices/*/")

        page.click("text=Edit")
        # A saved row: "Remove" ticks its DELETE box instead of dropping it.
        rows.nth(0).locator("text=Remove item").click()
        page.click("text=Add an item")
        page.fill("#id_items-3-name", "Five")
        page.fill("#id_items-3-unit_price", "2.50")
        page.click("text=Save changes")
        page.wait_for_url("**/invoices/*/")
    finally:
        context.close()
    invoice = Invoice.objects.get()
    assert [i.name for i in invoice.items.all()] == ["Four", "Five"]
    assert invoice.total == Decimal("7.50")
    assert not script_errors


def test_edit_page_keeps_a_chosen_tax_rate_even_when_retired(staff_client, company):
    tax = TaxRateFactory(name="Old VAT", percent=Decimal("20"))
    invoice = InvoiceFactory(
        company_profile=company, items=[item_data(tax_rate_1_source=tax)]
    )
    tax.is_active = False
    tax.save()
    TaxRateFactory(name="New VAT", percent=Decimal("21"))
    html = staff_client.get(reverse("invoices:update", args=[invoice.pk])).content
    assert f'<option value="{tax.pk}" selected>Old VAT (20%)</option>' in html.decode()
    assert "New VAT (21%)" in html.decode()


def test_whole_numbers_show_without_exponent(staff_client, company):
    invoice = InvoiceFactory(
        company_profile=company, items=[item_data(quantity=Decimal("10"))]
    )
    edit = staff_client.get(reverse("invoices:update", args=[invoice.pk])).content
    assert b'name="items-0-quantity" value="10"' in edit
    detail = staff_client.get(invoice.get_absolute_url()).content.decode()
    assert '<td class="num">10</td>' in detail and "E+" not in detail
