"""Fusebill draft invoices: Remit's drafts, shown only by the draft endpoints, and
posted through `POST Invoices?draftInvoiceId=` (the domain's `invoice_status_set`)."""

from decimal import Decimal

import pytest

from apps.invoices.models import Invoice, InvoiceEvent
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data

from .helpers import BASE, body, error_of, fusebill_client, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.fusebill.urls")]


@pytest.fixture
def api(staff_user):
    return fusebill_client(staff_user)


def test_customer_draft_invoices_list_only_drafts(api, company):
    client = ClientFactory()
    draft = InvoiceFactory(company_profile=company, client=client)
    InvoiceFactory(company_profile=company, client=client, sent=True)
    InvoiceFactory(company_profile=company)  # another customer's draft
    response = api.get(f"{BASE}customers/{client.id}/DraftInvoices")
    assert response.status_code == 200
    data = body(response)
    assert [(row["id"], row["status"]) for row in data] == [(draft.id, "Ready")]
    assert data[0]["pendingCharges"] == 100 and "draftCharges" not in data[0]
    assert response["X-Count"] == "1"
    ready = api.get(
        f"{BASE}Customers/{client.id}/draftinvoices", {"query": "status:Ready"}
    )
    assert [row["id"] for row in body(ready)] == [draft.id]
    assert (
        body(
            api.get(
                f"{BASE}customers/{client.id}/DraftInvoices",
                {"query": "status:Projected"},
            )
        )
        == []
    )
    assert error_of(api.get(f"{BASE}customers/999999/DraftInvoices"))[0] == 404


def test_draft_detail_has_draft_charges_and_drafts_stay_out_of_invoices(api, company):
    draft = InvoiceFactory(
        company_profile=company,
        items=[
            item_data(name="Setup", group="Onboarding"),
            item_data(name="Free", unit_price=Decimal("0")),
        ],
    )
    data = body(api.get(f"{BASE}draftinvoices/{draft.id}"))
    assert data["status"] == "Ready" and data["total"] == draft.total
    assert [c["name"] for c in data["draftCharges"]] == ["Setup", "Free"]
    assert data["uri"].endswith(f"/fusebill/v1/draftinvoices/{draft.id}")
    grouped = body(api.get(f"{BASE}DraftInvoices/{draft.id}", {"groupCharges": "true"}))
    assert [g["name"] for g in grouped["chargeGroups"]] == ["Onboarding", "Charges"]
    # The posted-invoice endpoints still do not know it.
    assert error_of(api.get(f"{BASE}Invoices/{draft.id}"))[0] == 404
    assert body(api.get(BASE + "Invoices")) == []
    assert body(api.get(BASE + "invoiceSummaries")) == []
    # And the draft endpoints do not show posted invoices.
    sent = InvoiceFactory(company_profile=company, sent=True)
    assert error_of(api.get(f"{BASE}draftinvoices/{sent.id}")) == (
        404,
        f"Draft invoice with id {sent.id} not found.",
    )


def test_draft_pdf(api, company):
    draft = InvoiceFactory(company_profile=company)
    response = api.get(
        f"{BASE}draftInvoices/pdf/{draft.id}", {"showTrackedItems": "false"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT  # reading a draft does not post it


def test_posting_a_draft_sends_it_and_answers_the_invoice(api, company):
    draft = InvoiceFactory(company_profile=company)
    response = post_json(api, f"Invoices?draftInvoiceId={draft.id}")
    assert response.status_code == 200
    data = body(response)
    assert data["id"] == draft.id and data["postedTimestamp"]
    assert data["paymentSchedules"][0]["status"] == "Due"
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.SENT
    assert draft.events.filter(kind=InvoiceEvent.Kind.SENT).count() == 1
    # Now a posted invoice: no longer a draft.
    assert error_of(api.get(f"{BASE}draftinvoices/{draft.id}"))[0] == 404
    assert [row["id"] for row in body(api.get(BASE + "Invoices"))] == [draft.id]
    again = post_json(api, f"invoices/?draftInvoiceId={draft.id}", {})
    assert error_of(again)[0] == 404


@pytest.mark.parametrize(
    "query, payload",
    [
        ("", None),
        ("?draftInvoiceId=abc", None),
        ("?draftInvoiceId=²", None),
        ("?draftInvoiceId=99999999999999999999999", None),
        ("?draftInvoiceId={id}", {"draftChargeIds": [1]}),
        ("?draftInvoiceId={id}", {"preview": True}),
        ("?draftInvoiceId={id}", [1]),
    ],
)
def test_posting_a_draft_bad_requests_are_400(api, company, query, payload):
    draft = InvoiceFactory(company_profile=company)
    response = post_json(api, "Invoices" + query.format(id=draft.id), payload)
    assert error_of(response)[0] == 400
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT


def test_posting_a_draft_needs_write(viewer_user, staff_user, company):
    draft = InvoiceFactory(company_profile=company)
    for api in (
        fusebill_client(viewer_user),
        fusebill_client(staff_user, read_only=True),
    ):
        assert error_of(post_json(api, f"Invoices?draftInvoiceId={draft.id}"))[0] == 403
        assert api.get(f"{BASE}draftinvoices/{draft.id}").status_code == 200
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT
