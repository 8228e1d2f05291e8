from decimal import Decimal

import pytest

from apps.invoices.models import Invoice, TaxRate
from apps.payments.models import Payment
from apps.quotes.models import Quote
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def test_invoice_store_by_client_name_and_defaults(api, profile):
    client = ClientFactory(name="Acme Services")
    response = api.post(
        "/api/v1/invoices/store",
        {
            "client_name": "Acme Services",
            "invoice_date": "2024-03-01",
            "summary": "March retainer",
        },
        format="json",
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["status"] == "draft" and data["client_id"] == client.pk
    assert data["invoice_date"] == "2024-03-01T00:00:00.000000Z"
    assert data["due_at"] == "2024-03-31T00:00:00.000000Z"
    assert "items" not in data  # store answers the bare row


def test_invoice_store_unknown_client(api, profile):
    response = api.post(
        "/api/v1/invoices/store", {"client_name": "Nobody"}, format="json"
    )
    assert response.status_code == 422 and response.json() == {
        "errors": [["Client not found"]]
    }
    response = api.post("/api/v1/invoices/store", {"client_id": 9999}, format="json")
    assert response.status_code == 422 and "client_id" in response.json()["errors"]
    response = api.post(
        "/api/v1/invoices/store",
        {
            "client_id": ClientFactory().pk,
            "invoice_date": "2024-03-05",
            "due_at": "2024-03-01",
        },
        format="json",
    )
    assert response.status_code == 422 and "due_at" in response.json()["errors"]
    assert not Invoice.objects.exists()


def test_invoice_item_add_returns_the_whole_invoice(api, profile):
    invoice = InvoiceFactory(company_profile=profile, items=[])
    tax = TaxRate.objects.create(name="VAT", percent=Decimal("10"))
    response = api.put(
        "/api/v1/invoices/items/add",
        {
            "invoice_id": invoice.pk,
            "name": "Consulting",
            "quantity": 10,
            "price": "120",
            "tax_rate_id": tax.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    data = response.json()["data"]
    item = data["items"][0]
    assert (item["quantity"], item["price"], item["tax_rate_id"]) == (
        "10.0000",
        "120.0000",
        tax.pk,
    )
    assert (
        item["amount"]["subtotal"] == "1200.0000"
        and item["amount"]["tax"] == "120.0000"
    )
    assert (
        data["amount"]["total"] == "1320.0000"
        and data["amount"]["balance"] == "1320.0000"
    )
    assert (
        data["currency"]["code"] == "USD" and data["client"]["id"] == invoice.client_id
    )
    bad = api.put(
        "/api/v1/invoices/items/add",
        {"invoice_id": invoice.pk, "name": "X"},
        format="json",
    )
    assert bad.status_code == 422 and {"quantity", "price"} <= set(bad.json()["errors"])


def test_invoice_update_status_sent_and_canceled(api, profile):
    invoice = InvoiceFactory(company_profile=profile)
    response = api.put(
        f"/api/v1/invoices/{invoice.pk}",
        {"status": "sent", "summary": "Now"},
        format="json",
    )
    assert response.status_code == 200
    assert (
        response.json()["data"]["status"] == "sent"
        and response.json()["data"]["summary"] == "Now"
    )
    response = api.put(
        f"/api/v1/invoices/{invoice.pk}", {"status": "canceled"}, format="json"
    )
    assert response.json()["data"]["status"] == "canceled"
    assert Invoice.objects.get().status == Invoice.Status.VOID
    response = api.put(
        f"/api/v1/invoices/{invoice.pk}", {"summary": "again"}, format="json"
    )
    assert response.status_code == 400 and response.json()["success"] is False


def test_invoice_update_status_sent_reopens_a_canceled_invoice_with_its_edit(
    api, profile
):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    api.put(f"/api/v1/invoices/{invoice.pk}", {"status": "canceled"}, format="json")
    response = api.put(
        f"/api/v1/invoices/{invoice.pk}",
        {"status": "sent", "summary": "Back on"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["data"]["status"], response.json()["data"]["summary"]) == (
        "sent",
        "Back on",
    )
    assert Invoice.objects.get().status == Invoice.Status.SENT


def test_invoice_update_status_refusals_are_422_on_status_and_change_nothing(
    api, profile
):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    response = api.put(
        f"/api/v1/invoices/{invoice.pk}",
        {"status": "draft", "summary": "Not saved"},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["status"] == [
        "A sent invoice cannot go back to draft; void it, or edit it as it is."
    ]
    invoice.refresh_from_db()
    assert (invoice.status, invoice.summary) == (Invoice.Status.SENT, "")


def test_invoice_update_status_sent_on_a_paid_invoice_changes_nothing(api, profile):
    """FusionInvoice shows a paid invoice as sent: sending that word back is no move."""
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    response = api.put(
        f"/api/v1/invoices/{invoice.pk}", {"status": "sent"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Invoice.objects.get().status == Invoice.Status.PAID


def test_invoice_delete(api, profile):
    invoice = InvoiceFactory(company_profile=profile)
    assert (
        api.delete(f"/api/v1/invoices/{invoice.pk}").json()["message"]
        == "Record successfully deleted"
    )
    assert api.get(f"/api/v1/invoices/{invoice.pk}").status_code == 400


def test_invoice_delete_of_a_sent_invoice_is_refused_and_it_stays(api, profile):
    """An issued invoice keeps its identity: FusionInvoice's 400 exception envelope,
    the invoice still there and sent (void it with status canceled instead)."""
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    response = api.delete(f"/api/v1/invoices/{invoice.pk}")
    assert response.status_code == 400
    assert response.json()["success"] is False
    assert "Only a draft can be deleted" in response.json()["message"]
    invoice.refresh_from_db()
    assert (invoice.deleted_at, invoice.status) == (None, "sent")
    assert api.get(f"/api/v1/invoices/{invoice.pk}").status_code == 200


def test_invoice_email(api, profile, mailoutbox, django_capture_on_commit_callbacks):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/invoices/email",
            {"id": invoice.pk, "to": "ap@example.com"},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "success": True,
        "message": "Invoice email queued successfully",
    }
    assert len(mailoutbox) == 1


def test_invoice_pdf_marks_a_draft_sent(api, profile):
    invoice = InvoiceFactory(company_profile=profile)
    response = api.get(f"/api/v1/invoices/{invoice.pk}/pdf")
    invoice.refresh_from_db()
    assert response.status_code == 200
    assert response[
        "Content-Type"
    ] == "application/pdf" and response.content.startswith(b"%PDF-")
    assert invoice.status == Invoice.Status.SENT


def test_invoice_custom_fields(api, profile):
    from apps.core.models import CustomField

    CustomField.objects.create(
        module="invoices", column_name="column_1", label="PO", field_type="integer"
    )
    invoice = InvoiceFactory(company_profile=profile)
    ok = api.patch(
        "/api/v1/invoices/custom-fields/add",
        {"invoice_id": invoice.pk, "column_1": "42"},
        format="json",
    )
    assert ok.status_code == 200
    bad = api.patch(
        "/api/v1/invoices/custom-fields/add",
        {"invoice_id": invoice.pk, "column_1": "x"},
        format="json",
    )
    assert bad.status_code == 422 and "custom.column_1" in bad.json()["errors"]
    listed = api.get("/api/v1/invoices?include_custom_fields=1").json()["data"][0]
    assert listed["custom"]["column_1"] == "42"


def test_apply_credit_memo(api, profile):
    client = ClientFactory()
    invoice = InvoiceFactory(
        client=client, company_profile=profile, sent=True
    )  # 100.00
    memo = InvoiceFactory(
        client=client,
        company_profile=profile,
        sent=True,
        type="credit_memo",
        items=[item_data(quantity=Decimal("1"), unit_price=Decimal("30"))],
    )
    body = {"invoice_id": invoice.pk, "credit_memo_id": memo.pk, "amount": "25"}
    response = api.post("/api/v1/invoices/apply/credit-memo", body, format="json")
    assert response.json() == {
        "success": True,
        "message": "Record successfully updated",
    }
    invoice.refresh_from_db()
    memo.refresh_from_db()
    assert (invoice.balance, memo.balance) == (Decimal("75.0000"), Decimal("5.0000"))
    payment = Payment.objects.get()
    assert payment.method == "credit_memo" and payment.credit_memo_id == memo.pk
    too_much = api.post(
        "/api/v1/invoices/apply/credit-memo", {**body, "amount": "6"}, format="json"
    )
    assert too_much.status_code == 422 and isinstance(too_much.json()["message"], list)
    assert (
        api.get("/api/v1/payments").json()["data"] == []
    )  # the list hides credit-memo applications


def test_quote_store_item_update_convert(api, profile):
    client = ClientFactory()
    response = api.post(
        "/api/v1/quotes/store",
        {"client_id": client.pk, "quote_date": "2024-03-01"},
        format="json",
    )
    assert response.status_code == 201
    quote_id = response.json()["data"]["id"]
    assert response.json()["data"]["quote_date"] == "2024-03-01"
    added = api.put(
        "/api/v1/quotes/items/add",
        {"quote_id": quote_id, "name": "Design", "quantity": "2", "price": "50"},
        format="json",
    )
    assert (
        added.status_code == 201
        and added.json()["data"]["amount"]["total"] == "100.0000"
    )
    updated = api.put(
        f"/api/v1/quotes/{quote_id}",
        {"status": "sent", "summary": "Offer"},
        format="json",
    )
    assert updated.json()["data"]["status"] == "sent"
    converted = api.post(f"/api/v1/quotes/{quote_id}/convert", {}, format="json")
    assert converted.status_code == 201
    assert converted.json()["data"]["amount"]["total"] == "100.0000"
    assert Quote.objects.get().status == "approved"
    assert (
        api.post(f"/api/v1/quotes/{quote_id}/convert", {}, format="json").status_code
        == 400
    )


def test_quote_delete(api, profile):
    quote = QuoteFactory(company_profile=profile)
    assert api.delete(f"/api/v1/quotes/{quote.pk}").status_code == 200
    assert api.get(f"/api/v1/quotes/{quote.pk}").status_code == 400


def test_payment_store_update_delete(api, profile):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    body = {
        "invoice_id": invoice.pk,
        "client_id": invoice.client_id,
        "amount": "40",
        "paid_at": "2024-03-02",
        "payment_method_id": 5,
        "note": "cheque",
    }
    response = api.post("/api/v1/payments/store", body, format="json")
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["amount"] == "40.0000" and data["payment_method"] == {
        "id": 5,
        "name": "Check",
    }
    assert data["payment_invoice"][0]["invoice"]["id"] == invoice.pk
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("60")
    too_much = api.post(
        "/api/v1/payments/store", {**body, "amount": "61"}, format="json"
    )
    assert too_much.status_code == 422 and "amount" in too_much.json()["errors"]
    wrong_client = api.post(
        "/api/v1/payments/store",
        {**body, "client_id": ClientFactory().pk},
        format="json",
    )
    assert wrong_client.json() == {"success": False, "message": "Invalid Invoice Id"}
    pid = data["id"]
    assert (
        api.put(f"/api/v1/payments/{pid}", {"note": "cleared"}, format="json").json()[
            "data"
        ]["note"]
        == "cleared"
    )
    assert (
        api.put(f"/api/v1/payments/{pid}", {"amount": "1"}, format="json").status_code
        == 400
    )
    assert (
        api.get(f"/api/v1/payments/{pid}").json()["data"]["paid_at"]
        == "2024-03-02T00:00:00.000000Z"
    )
    assert api.delete(f"/api/v1/payments/{pid}").status_code == 200
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("100")


def test_errors_broken_json_oversize_and_unknown_path(api, settings):
    response = api.generic(
        "POST", "/api/v1/clients/store", "{not json", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["success"] is False
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = api.post(
        "/api/v1/clients/store", {"name": "x" * 500, "type": "customer"}, format="json"
    )
    assert response.status_code == 413 and response.json()["success"] is False
    response = api.get("/api/v1/nowhere")
    assert response.status_code == 404 and response.json()["success"] is False
    assert api.delete("/api/v1/clients").status_code == 405


def test_idempotent_invoice_store(api, profile):
    client = ClientFactory()
    body = {"client_id": client.pk}
    first = api.post(
        "/api/v1/invoices/store", body, format="json", HTTP_IDEMPOTENCY_KEY="abc"
    )
    second = api.post(
        "/api/v1/invoices/store", body, format="json", HTTP_IDEMPOTENCY_KEY="abc"
    )
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true" and second.json() == first.json()
    assert Invoice.objects.count() == 1
    other = api.post(
        "/api/v1/invoices/store",
        {"client_id": client.pk, "summary": "x"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    assert other.status_code == 422 and other.json()["success"] is False


def test_quote_store_with_terms_and_footer(api, profile):
    """Found by schemathesis.

    A caller's terms clashed with the profile default (500).
    """
    client = ClientFactory()
    response = api.post(
        "/api/v1/quotes/store",
        {"client_id": client.pk, "terms": "Net 15", "footer": "Thanks"},
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["data"]["terms"], response.json()["data"]["footer"]) == (
        "Net 15",
        "Thanks",
    )


def test_a_failed_pdf_render_is_a_500_and_leaves_the_draft_a_draft(
    api, profile, monkeypatch
):
    from apps.invoices import pdf

    def broken(**kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(pdf, "invoice_pdf_render", broken)
    invoice = InvoiceFactory(company_profile=profile)
    response = api.get(f"/api/v1/invoices/{invoice.pk}/pdf")
    assert (response.status_code, response.json()) == (
        500,
        {"success": False, "message": "Server error"},
    )
    invoice.refresh_from_db()
    assert (
        invoice.status == Invoice.Status.DRAFT
    )  # marking it sent is undone with the failure
