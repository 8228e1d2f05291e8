"""Each FusionInvoice endpoint's answer and refusals (envelopes, bodies, records):
the shapes, 4-place decimal strings, the vendor's dates, the not-found 400, the
422 naming the field, and nothing written when refused."""

import json
import re
from decimal import Decimal

import pytest

from apps.clients.models import Client
from apps.core.models import CustomField
from apps.invoices.models import Invoice, InvoiceItem
from apps.payments.models import Payment
from apps.quotes.models import Quote
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {"success": False, "message": "Record not found"}
# The invoice columns FusionInvoice answers on show.
INVOICE_KEYS = {
    "id",
    "type",
    "number",
    "client_id",
    "user_id",
    "company_profile_id",
    "document_number_scheme_id",
    "recurring_invoice_id",
    "invoice_date",
    "due_at",
    "status",
    "summary",
    "terms",
    "footer",
    "currency_code",
    "exchange_rate",
    "discount",
    "template",
    "url_key",
    "viewed",
    "date_emailed",
    "date_mailed",
    "online_payment_processing_fee",
    "total_convenience_charges",
    "created_at",
    "updated_at",
}
ITEM_KEYS = {
    "id",
    "invoice_id",
    "name",
    "description",
    "quantity",
    "price",
    "discount_type",
    "discount",
    "tax_rate_id",
    "tax_rate_2_id",
    "display_order",
    "amount",
}
ITEM_AMOUNT_KEYS = {
    "id",
    "item_id",
    "subtotal",
    "tax_1",
    "tax_2",
    "tax",
    "total",
    "discount_amount",
}
AMOUNT_KEYS = {
    "id",
    "invoice_id",
    "subtotal",
    "discount",
    "tax",
    "total",
    "paid",
    "balance",
}
CURRENCY_KEYS = {"id", "code", "name", "symbol", "placement", "decimal", "thousands"}
QUOTE_KEYS = {
    "id",
    "client_id",
    "user_id",
    "company_profile_id",
    "document_number_scheme_id",
    "invoice_id",
    "number",
    "quote_date",
    "expires_at",
    "status",
    "summary",
    "terms",
    "footer",
    "currency_code",
    "exchange_rate",
    "discount",
    "template",
    "url_key",
    "viewed",
    "created_at",
    "updated_at",
}
PAYMENT_KEYS = {
    "id",
    "client_id",
    "user_id",
    "payment_method_id",
    "type",
    "credit_memo_id",
    "paid_at",
    "amount",
    "remaining_balance",
    "currency_code",
    "note",
    "created_at",
    "updated_at",
}
MONEY_KEYS = {
    "quantity",
    "price",
    "original_price",
    "discount",
    "subtotal",
    "tax_1",
    "tax_2",
    "tax",
    "total",
    "discount_amount",
    "paid",
    "balance",
    "amount",
    "total_convenience_charges",
}


def _money_values(node, found=None) -> list:
    """Every value under a money key, anywhere in the answer."""
    found = [] if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key in MONEY_KEYS and not isinstance(value, dict | list):
                found.append(value)
            _money_values(value, found)
    elif isinstance(node, list):
        for value in node:
            _money_values(value, found)
    return found


def _json(api, method, path, body=None):
    return getattr(api, method)(path, body if body is not None else {}, format="json")


# ---------------------------------------------------------------- show shapes
def test_invoice_show_has_the_vendor_shape(api, profile):
    invoice = InvoiceFactory(
        company_profile=profile,
        sent=True,
        summary="March retainer",
        items=[
            item_data(
                name="Consulting", quantity=Decimal("10"), unit_price=Decimal("120")
            )
        ],
    )
    body = api.get(f"/api/v1/invoices/{invoice.pk}").json()
    assert (body["success"], body["message"]) == (True, "Record retrieved successfully")
    data = body["data"]
    assert set(data) >= INVOICE_KEYS and {
        "items",
        "client",
        "amount",
        "currency",
    } <= set(data)
    assert (
        data["invoice_date"] == f"{invoice.invoice_date.isoformat()}T00:00:00.000000Z"
    )
    assert data["due_at"] == f"{invoice.due_date.isoformat()}T00:00:00.000000Z"
    assert data["created_at"].endswith("Z") and len(data["created_at"]) == 27
    assert (data["status"], data["viewed"], data["url_key"]) == (
        "sent",
        0,
        invoice.public_hash,
    )
    assert data["discount"] == "0.0000" and data["exchange_rate"] == "1.0000000"
    item = data["items"][0]
    assert set(item) >= ITEM_KEYS and set(item["amount"]) >= ITEM_AMOUNT_KEYS
    assert (item["quantity"], item["price"], item["amount"]["subtotal"]) == (
        "10.0000",
        "120.0000",
        "1200.0000",
    )
    assert set(data["amount"]) >= AMOUNT_KEYS
    assert (
        data["amount"]["total"],
        data["amount"]["paid"],
        data["amount"]["balance"],
    ) == ("1200.0000", "0.0000", "1200.0000")
    assert set(data["currency"]) >= CURRENCY_KEYS and data["currency"]["code"] == "USD"
    assert data["currency"]["symbol"] == "$"
    assert data["client"]["id"] == invoice.client_id and "balance" not in data["client"]
    money = _money_values(data)
    assert len(money) >= 15
    assert all(
        isinstance(v, str) and re.fullmatch(r"-?\d+\.\d{4}", v) for v in money
    ), money


def test_quote_show_list_and_not_found(api, profile):
    quote = QuoteFactory(company_profile=profile)
    data = api.get(f"/api/v1/quotes/{quote.pk}").json()["data"]
    assert set(data) >= QUOTE_KEYS
    assert (
        data["quote_date"] == quote.quote_date.isoformat()
    )  # plain date, not a timestamp
    assert set(data["amount"]) >= {"subtotal", "discount", "tax", "total"}
    assert "paid" not in data["amount"] and "balance" not in data["amount"]
    assert (
        data["amount"]["total"] == "100.0000"
        and data["items"][0]["quote_id"] == quote.pk
    )
    listed = api.get("/api/v1/quotes").json()
    assert (
        listed["message"] == "Record retrieved successfully"
        and listed["data"][0]["id"] == quote.pk
    )
    for path in ("/api/v1/quotes/999999", "/api/v1/quotes/abc", "/api/v1/quotes/0"):
        response = api.get(path)
        assert (response.status_code, response.json()) == (400, NOT_FOUND)


def test_payment_show_is_the_bare_row_and_list_has_links(api, profile):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    payment = PaymentFactory(invoice=invoice, amount=Decimal("12.5"), note="part")
    shown = api.get(f"/api/v1/payments/{payment.pk}").json()["data"]
    assert set(shown) >= PAYMENT_KEYS and "payment_invoice" not in shown
    assert (shown["amount"], shown["type"], shown["payment_method_id"]) == (
        "12.5000",
        "single",
        5,
    )
    assert shown["paid_at"].endswith("T00:00:00.000000Z")
    listed = api.get("/api/v1/payments").json()["data"][0]
    link = listed["payment_invoice"][0]
    assert (link["payment_id"], link["invoice_id"], link["invoice_amount_paid"]) == (
        payment.pk,
        invoice.pk,
        "12.5000",
    )
    assert (
        link["invoice"]["client"]["id"] == invoice.client_id
        and link["invoice"]["currency"]["code"] == "USD"
    )
    assert listed["payment_method"] == {"id": 5, "name": "Check"}
    assert api.get("/api/v1/payments/999999").json() == NOT_FOUND


def test_declined_payment_attempts_are_not_listed(api, profile):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    good = PaymentFactory(invoice=invoice)
    failed = PaymentFactory(invoice=invoice)
    Payment.objects.filter(pk=failed.pk).update(status=Payment.Status.FAILED)
    assert [p["id"] for p in api.get("/api/v1/payments").json()["data"]] == [good.pk]
    assert api.get(f"/api/v1/payments/{failed.pk}").json() == NOT_FOUND


