import re
from decimal import Decimal

import pytest

from apps.clients.models import Client
from apps.invoices.models import Invoice
from apps.invoices.services import invoice_void
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory

from .helpers import address, create, invoice_body, item

pytestmark = pytest.mark.django_db
EIGHT = {
    "pending",
    "paid",
    "partially_paid",
    "authorized",
    "paying_via_mail",
    "declined",
    "failed",
    "rejected",
}
RFC3339_MS_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_create_answers_the_vendor_example_shape(fp):
    response = fp.post("invoice", invoice_body())
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["msg"]) == ("success", "success")
    data = body["data"]
    assert data["id"] == str(int(data["id"]))
    assert (data["currency"], data["company_name"], data["customer_number"]) == (
        "USD",
        "ACME Inc.",
        "123Customer",
    )
    expected = {
        "status": "pending",
        "name": "Widget",
        "unit_price": 100,
        "quantity": 1,
        "subtotal": 100,
        "amount": 100,
    }
    assert data["items"][0].items() >= expected.items()
    assert data["items"][0]["id"] == str(Invoice.objects.get().items.get().pk)
    assert (data["subtotal"], data["tax_percent"], data["tax"], data["total"]) == (
        100,
        "0.000",
        0,
        100,
    )
    assert (data["amount_paid"], data["amount_due"], data["status"]) == (
        0,
        100,
        "pending",
    )
    assert data["public_hash"] == data["public_url"]
    # The customer's address (REMIT_PUBLIC_BASE_URL), not the API caller's host.
    assert data["hosted_url"] == f"http://127.0.0.1:8000/invoice/{data['public_hash']}"
    assert data["settings"] == {"allow_tipping": False}
    assert data["transaction_type"] == "sale"
    for name in ("created_at", "updated_at", "last_sent_at", "date_due"):
        assert RFC3339_MS_Z.match(data[name]), name
    assert data["date_due"] == "2099-02-13T06:00:00.000Z"
    invoice = Invoice.objects.get(pk=int(data["id"]))
    assert invoice.status == Invoice.Status.SENT  # open and payable at once
    assert invoice.due_date.isoformat() == "2099-02-13"


def test_create_then_get_round_trips_every_amount_in_cents(fp):
    data = create(
        fp,
        items=[
            item(unit_price=1999, quantity=3, tax_rate="8.250", discount_amount=500),
            item(name="Setup", unit_price=5000, quantity="1.5"),
        ],
        shipping=700,
        adjustment=-100,
    )
    got = fp.get(f"invoice/{data['id']}").json()["data"]
    assert got == data
    first, second = got["items"]
    assert (
        first["unit_price"],
        first["quantity"],
        first["subtotal"],
        first["discount_amount"],
    ) == (1999, 3, 5997, 500)
    assert (first["tax_rate"], first["tax_amount"], first["amount"]) == (
        "8.250",
        454,
        5951,
    )  # 8.25% of 54.97
    assert (second["quantity"], second["subtotal"], second["amount"]) == (
        1.5,
        7500,
        7500,
    )
    assert (got["subtotal"], got["tax"], got["shipping"], got["adjustment"]) == (
        13497,
        454,
        700,
        -100,
    )
    assert got["total"] == got["amount_due"] == 13497 - 500 + 454 + 700 - 100
    assert Invoice.objects.get(pk=int(got["id"])).total == Decimal("140.51")


def test_discount_credited_is_the_document_discount(fp):
    data = create(fp, items=[item(unit_price=1000, quantity=2)], discount_credited=300)
    assert (data["subtotal"], data["discount_credited"], data["total"]) == (
        2000,
        300,
        1700,
    )
    assert data["items"][0]["discount_amount"] == 0


def test_jpy_amounts_are_whole_yen(fp):
    data = create(fp, currency="JPY", items=[item(unit_price=1500, quantity=2)])
    assert (data["subtotal"], data["total"], data["items"][0]["unit_price"]) == (
        3000,
        3000,
        1500,
    )
    assert Invoice.objects.get(pk=int(data["id"])).total == Decimal("3000")


def test_null_fields_are_treated_as_absent(fp):
    data = create(
        fp,
        message=None,
        email_to=None,
        shipping=None,
        settings=None,
        allow_partial_payment=None,
    )
    assert (data["message"], data["shipping"], data["allow_partial_payment"]) == (
        "",
        0,
        False,
    )


