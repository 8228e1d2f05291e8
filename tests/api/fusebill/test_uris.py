"""Every endpoint Fusebill SDKs call answers, and every `uri` in every Fusebill answer
resolves: walked from the answers themselves and fetched, each must be 200."""

from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from apps.invoices.models import Invoice
from apps.payments.services import payment_apply_credit_memo
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

from .helpers import BASE, body, fusebill_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.fusebill.urls")]


@pytest.fixture
def books(company):
    client = ClientFactory(city="Lyon", address_line_1="1 rue")
    invoice = InvoiceFactory(
        company_profile=company,
        client=client,
        sent=True,
        items=[item_data(group="Hardware"), item_data()],
    )
    payment = PaymentFactory(invoice=invoice, amount=Decimal("20"))
    memo = InvoiceFactory(
        company_profile=company, client=client, sent=True, type=Invoice.Type.CREDIT_MEMO
    )
    payment_apply_credit_memo(invoice=invoice, credit_memo=memo, amount=Decimal("5"))
    draft = InvoiceFactory(company_profile=company, client=client)
    return {"client": client, "invoice": invoice, "payment": payment, "draft": draft}


def endpoints(books) -> list[str]:
    c, i = books["client"].id, books["invoice"].id
    p, d = books["payment"].id, books["draft"].id
    return [
        "Invoices",
        "Invoices/?pageSize=10",
        f"Invoices/{i}",
        f"Invoices/{i}?groupCharges=true&showTrackedItems=true",
        f"invoices/{i}/paymentAllocations",
        f"invoices/{i}/creditAllocations",
        f"Invoices/html/{i}",
        f"Customers/{c}/Invoices",
        "invoiceSummaries?query=invoiceStatus:Due",
        "customers",
        f"customers/{c}",
        f"customers/{c}/overview",
        f"customers/{c}/DraftInvoices",
        f"draftinvoices/{d}",
        f"Payments/{p}",
    ]


def uris(data) -> set[str]:
    """Every string `uri` anywhere in an answer."""
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "uri" and isinstance(value, str):
                found.add(value)
            else:
                found |= uris(value)
    elif isinstance(data, list):
        for value in data:
            found |= uris(value)
    return found


def test_every_endpoint_answers_json(staff_user, books):
    api = fusebill_client(staff_user)
    for path in endpoints(books):
        response = api.get(BASE + path)
        assert response.status_code == 200, path
        body(response)  # JSON, whatever the endpoint
    for path in (
        f"Invoices/pdf/{books['invoice'].id}",
        f"draftinvoices/pdf/{books['draft'].id}",
    ):
        response = api.get(BASE + path)
        assert response.status_code == 200, path
        assert response.content.startswith(b"%PDF-")


def test_every_uri_in_every_answer_resolves(staff_user, books):
    api = fusebill_client(staff_user)
    seen = set()
    for path in endpoints(books):
        seen |= uris(body(api.get(BASE + path)))
    kinds = {urlsplit(uri).path.split("/")[3].lower() for uri in seen}
    # invoice, customer, payment and draft links all appear, and the walk found them
    assert {"invoices", "customers", "payments", "draftinvoices"} <= kinds, kinds
    for uri in sorted(seen):
        parts = urlsplit(uri)
        assert parts.path.startswith(BASE), uri
        response = api.get(parts.path)
        assert response.status_code == 200, uri
        assert body(response)["id"] in (
            books["invoice"].id,
            books["client"].id,
            books["payment"].id,
            books["draft"].id,
        ), uri


@pytest.mark.urls("config.urls")
def test_openapi_documents_every_new_endpoint_with_its_key_scheme(client, staff_user):
    client.force_login(staff_user)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path, method in (
        ("/fusebill/v1/customers", "get"),
        ("/fusebill/v1/customers/{customer_id}", "get"),
        ("/fusebill/v1/customers/{customer_id}/overview", "get"),
        ("/fusebill/v1/customers/{customer_id}/DraftInvoices", "get"),
        ("/fusebill/v1/invoiceSummaries", "get"),
        ("/fusebill/v1/Invoices/html/{invoice_id}", "get"),
        ("/fusebill/v1/invoices/{invoice_id}/creditAllocations", "get"),
        ("/fusebill/v1/invoices/writeoff", "post"),
        ("/fusebill/v1/Invoices", "post"),
        ("/fusebill/v1/draftinvoices/{draft_id}", "get"),
        ("/fusebill/v1/draftinvoices/pdf/{draft_id}", "get"),
        ("/fusebill/v1/Payments/{payment_id}", "get"),
    ):
        operation = paths[path][method]
        assert operation["security"] == [{"fusebillApiKey": []}], path
        assert {"200", "401", "404"} <= set(operation["responses"]), path
    for path in (
        "/fluidpay/api/transaction/{transaction_id}",
        "/fluidpay/api/transaction/search",
    ):
        assert path in paths
    summaries = paths["/fusebill/v1/invoiceSummaries"]["get"]
    assert "invoiceStatus" in next(
        p["description"] for p in summaries["parameters"] if p["name"] == "query"
    )