# ------------------------------------------------ not found on every record route
@pytest.mark.parametrize("module", ["clients", "invoices", "quotes", "payments"])
@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_unknown_record_is_400_record_not_found(api, module, method):
    for record in ("424242", "abc", "-1", "99999999999999999999999"):
        response = _json(api, method, f"/api/v1/{module}/{record}", {"note": "x"})
        assert (response.status_code, response.json()) == (400, NOT_FOUND), (
            method,
            module,
            record,
        )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        (
            "put",
            "/api/v1/invoices/items/add",
            {"invoice_id": 424242, "name": "X", "quantity": 1, "price": 1},
        ),
        (
            "put",
            "/api/v1/quotes/items/add",
            {"quote_id": 424242, "name": "X", "quantity": 1, "price": 1},
        ),
        ("post", "/api/v1/invoices/email", {"id": 424242}),
        ("post", "/api/v1/quotes/email", {"id": 424242}),
        (
            "patch",
            "/api/v1/clients/custom-fields/add",
            {"client_id": 424242, "column_1": "x"},
        ),
        (
            "patch",
            "/api/v1/invoices/custom-fields/add",
            {"invoice_id": 424242, "column_1": "x"},
        ),
        (
            "patch",
            "/api/v1/quotes/custom-fields/add",
            {"quote_id": 424242, "column_1": "x"},
        ),
        (
            "patch",
            "/api/v1/payments/custom-fields/add",
            {"payment_id": 424242, "column_1": "x"},
        ),
        ("get", "/api/v1/invoices/424242/pdf", None),
        ("get", "/api/v1/quotes/424242/pdf", None),
        ("post", "/api/v1/quotes/424242/convert", None),
        (
            "post",
            "/api/v1/invoices/apply/credit-memo",
            {"invoice_id": 424242, "credit_memo_id": 424243, "amount": 1},
        ),
    ],
)
def test_unknown_record_in_a_body_is_400(api, method, path, body):
    response = _json(api, method, path, body)
    assert (response.status_code, response.json()) == (400, NOT_FOUND)


# ---------------------------------------------------------------- clients
def test_client_store_from_a_form_and_the_email_alias(api):
    response = api.post(
        "/api/v1/clients/store",
        {"name": "Form Co", "type": "prospect", "client_email": "ap@form.example"},
    )
    assert response.status_code == 201, response.content
    client = response.json()["client"]
    assert (client["email"], client["type"], client["active"]) == (
        "ap@form.example",
        "prospect",
        1,
    )
    assert (
        client["created_at"].endswith("Z") and client["unapplied_Payments"] == "0.0000"
    )


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name", "type"}),
        ({"name": "A", "type": "vendor"}, {"type"}),
        ({"name": "A", "type": "lead", "email": "nope"}, {"email"}),
        ({"name": ["A"], "type": "lead"}, {"name"}),
        ({"name": "A", "type": "lead", "active": "sometimes"}, {"active"}),
        ({"name": "A" * 201, "type": "lead"}, {"name"}),
        ({"name": None, "type": None}, {"name", "type"}),
    ],
)
def test_client_store_refusals_name_the_field_and_write_nothing(api, body, fields):
    response = api.post("/api/v1/clients/store", body, format="json")
    assert response.status_code == 422
    assert (
        set(response.json()) == {"errors"} and set(response.json()["errors"]) == fields
    )
    assert not Client.objects.exists()


def test_client_update_refusal_writes_nothing(api):
    client = ClientFactory(name="Keep", email="keep@example.com")
    response = api.put(
        f"/api/v1/clients/{client.pk}",
        {"name": "Changed", "email": "bad"},
        format="json",
    )
    assert response.status_code == 422 and set(response.json()["errors"]) == {"email"}
    client.refresh_from_db()
    assert (client.name, client.email) == ("Keep", "keep@example.com")


# ---------------------------------------------------------------- invoices
def test_invoice_store_accepts_vendor_columns(api, profile):
    client = ClientFactory()
    body = {
        "client_id": client.pk,
        "company_profile_id": profile.pk,
        "invoice_date": "2024-03-01 10:00:00",
        "due_at": "2024-04-15",
        "summary": "S",
        "terms": "Net 45",
        "footer": "F",
        "currency_code": "usd",
        "discount": "10",
        "document_number_scheme_id": 1,
    }
    response = api.post("/api/v1/invoices/store", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert (data["due_at"], data["terms"], data["discount"], data["currency_code"]) == (
        "2024-04-15T00:00:00.000000Z",
        "Net 45",
        "10.0000",
        "USD",
    )
    assert data["user_id"] is not None and data["company_profile_id"] == profile.pk


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"client_id"}),
        ({"client_id": "abc"}, {"client_id"}),
        ({"client_id": 424242}, {"client_id"}),
        ({"client_id": "CLIENT", "invoice_date": "2024-02-30"}, {"invoice_date"}),
        ({"client_id": "CLIENT", "company_profile_id": 424242}, {"company_profile_id"}),
        ({"client_id": "CLIENT", "status": "paid"}, {"status"}),
        ({"client_id": "CLIENT", "discount": "-1"}, {"discount"}),
        ({"client_id": "CLIENT", "currency_code": "ZZZ"}, {"currency_code"}),
    ],
)
def test_invoice_store_refusals_name_the_field_and_write_nothing(
    api, profile, body, fields
):
    client = ClientFactory()
    body = {k: (client.pk if v == "CLIENT" else v) for k, v in body.items()}
    response = api.post("/api/v1/invoices/store", body, format="json")
    assert response.status_code == 422, response.content
    assert fields <= set(response.json()["errors"])
    assert not Invoice.objects.exists()


def test_invoice_update_refusal_writes_nothing(api, profile):
    invoice = InvoiceFactory(company_profile=profile, summary="Keep")
    response = api.put(
        f"/api/v1/invoices/{invoice.pk}",
        {"summary": "New", "due_at": "soon"},
        format="json",
    )
    assert response.status_code == 422 and set(response.json()["errors"]) == {"due_at"}
    response = api.put(
        f"/api/v1/invoices/{invoice.pk}",
        {"summary": "New", "client_id": 424242},
        format="json",
    )
    assert response.status_code == 422 and set(response.json()["errors"]) == {
        "client_id"
    }
    invoice.refresh_from_db()
    assert invoice.summary == "Keep"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"name": "X"}, {"quantity", "price"}),
        ({"name": "X", "quantity": "ten", "price": "1"}, {"quantity"}),
        (
            {"name": "X", "quantity": "1", "price": "1", "tax_rate_id": 424242},
            {"tax_rate_id"},
        ),
        (
            {"name": "X", "quantity": "1", "price": "1", "discount_type": "half"},
            {"discount_type"},
        ),
        ({"name": "X", "quantity": "1", "price": "1.00001"}, {"price"}),
        ({"quantity": "1", "price": "1"}, {"name"}),
    ],
)
def test_item_add_refusals_name_the_field_and_write_nothing(api, profile, body, fields):
    invoice = InvoiceFactory(company_profile=profile, items=[])
    quote = QuoteFactory(company_profile=profile, items=[])
    for path, key in (
        ("/api/v1/invoices/items/add", "invoice_id"),
        ("/api/v1/quotes/items/add", "quote_id"),
    ):
        response = api.put(
            path,
            {key: invoice.pk if key == "invoice_id" else quote.pk, **body},
            format="json",
        )
        assert response.status_code == 422 and fields <= set(
            response.json()["errors"]
        ), response.content
    assert not InvoiceItem.objects.exists() and not quote.items.exists()


def test_quote_item_add_returns_the_whole_quote(api, profile):
    quote = QuoteFactory(company_profile=profile, items=[])
    response = api.put(
        "/api/v1/quotes/items/add",
        {
            "quote_id": quote.pk,
            "name": "Design",
            "quantity": "1.5",
            "price": "80",
            "discount_type": "flat_amount",
            "discount": "20",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert (
        data["items"][0]["discount_type"] == "flat_amount"
        and data["items"][0]["quantity"] == "1.5000"
    )
    assert (
        data["amount"]["total"] == "100.0000"
        and data["client"]["id"] == quote.client_id
    )


# ---------------------------------------------------------------- email, PDF
def test_quote_email_is_sent(
    api, profile, mailoutbox, django_capture_on_commit_callbacks
):
    quote = QuoteFactory(company_profile=profile)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/quotes/email",
            {
                "id": quote.pk,
                "to": ["a@example.com", "b@example.com"],
                "subject": "Your quote",
            },
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "success": True,
        "message": "Quote email queued successfully",
    }
    assert len(mailoutbox) == 1 and set(mailoutbox[0].to) == {
        "a@example.com",
        "b@example.com",
    }
    assert mailoutbox[0].subject == "Your quote"


def test_email_refusals(api, profile, mailoutbox):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    response = api.post(
        "/api/v1/invoices/email", {"to": "a@example.com"}, format="json"
    )
    assert response.status_code == 422 and set(response.json()["errors"]) == {"id"}
    response = api.post(
        "/api/v1/invoices/email",
        {"id": invoice.pk, "cc": "not an email"},
        format="json",
    )
    assert response.status_code == 422 and set(response.json()["errors"]) == {"cc"}
    assert mailoutbox == []


def test_quote_pdf(api, profile):
    quote = QuoteFactory(company_profile=profile)
    response = api.get(f"/api/v1/quotes/{quote.pk}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response.content.startswith(b"%PDF-")
        and quote.number in response["Content-Disposition"]
    )


# ---------------------------------------------------------------- custom fields
def test_quote_and_payment_custom_fields(api, profile):
    CustomField.objects.create(module="quotes", column_name="column_1", label="Ref")
    CustomField.objects.create(
        module="payments", column_name="column_2", label="Batch", field_type="integer"
    )
    quote = QuoteFactory(company_profile=profile)
    payment = PaymentFactory(invoice=InvoiceFactory(company_profile=profile, sent=True))
    response = api.patch(
        "/api/v1/quotes/custom-fields/add",
        {"quote_id": quote.pk, "column_1": "R-1"},
        format="json",
    )
    assert response.json() == {
        "success": True,
        "message": "Record successfully updated",
        "data": {"quote_id": quote.pk, "column_1": "R-1"},
    }
    ok = api.patch(
        "/api/v1/payments/custom-fields/add",
        {"payment_id": payment.pk, "column_2": "7"},
        format="json",
    )
    assert ok.status_code == 200
    bad = api.patch(
        "/api/v1/payments/custom-fields/add",
        {"payment_id": payment.pk, "column_2": "seven"},
        format="json",
    )
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"custom.column_2"}
    missing = api.patch(
        "/api/v1/payments/custom-fields/add", {"column_2": "7"}, format="json"
    )
    assert missing.status_code == 422 and set(missing.json()["errors"]) == {
        "payment_id"
    }
    payment.refresh_from_db()
    assert payment.custom["column_2"] in ("7", 7)
    shown = api.get(f"/api/v1/quotes/{quote.pk}?include_custom_fields=1").json()[
        "data"
    ]["custom"]
    assert (shown["quote_id"], shown["column_1"]) == (quote.pk, "R-1")


# ---------------------------------------------------------------- convert, credit memo
def test_quote_convert_with_a_date(api, profile):
    quote = QuoteFactory(company_profile=profile)
    response = api.post(
        f"/api/v1/quotes/{quote.pk}/convert",
        {"invoice_date": "2024-05-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["success"], body["message"]) == (True, "Record successfully created")
    assert (
        body["data"]["invoice_date"] == "2024-05-01T00:00:00.000000Z"
        and body["data"]["status"] == "draft"
    )
    quote.refresh_from_db()
    assert quote.invoice_id == body["data"]["id"]
    assert (
        api.get(f"/api/v1/quotes/{quote.pk}").json()["data"]["invoice_id"]
        == quote.invoice_id
    )
    bad = api.post(
        f"/api/v1/quotes/{QuoteFactory(company_profile=profile).pk}/convert",
        {"invoice_date": "x"},
        format="json",
    )
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"invoice_date"}
    assert Invoice.objects.count() == 1


def test_credit_memo_refusals_write_nothing(api, profile):
    client = ClientFactory()
    invoice = InvoiceFactory(client=client, company_profile=profile, sent=True)
    response = api.post(
        "/api/v1/invoices/apply/credit-memo", {"invoice_id": invoice.pk}, format="json"
    )
    assert response.status_code == 422 and set(response.json()["errors"]) == {
        "credit_memo_id",
        "amount",
    }
    other = InvoiceFactory(
        client=client, company_profile=profile, sent=True
    )  # not a credit memo
    body = {"invoice_id": invoice.pk, "credit_memo_id": other.pk, "amount": "5"}
    response = api.post("/api/v1/invoices/apply/credit-memo", body, format="json")
    assert response.status_code == 422 and response.json()["success"] is False
    assert isinstance(response.json()["message"], list)
    assert not Payment.objects.exists()


# ---------------------------------------------------------------- payments
@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"amount": None}, {"amount"}),
        ({"amount": "abc"}, {"amount"}),
        ({"amount": "100.01"}, {"amount"}),  # above the balance
        ({"amount": "0"}, {"amount"}),
        ({"amount": "-5"}, {"amount"}),
        ({"paid_at": "yesterday"}, {"paid_at"}),
        ({"paid_at": None}, {"paid_at"}),
        ({"payment_method_id": 99}, {"payment_method_id"}),
        ({"payment_method_id": None}, {"payment_method_id"}),
        ({"currency_code": "EUR"}, {"currency_code"}),
        ({"invoice_id": "first"}, {"invoice_id"}),
    ],
)
def test_payment_store_refusals_name_the_field_and_write_nothing(
    api, profile, change, fields
):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    body = {
        "invoice_id": invoice.pk,
        "client_id": invoice.client_id,
        "amount": "10",
        "paid_at": "2024-03-02",
        "payment_method_id": 4,
        **change,
    }
    body = {k: v for k, v in body.items() if v is not None}
    response = api.post("/api/v1/payments/store", body, format="json")
    assert response.status_code == 422, response.content
    assert set(response.json()["errors"]) == fields
    assert not Payment.objects.exists()
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("100")


