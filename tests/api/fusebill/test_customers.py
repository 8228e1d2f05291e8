"""Fusebill's customer resource (read-only, from Remit's clients), invoice summaries
with their status filter, HTML invoices, credit allocations, write-offs and roles."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.api.fusebill.statuses import invoice_status, invoice_statuses
from apps.clients.services import client_update
from apps.invoices.models import Invoice
from apps.invoices.services import invoice_void, invoice_write_off
from apps.payments.services import payment_apply_credit_memo
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory

from .helpers import BASE, body, error_of, fusebill_client, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.fusebill.urls")]


@pytest.fixture
def api(staff_user):
    return fusebill_client(staff_user)


def posted(company, **kwargs) -> Invoice:
    return InvoiceFactory(sent=True, company_profile=company, **kwargs)


# --- customers ------------------------------------------------------------------------


def test_customers_list_pages_filters_and_sorts_like_the_invoice_lists(api):
    first = ClientFactory(name="Acme", first_name="Jessica", reference="R-1")
    second = ClientFactory(name="Bolt", first_name="Tom")
    response = api.get(BASE + "customers", {"pageSize": 1})
    assert response.status_code == 200
    assert [row["id"] for row in body(response)] == [first.id]
    assert (response["X-Count"], response["X-MaxPageIndex"]) == ("2", "1")
    data = body(api.get(BASE + "Customers/", {"query": "firstName:jess*"}))
    assert [row["id"] for row in data] == [first.id]
    assert data[0]["companyName"] == "Acme" and data[0]["reference"] == "R-1"
    assert data[0]["uri"].endswith(f"/fusebill/v1/customers/{first.id}")
    ordered = api.get(
        BASE + "customers",
        {"sortOrder": "Descending", "sortExpression": "companyName"},
    )
    assert [row["id"] for row in body(ordered)] == [second.id, first.id]
    assert body(api.get(BASE + "customers", {"pageNumber": 5})) == []
    bad = api.get(BASE + "customers", {"query": "nope:1"})
    assert error_of(bad)[0] == 400


def test_customers_status_filter_matches_the_status_shown(api):
    active = ClientFactory()
    gone = ClientFactory()
    client_update(client=gone, is_active=False)
    cancelled = body(api.get(BASE + "customers", {"query": "status:Cancelled"}))
    assert [(row["id"], row["status"]) for row in cancelled] == [(gone.id, "Cancelled")]
    shown = body(api.get(BASE + "customers", {"query": "status:Active"}))
    assert [(row["id"], row["status"]) for row in shown] == [(active.id, "Active")]


def test_customer_detail_and_404(api):
    client = ClientFactory(name="Acme", email="a@acme.example", city="Paris")
    data = body(api.get(f"{BASE}customers/{client.id}"))
    assert (data["id"], data["primaryEmail"]) == (client.id, "a@acme.example")
    assert data["billingAddress"]["city"] == "Paris"
    assert data["createdTimestamp"]
    assert error_of(api.get(f"{BASE}customers/999999")) == (
        404,
        "Customer with id 999999 not found.",
    )


def test_customer_overview_shows_the_balances_in_its_own_currency(api, company):
    client = ClientFactory(currency="EUR")
    paid_some = posted(company, client=client)
    PaymentFactory(invoice=paid_some, amount=Decimal("30"))
    posted(company, client=client)
    InvoiceFactory(company_profile=company, client=client)  # a draft owes nothing
    data = body(api.get(f"{BASE}customers/{client.id}/Overview"))
    assert data["currency"] == "EUR"
    assert (data["arBalance"], data["totalPayments"]) == (170, 30)
    assert data["totalInvoiced"] == 200
    assert data["unallocatedPayments"] == 0
    empty = body(api.get(f"{BASE}customers/{ClientFactory().id}/overview"))
    assert empty["arBalance"] == 0


# --- invoice summaries ----------------------------------------------------------------


def test_invoice_summaries_filter_by_status_as_shown(api, company):
    today = timezone.localdate()
    due = posted(company)
    overdue = posted(
        company,
        invoice_date=today - dt.timedelta(days=60),
        due_date=today - dt.timedelta(days=30),
    )
    paid = posted(company)
    PaymentFactory(invoice=paid, amount=paid.total)
    written = posted(company)
    invoice_write_off(invoice=written)
    void = posted(company)
    invoice_void(invoice=void)
    InvoiceFactory(company_profile=company)  # a draft is no summary
    everything = body(api.get(BASE + "invoiceSummaries"))
    shown = {row["id"]: row["invoiceStatus"] for row in everything}
    assert shown == {
        due.id: "Due",
        overdue.id: "Overdue",
        paid.id: "Paid",
        written.id: "WrittenOff",
        void.id: "Void",
    }
    for word in ("Due", "Overdue", "Paid", "WrittenOff", "Void"):
        rows = body(
            api.get(BASE + "invoiceSummaries", {"query": f"invoiceStatus:{word}"})
        )
        assert [row["invoiceStatus"] for row in rows] == [word], word
    both = api.get(BASE + "invoiceSummaries", {"query": "invoiceStatus:due,overdue"})
    assert {row["id"] for row in body(both)} == {due.id, overdue.id}
    assert both["X-Count"] == "2" and both["X-MaxCount"] == "5"
    assert (
        body(api.get(BASE + "invoiceSummaries", {"query": "invoiceStatus:Disputed"}))
        == []
    )
    row = next(r for r in everything if r["id"] == paid.id)
    assert (row["invoiceAmount"], row["totalPayments"], row["outstandingBalance"]) == (
        100,
        100,
        0,
    )
    assert (
        error_of(api.get(BASE + "invoiceSummaries", {"query": "invoiceStatus:Late"}))[0]
        == 400
    )


def test_invoice_statuses_filter_is_the_rendering_rule(company):
    """`invoice_statuses` (filter) and `invoice_status` (render) agree on every
    posted invoice, by name."""
    today = timezone.localdate()
    posted(company)
    posted(
        company,
        invoice_date=today - dt.timedelta(days=9),
        due_date=today - dt.timedelta(days=1),
    )
    invoice_write_off(invoice=posted(company), amount=Decimal("40"))
    invoice_write_off(invoice=posted(company))
    invoice_void(invoice=posted(company))
    PaymentFactory(invoice=posted(company), amount=Decimal("100"))
    qs = Invoice.objects.exclude(status=Invoice.Status.DRAFT)
    for word, condition in invoice_statuses(today).items():
        matched = set(qs.filter(condition).values_list("pk", flat=True))
        rendered = {inv.pk for inv in qs if invoice_status(inv, today).lower() == word}
        assert matched == rendered, word


# --- HTML, credit allocations ---------------------------------------------------------


def test_invoice_html_is_the_document_as_a_json_string(api, company):
    invoice = posted(company)
    response = api.get(
        f"{BASE}Invoices/html/{invoice.id}", {"showTrackedItems": "false"}
    )
    html = body(response)
    assert isinstance(html, str) and invoice.number in html
    draft = InvoiceFactory(company_profile=company)
    assert error_of(api.get(f"{BASE}invoices/HTML/{draft.id}"))[0] == 404


def test_credit_allocations_list_credit_memos_applied(api, company):
    invoice = posted(company)
    memo = posted(company, client=invoice.client, type=Invoice.Type.CREDIT_MEMO)
    applied = payment_apply_credit_memo(
        invoice=invoice, credit_memo=memo, amount=Decimal("30")
    )
    PaymentFactory(invoice=invoice, amount=Decimal("20"))
    data = body(api.get(f"{BASE}invoices/{invoice.id}/creditAllocations"))
    assert [(r["id"], r["creditId"], r["amount"]) for r in data] == [
        (applied.id, memo.id, 30)
    ]
    payments = body(api.get(f"{BASE}invoices/{invoice.id}/paymentAllocations"))
    assert [r["amount"] for r in payments] == [20]


# --- write-off and roles --------------------------------------------------------------


def test_write_off_calls_the_domain_and_answers_the_invoice(api, company):
    invoice = posted(company)
    response = post_json(
        api, "invoices/writeoff", {"invoiceId": invoice.id, "amount": 40.5}
    )
    assert response.status_code == 200
    data = body(response)
    assert (data["totalWriteoffs"], data["outstandingBalance"]) == (
        Decimal("40.5"),
        Decimal("59.5"),
    )
    rest = post_json(api, "Invoices/WriteOff/", {"invoiceId": str(invoice.id)})
    assert body(rest)["paymentSchedules"][0]["status"] == "WrittenOff"
    invoice.refresh_from_db()
    assert (invoice.written_off, invoice.balance) == (Decimal("100"), Decimal("0"))
    # The domain refuses a second write-off: a 409 in the envelope.
    assert (
        error_of(post_json(api, "invoices/writeoff", {"invoiceId": invoice.id}))[0]
        == 409
    )


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"amount": 1},
        {"invoiceId": True},
        {"invoiceId": "²"},
        {"invoiceId": 1, "amount": "x"},
        {"invoiceId": 1, "amount": "1e30"},
    ],
)
def test_write_off_bad_bodies_are_400(api, company, payload):
    posted(company)
    assert error_of(post_json(api, "invoices/writeoff", payload))[0] == 400


def test_write_off_too_much_is_409_and_unknown_invoice_404(api, company):
    invoice = posted(company)
    too_much = post_json(
        api, "invoices/writeoff", {"invoiceId": invoice.id, "amount": 101}
    )
    assert error_of(too_much)[0] == 409
    assert (
        error_of(post_json(api, "invoices/writeoff", {"invoiceId": 987654}))[0] == 404
    )
    invoice.refresh_from_db()
    assert invoice.written_off == 0


def test_writes_respect_roles_and_read_only_keys(viewer_user, staff_user, company):
    invoice = posted(company)
    for api in (
        fusebill_client(viewer_user),
        fusebill_client(staff_user, read_only=True),
    ):
        response = post_json(api, "invoices/writeoff", {"invoiceId": invoice.id})
        assert error_of(response)[0] == 403
        assert api.get(f"{BASE}customers/{invoice.client_id}").status_code == 200
    invoice.refresh_from_db()
    assert invoice.written_off == 0


def test_write_off_replays_with_the_same_idempotency_key(api, company):
    invoice = posted(company)
    payload = {"invoiceId": invoice.id, "amount": 10}
    first = post_json(api, "invoices/writeoff", payload, HTTP_IDEMPOTENCY_KEY="k-1")
    again = post_json(api, "invoices/writeoff", payload, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    invoice.refresh_from_db()
    assert invoice.written_off == Decimal("10")