def test_flat_tax_is_added_to_the_total_and_echoed_as_tax(fp):
    data = create(fp, tax_percent="0.000", tax=250, adjustment=100)
    assert (data["tax"], data["adjustment"], data["total"]) == (250, 100, 450)
    assert Invoice.objects.get(pk=int(data["id"])).adjustment == Decimal("3.50")


def test_tax_percent_overrides_a_flat_tax(fp):
    data = create(fp, tax_percent="10", tax=999, items=[item(unit_price=1000)])
    assert (data["tax_percent"], data["tax"], data["total"]) == ("10.000", 100, 1100)


def test_bill_to_inline_creates_the_client_once_and_reuses_it(fp):
    first = create(fp)
    second = create(fp)
    assert first["customer_id"] == second["customer_id"] == first["bill_to"]["id"]
    client = Client.objects.get(pk=int(first["customer_id"]))
    assert (client.name, client.email, client.city, client.reference) == (
        "Doe Widgets",
        "jane@doe.example",
        "Springfield",
        "123Customer",
    )
    assert first["bill_to"] | {"fax": ""} == address() | {
        "id": first["customer_id"],
        "fax": "",
    }


def test_bill_to_by_id_and_customer_id_use_the_existing_client(fp):
    client = ClientFactory()
    by_address = create(fp, bill_to={"id": str(client.pk)})
    by_customer = create(fp, bill_to=None, customer_id=str(client.pk))
    assert by_address["customer_id"] == by_customer["customer_id"] == str(client.pk)
    assert by_address["bill_to"]["email"] == client.email


def test_payable_to_by_id_and_inline(fp):
    from apps.companies.models import CompanyProfile

    profile = CompanyProfile.objects.get()
    by_id = create(fp, payable_to={"id": str(profile.pk)})
    assert (
        by_id["payable_to"]["id"] == str(profile.pk)
        and by_id["payable_to"]["company"] == "ACME Inc."
    )
    inline = create(fp, payable_to=address(company="ACME Remit Dept", city="Austin"))
    assert (inline["payable_to"]["company"], inline["payable_to"]["city"]) == (
        "ACME Remit Dept",
        "Austin",
    )
    assert (
        fp.post("invoice", invoice_body(payable_to={"id": "999999"})).status_code == 400
    )


def test_invoice_number_becomes_the_number(fp):
    data = create(fp, invoice_number="PO-7")
    assert data["invoice_number"] == "PO-7"
    assert Invoice.objects.get(pk=int(data["id"])).number == "PO-7"


def test_date_due_with_an_offset_keeps_the_date_as_written(fp):
    data = create(fp, date_due="2099-03-01T23:30:00-05:00")
    assert Invoice.objects.get(pk=int(data["id"])).due_date.isoformat() == "2099-03-01"
    assert data["date_due"] == "2099-03-02T04:30:00.000Z"


def test_item_status_is_required_on_create_and_always_a_string(fp):
    response = fp.post(
        "invoice", invoice_body(items=[{"name": "x", "unit_price": 1, "quantity": 1}])
    )
    assert response.status_code == 400
    assert response.json() == {
        "status": "failed",
        "msg": "bad request error: items[0].status: "
        "This field is required; use pending or paid.",
    }
    data = create(fp, items=[item(status="paid")])
    assert data["items"][0]["status"] == "paid"
    invoice = Invoice.objects.get(pk=int(data["id"]))
    staff_made = InvoiceFactory(sent=True, client=invoice.client)
    got = fp.get(f"invoice/{staff_made.pk}").json()["data"]
    assert got["items"][0]["status"] == "pending"


def test_validation_errors_name_the_field(fp):
    response = fp.post("invoice", invoice_body(items=[item(), item(unit_price=12.5)]))
    assert response.status_code == 400
    assert response.json()["msg"].startswith("bad request error: items[1].unit_price: ")
    response = fp.post("invoice", invoice_body(currency="XYZ"))
    assert response.json()["msg"].startswith("bad request error: currency: ")
    assert fp.post("invoice", invoice_body(payment_methods=["cash"])).status_code == 400
    assert (
        fp.post("invoice", invoice_body(transaction_type="authorize")).status_code
        == 400
    )
    assert Invoice.objects.count() == 0


def test_update_by_post_and_put(fp):
    data = create(fp)
    response = fp.post(
        f"invoice/{data['id']}",
        {"items": [item(unit_price=250, quantity=2)], "message": "Thanks"},
    )
    assert response.status_code == 200
    updated = response.json()["data"]
    assert (updated["total"], updated["message"], updated["customer_id"]) == (
        500,
        "Thanks",
        data["customer_id"],
    )
    response = fp.put(
        f"invoice/{data['id']}",
        {"settings": {"allow_tipping": True}, "allow_partial_payment": True},
    )
    assert response.json()["data"]["settings"] == {"allow_tipping": True}
    assert response.json()["data"]["allow_partial_payment"] is True
    assert response.json()["data"]["total"] == 500


def test_update_amount_due_must_equal_the_computed_value(fp):
    data = create(fp)
    response = fp.post(
        f"invoice/{data['id']}", {"amount_due": 50, "message": "cheaper?"}
    )
    assert response.status_code == 400
    assert "amount_due" in response.json()["msg"]
    assert Invoice.objects.get(pk=int(data["id"])).message == ""  # nothing written
    assert fp.post(f"invoice/{data['id']}", {"amount_due": 100}).status_code == 200


def test_update_mark_as_paid_and_reactivate_flags(fp):
    data = create(fp)
    paid = fp.post(f"invoice/{data['id']}", {"mark_as_paid": True}).json()["data"]
    assert (paid["status"], paid["amount_due"], paid["amount_paid"]) == ("paid", 0, 100)
    other = create(fp)
    invoice_void(invoice=Invoice.objects.get(pk=int(other["id"])))
    assert fp.get(f"invoice/{other['id']}").json()["data"]["status"] == "rejected"
    back = fp.post(f"invoice/{other['id']}", {"reactivate": True}).json()["data"]
    assert back["status"] == "pending"


def test_paid_invoice_cannot_be_edited(fp):
    data = create(fp)
    fp.post(f"invoice/{data['id']}/mark-as-paid")
    response = fp.post(f"invoice/{data['id']}", {"message": "late"})
    assert response.status_code == 400 and response.json()["status"] == "failed"


def test_delete_of_an_issued_invoice_voids_it_never_deletes(fp):
    """FluidPay's DELETE is its cancel (it has no void): an issued invoice keeps its
    number and reads back as rejected; reactivate reopens it."""
    data = create(fp)
    response = fp.delete(f"invoice/{data['id']}")
    assert response.status_code == 200
    assert response.json() == {"status": "success", "msg": "success", "data": None}
    invoice = Invoice.objects.get(pk=int(data["id"]))
    assert (invoice.status, invoice.deleted_at) == (Invoice.Status.VOID, None)
    shown = fp.get(f"invoice/{data['id']}").json()["data"]
    assert (shown["status"], shown["invoice_number"]) == (
        "rejected",
        data["invoice_number"],
    )
    assert fp.post(f"invoice/{data['id']}/reactivate").status_code == 200


def test_delete_of_a_draft_deletes_it_then_not_found(fp):
    draft = InvoiceFactory()
    assert fp.delete(f"invoice/{draft.pk}").status_code == 200
    draft.refresh_from_db()
    assert draft.deleted_at is not None
    assert fp.get(f"invoice/{draft.pk}").status_code == 404


def test_delete_refused_once_paid(fp):
    payment = PaymentFactory()
    response = fp.delete(f"invoice/{payment.invoice_id}")
    assert response.status_code == 400
    assert "An invoice with payments cannot be voided" in response.json()["msg"]
    payment.invoice.refresh_from_db()
    assert payment.invoice.status == Invoice.Status.PARTIALLY_PAID


def test_status_is_always_one_of_the_eight(fp):
    data = create(fp)
    assert data["status"] in EIGHT
    PaymentFactory(
        invoice=Invoice.objects.get(pk=int(data["id"])), amount=Decimal("0.40")
    )
    got = fp.get(f"invoice/{data['id']}").json()["data"]
    assert (got["status"], got["amount_paid"], got["amount_due"]) == (
        "partially_paid",
        40,
        60,
    )


def test_hosted_url_opens_the_hosted_page(fp, client):
    data = create(fp)
    path = data["hosted_url"].removeprefix("http://127.0.0.1:8000")
    assert path == f"/invoice/{data['public_hash']}"
    assert client.get(path).status_code == 200


def test_posting_back_what_get_answered_changes_no_amount(fp):
    data = create(
        fp,
        items=[
            item(unit_price=1000, tax_rate="10"),
            item(unit_price=500, discount_amount=50),
        ],
        tax_percent="0.000",
        tax=300,
        shipping=200,
        adjustment=-50,
        discount_credited=100,
    )
    # `tax` is the whole tax: 93 on the taxed line (10% of 1000 less its share of
    # the discount) and a flat 207.
    assert (data["tax"], data["adjustment"], data["discount_credited"]) == (
        300,
        -50,
        100,
    )
    assert data["items"][0]["tax_amount"] == 93
    response = fp.post(f"invoice/{data['id']}", data)
    assert response.status_code == 200, response.content
    again = response.json()["data"]
    for name in (
        "subtotal",
        "tax",
        "shipping",
        "adjustment",
        "discount_credited",
        "total",
        "amount_due",
    ):
        assert again[name] == data[name], name
    assert [i["amount"] for i in again["items"]] == [i["amount"] for i in data["items"]]


def test_local_and_national_tax_rates_are_two_line_taxes(fp):
    line = item(unit_price=10000, local_tax_rate="2.5", national_tax_rate="5")
    data = create(fp, items=[line])
    got = data["items"][0]
    assert (got["local_tax_rate"], got["local_tax"]) == ("2.500", 250)
    assert (got["national_tax_rate"], got["national_tax"]) == ("5.000", 500)
    assert (got["tax_rate"], got["tax_amount"], got["amount"]) == ("7.500", 750, 10750)
    assert (data["tax"], data["total"]) == (750, 10750)


def test_every_answer_has_a_correlation_id(fp):
    data = create(fp)
    first = fp.get(f"invoice/{data['id']}")
    second = fp.get("invoice/999999")
    assert first["X-Correlation-Id"] and second["X-Correlation-Id"]
    assert first["X-Correlation-Id"] != second["X-Correlation-Id"]


def test_domain_errors_use_fluidpay_field_names(fp):
    data = create(fp, date_due="2099-02-13T06:00:00Z")
    response = fp.post(f"invoice/{data['id']}", {"date_due": "2000-01-01T00:00:00Z"})
    assert response.status_code == 400
    assert response.json()["msg"].startswith("bad request error: date_due: ")


def test_unknown_customer_id_is_400_and_writes_nothing(fp):
    response = fp.post("invoice", invoice_body(customer_id="424242"))
    assert response.status_code == 400
    assert (
        response.json()["msg"]
        == "bad request error: customer_id: no customer with id 424242."
    )
    assert not Invoice.objects.exists()


def test_items_may_not_be_empty(fp):
    response = fp.post("invoice", invoice_body(items=[]))
    assert response.status_code == 400
    assert response.json()["msg"].startswith("bad request error: items: ")
    assert not Invoice.objects.exists()
    data = create(fp)
    response = fp.post(f"invoice/{data['id']}", {"items": [], "message": "empty"})
    assert response.status_code == 400
    invoice = Invoice.objects.get(pk=int(data["id"]))
    assert (invoice.items.count(), invoice.message) == (1, "")


@pytest.mark.parametrize("name", ["amount_paid", "service_fees_paid", "surcharge_paid"])
def test_paid_amounts_are_read_only(fp, name):
    response = fp.post("invoice", invoice_body(**{name: 50}))
    assert response.status_code == 400
    assert response.json()["msg"].startswith(f"bad request error: {name}: ")
    assert not Invoice.objects.exists() and not Client.objects.exists()
    data = create(fp, **{name: 0})
    response = fp.post(f"invoice/{data['id']}", {name: 7, "message": "x"})
    assert response.status_code == 400
    assert Invoice.objects.get(pk=int(data["id"])).message == ""


def test_paid_amount_sent_back_unchanged_is_accepted(fp):
    data = create(fp, items=[item(unit_price=1000)], allow_partial_payment=True)
    PaymentFactory(invoice=Invoice.objects.get(pk=int(data["id"])), amount=Decimal("4"))
    response = fp.post(f"invoice/{data['id']}", {"amount_paid": 400, "message": "ok"})
    assert response.status_code == 200, response.content
    assert response.json()["data"]["message"] == "ok"


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"unit_price": 10**16}, "items[0].unit_price"),
        ({"unit_price": 10**15, "quantity": 10**15}, "items[0].quantity"),
        ({"unit_price": 10**12, "quantity": 10**9}, "items[0].quantity"),
    ],
)
def test_oversized_amounts_are_400_naming_the_item(fp, line, field):
    response = fp.post("invoice", invoice_body(items=[item(**line)]))
    assert response.status_code == 400
    assert response.json()["msg"].startswith(f"bad request error: {field}: ")
    assert not Invoice.objects.exists()


def test_shipping_as_a_float_with_cents_is_refused(fp):
    response = fp.post("invoice", invoice_body(shipping=1.5))
    assert response.status_code == 400
    assert response.json()["msg"].startswith("bad request error: shipping: ")