def test_payment_store_unknown_or_void_invoice(api, profile):
    from apps.invoices.services import invoice_void

    void = invoice_void(invoice=InvoiceFactory(company_profile=profile, sent=True))
    body = {"amount": "10", "paid_at": "2024-03-02", "payment_method_id": 4}
    response = api.post(
        "/api/v1/payments/store", {**body, "invoice_id": 424242}, format="json"
    )
    assert (response.status_code, response.json()) == (
        400,
        {"success": False, "message": "Invalid Invoice Id"},
    )
    response = api.post(
        "/api/v1/payments/store", {**body, "invoice_id": void.pk}, format="json"
    )
    assert response.status_code in (400, 422), response.content
    assert not Payment.objects.exists()


def test_payment_full_balance_marks_the_invoice_paid(api, profile):
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    response = api.post(
        "/api/v1/payments/store",
        {
            "invoice_id": invoice.pk,
            "amount": "100.0000",
            "paid_at": "2024-03-02",
            "payment_method_id": 1,
        },
        format="json",
    )
    assert response.status_code == 201
    assert api.get("/api/v1/invoices?status=paid").json()["data"][0]["id"] == invoice.pk
    assert (
        api.get(f"/api/v1/invoices/{invoice.pk}").json()["data"]["amount"]["balance"]
        == "0.0000"
    )


# ---------------------------------------------------------------- transport failures
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/clients/store"),
        ("post", "/api/v1/invoices/store"),
        ("post", "/api/v1/payments/store"),
        ("put", "/api/v1/invoices/items/add"),
        ("patch", "/api/v1/invoices/custom-fields/add"),
        ("get", "/api/v1/invoices"),
        ("post", "/api/v1/login"),
    ],
)
def test_broken_json_and_non_object_bodies(api, method, path):
    for raw in ('{"name": ', "[1, 2]", '"text"', "\x00\xff"):
        response = api.generic(
            method.upper(), path, raw, content_type="application/json"
        )
        assert response.status_code in (400, 401), (path, raw, response.status_code)
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body.get("success") is False or "error" in body
    assert (
        not Client.objects.exists()
        and not Invoice.objects.exists()
        and not Payment.objects.exists()
    )


def test_oversize_body_is_413_and_writes_nothing(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "Big", "type": "lead", "general_notes": "x" * 5000})
    response = api.generic(
        "POST",
        "/api/v1/clients/store",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="big",
    )
    assert response.status_code == 413
    assert response.json() == {
        "success": False,
        "message": "The request body is too large.",
    }
    assert not Client.objects.exists()


def test_wrong_method_and_media_type(api):
    response = api.delete("/api/v1/invoices")
    assert response.status_code == 405 and response.json()["success"] is False
    response = api.generic(
        "POST", "/api/v1/clients/store", "<client/>", content_type="application/xml"
    )
    assert response.status_code == 415 and response.json()["success"] is False
    assert not Client.objects.exists()


def test_a_server_error_is_500_never_200(api, monkeypatch):
    from apps.api.fusioninvoice.views import clients

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(clients, "client_list", broken)
    response = api.get("/api/v1/clients")
    assert response.status_code == 500
    assert response.json() == {"success": False, "message": "Server error"}
    assert "database" not in response.content.decode()


def test_a_quote_delete_keeps_other_rows(api, profile):
    keep = QuoteFactory(company_profile=profile)
    gone = QuoteFactory(company_profile=profile)
    assert api.delete(f"/api/v1/quotes/{gone.pk}").json() == {
        "success": True,
        "message": "Record successfully deleted",
    }
    assert [q["id"] for q in api.get("/api/v1/quotes").json()["data"]] == [keep.pk]
    assert Quote.objects.alive().count() == 1


def test_quote_store_refusals_write_nothing(api, profile):
    response = api.post(
        "/api/v1/quotes/store", {"client_name": "Nobody"}, format="json"
    )
    assert (response.status_code, response.json()) == (
        422,
        {"errors": [["Client not found"]]},
    )
    response = api.post(
        "/api/v1/quotes/store",
        {
            "client_id": ClientFactory().pk,
            "quote_date": "2024-03-05",
            "expires_at": "2024-03-01",
        },
        format="json",
    )
    assert response.status_code == 422 and "expires_at" in response.json()["errors"]
    response = api.post(
        "/api/v1/quotes/store",
        {"client_id": ClientFactory().pk, "status": "won"},
        format="json",
    )
    assert response.status_code == 422 and set(response.json()["errors"]) == {"status"}
    assert not Quote.objects.exists()
