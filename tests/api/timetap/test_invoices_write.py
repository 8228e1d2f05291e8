import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.api.timetap.outputs import QUOTE_ID_BASE
from apps.api.timetap.renderers import epoch_ms
from apps.invoices.models import Invoice, InvoiceEvent
from apps.quotes.models import Quote
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

from .helpers import LIVE, TEST, body, post_json, put_json, signed_in

pytestmark = pytest.mark.django_db


def _new_invoice(company, customer, **overrides):
    data = {
        "businessId": company.pk,
        "client": {"clientId": customer.pk},
        "invoiceDate": epoch_ms(dt.date(2026, 5, 1)),
        "invoiceDueDate": epoch_ms(dt.date(2026, 5, 31)),
        "invoiceType": "INVOICE",
        "invoiceNumber": "TT-1045",
        "comments": "Booked online",
        "currency": "usd",
        "subtotalAmount": 999.0,  # computed by the server: ignored
        "invoiceItem": [
            {
                "description": "1 Hour Massage",
                "quantity": 1,
                "rate": 120.0,
                "itemType": "APPOINTMENT",
            },
            {
                "description": "Oil",
                "quantity": 2,
                "rate": 6.25,
                "productId": 42,
                "taxRate": 10,
            },
        ],
    }
    data.update(overrides)
    return data


def test_post_invoices_creates_an_open_payable_invoice():
    company, client = CompanyProfileFactory(), ClientFactory()
    api = signed_in()
    response = post_json(api, LIVE + "invoices", _new_invoice(company, client))
    assert response.status_code == 200, response.content
    row = body(response)
    invoice = Invoice.objects.get()
    assert (
        row["invoiceId"] == invoice.pk
        and invoice.status == Invoice.Status.SENT
        and invoice.is_payable
    )
    assert (row["status"], row["subStatus"]) == ("OPEN", "No Payment")
    assert row["invoiceNumber"] == "TT-1045" and invoice.number == "TT-1045"
    assert invoice.invoice_date == dt.date(2026, 5, 1) and invoice.due_date == dt.date(
        2026, 5, 31
    )
    assert (
        invoice.notes == "Booked online"
        and invoice.company_profile == company
        and invoice.client == client
    )
    assert row["subtotalAmount"] == Decimal("132.5") and row["taxAmount"] == Decimal(
        "1.25"
    )
    assert row["balanceAmount"] == Decimal("133.75") and invoice.total == Decimal(
        "133.75"
    )
    massage, oil = invoice.items.order_by("position")
    assert (massage.name, massage.group, massage.description) == (
        "1 Hour Massage",
        "APPOINTMENT",
        "",
    )
    assert (oil.product_code, oil.group, oil.tax_rate) == ("42", "", Decimal("10"))
    assert row["createdUser"] == api.user.email


def test_post_invoices_number_is_optional():
    company, client = CompanyProfileFactory(), ClientFactory()
    response = post_json(
        signed_in(),
        LIVE + "invoices",
        _new_invoice(company, client, invoiceNumber=None),
    )
    assert response.status_code == 200
    assert body(response)["invoiceNumber"] == Invoice.objects.get().number != ""


@pytest.mark.parametrize(
    "field", ["businessId", "client", "invoiceDate", "invoiceType"]
)
def test_post_invoices_required_fields_are_named(field):
    company, client = CompanyProfileFactory(), ClientFactory()
    data = _new_invoice(company, client)
    del data[field]
    response = post_json(signed_in(), LIVE + "invoices", data)
    assert response.status_code == 400
    assert body(response)["errorMessage"].startswith(f"{field}")
    assert not Invoice.objects.exists()


def test_post_invoices_unknown_client_and_business_are_400():
    company, client = CompanyProfileFactory(), ClientFactory()
    api = signed_in()
    response = post_json(
        api,
        LIVE + "invoices",
        _new_invoice(company, client, client={"clientId": 999999}),
    )
    assert response.status_code == 400 and body(response)["errorMessage"].startswith(
        "client.clientId:"
    )
    response = post_json(
        api, LIVE + "invoices", _new_invoice(company, client, businessId=999999)
    )
    assert response.status_code == 400 and body(response)["errorMessage"].startswith(
        "businessId:"
    )
    assert not Invoice.objects.exists()


def test_post_invoices_bad_item_names_the_item_field_and_writes_nothing():
    company, client = CompanyProfileFactory(), ClientFactory()
    data = _new_invoice(
        company, client, invoiceItem=[{"description": "Oil", "rate": "cheap"}]
    )
    response = post_json(signed_in(), LIVE + "invoices", data)
    assert response.status_code == 400
    assert body(response)["errorMessage"].startswith("invoiceItem[0].rate:")
    assert not Invoice.objects.exists()


def test_post_invoices_transfers_are_refused():
    company, client = CompanyProfileFactory(), ClientFactory()
    response = post_json(
        signed_in(),
        LIVE + "invoices",
        _new_invoice(company, client, invoiceType="TRANSFER_IN"),
    )
    assert (
        response.status_code == 400 and "invoiceType" in body(response)["errorMessage"]
    )


def test_post_client_invoices_from_an_array_of_items():
    CompanyProfileFactory()
    client = ClientFactory()
    items = [{"description": "Class pass", "quantity": 3, "rate": 20}]
    response = post_json(signed_in(), LIVE + f"invoices/client/{client.pk}", items)
    assert response.status_code == 200, response.content
    row = body(response)
    invoice = Invoice.objects.get()
    assert (
        row["client"]["clientId"] == client.pk and invoice.status == Invoice.Status.SENT
    )
    assert (
        row["balanceAmount"] == Decimal("60.0")
        and row["invoiceItem"][0]["description"] == "Class pass"
    )
    assert invoice.invoice_date == timezone.localdate()


def test_post_client_invoices_from_an_invoice_object():
    company = CompanyProfileFactory()
    client = ClientFactory()
    data = {
        "comments": "From object",
        "invoiceItem": [{"description": "Class pass", "rate": 20}],
    }
    response = post_json(
        signed_in(), TEST + f"invoices/client/{client.pk}?invoiceType=INVOICE", data
    )
    assert response.status_code == 200
    invoice = Invoice.objects.get()
    assert invoice.notes == "From object" and invoice.total == Decimal("20.00")
    assert invoice.company_profile == company


def test_post_client_invoices_as_quote_creates_a_quote():
    CompanyProfileFactory()
    client = ClientFactory()
    items = [{"description": "Workshop", "quantity": 2, "rate": 75}]
    response = post_json(
        signed_in(), LIVE + f"invoices/client/{client.pk}?invoiceType=QUOTE", items
    )
    assert response.status_code == 200, response.content
    row = body(response)
    quote = Quote.objects.get()
    assert not Invoice.objects.exists()
    assert (
        row["invoiceType"] == "QUOTE"
        and row["invoiceId"] == QUOTE_ID_BASE + quote.pk
        and row["invoiceHash"] == quote.public_hash
    )
    assert row["balanceAmount"] == Decimal("150.0") and quote.total == Decimal("150.00")
    assert quote.client == client and quote.items.get().name == "Workshop"


def test_a_quote_reads_back_by_its_id_and_never_as_an_invoice():
    CompanyProfileFactory()
    client = ClientFactory()
    api = signed_in()
    invoice = InvoiceFactory(
        client=client, sent=True
    )  # on a fresh database, quote 1 and invoice 1
    items = [{"description": "Workshop", "quantity": 2, "rate": 75}]
    created = body(
        post_json(api, LIVE + f"invoices/client/{client.pk}?invoiceType=QUOTE", items)
    )
    quote = Quote.objects.get()
    shown = body(api.get(LIVE + f"invoices/{created['invoiceId']}"))
    assert shown == created and shown["invoiceType"] == "QUOTE"
    assert body(api.get(LIVE + f"invoices/{invoice.pk}"))["invoiceType"] == "INVOICE"
    refused = api.delete(LIVE + f"invoices/{created['invoiceId']}")
    assert refused.status_code == 400 and "is a quote" in body(refused)["errorMessage"]
    quote.refresh_from_db()
    assert quote.deleted_at is None
    assert api.get(LIVE + f"invoices/{QUOTE_ID_BASE + 999}").status_code == 404


def test_post_client_invoices_unknown_client_is_404_and_bad_type_400():
    api = signed_in()
    assert post_json(api, LIVE + "invoices/client/999999", []).status_code == 404
    client = ClientFactory()
    response = post_json(
        api, LIVE + f"invoices/client/{client.pk}?invoiceType=TRANSFER_OUT", []
    )
    assert response.status_code == 400


def _sent(**kwargs):
    return InvoiceFactory(company_profile=CompanyProfileFactory(), sent=True, **kwargs)


def _read(api, invoice):
    return body(api.get(LIVE + f"invoices/{invoice.pk}"))


def test_put_updates_fields_and_replaces_items_keeping_what_timetap_cannot_carry():
    invoice = _sent(
        items=[
            item_data(
                name="Design",
                description="Long text",
                discount_type="percent",
                discount_value=Decimal("10"),
            )
        ]
    )
    api = signed_in()
    row = _read(api, invoice)
    row["comments"] = "Updated"
    row["invoiceDueDate"] = epoch_ms(invoice.due_date + dt.timedelta(days=5))
    row["invoiceItem"][0]["rate"] = 60.0
    row["invoiceItem"].append({"description": "Extra hour", "quantity": 1, "rate": 50})
    response = put_json(api, LIVE + "invoices", row)
    assert response.status_code == 200, response.content
    invoice.refresh_from_db()
    assert invoice.notes == "Updated"
    assert invoice.due_date == invoice.invoice_date + dt.timedelta(days=35)
    design, extra = invoice.items.order_by("position")
    assert design.unit_price == Decimal("60.00") and design.description == "Long text"
    assert design.discount_value == Decimal("10")  # kept: TimeTap has no discount field
    assert extra.name == "Extra hour" and extra.description == ""
    assert invoice.total == Decimal("158.00")  # 120 - 10% + 50
    assert body(response)["balanceAmount"] == Decimal("158.0")
    assert invoice.events.filter(kind=InvoiceEvent.Kind.UPDATED).exists()


def test_put_without_items_keeps_items():
    invoice = _sent()
    api = signed_in()
    response = put_json(
        api, LIVE + "invoices", {"invoiceId": invoice.pk, "comments": "Only this"}
    )
    assert response.status_code == 200
    invoice.refresh_from_db()
    assert (
        invoice.notes == "Only this"
        and invoice.items.count() == 1
        and invoice.total == Decimal("100.00")
    )


def test_put_status_change_without_manual_is_400_and_writes_nothing():
    invoice = _sent()
    api = signed_in()
    row = _read(api, invoice)
    row.update(status="VOID", comments="changed")
    response = put_json(api, LIVE + "invoices", row)
    assert response.status_code == 400
    assert body(response)["errorMessage"].startswith("subStatus:")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT and invoice.notes == ""


def test_put_manual_void_then_reopen():
    invoice = _sent()
    api = signed_in()
    row = _read(api, invoice)
    row.update(status="VOID", subStatus="Manual")
    response = put_json(api, LIVE + "invoices", row)
    assert response.status_code == 200, response.content
    assert (body(response)["status"], body(response)["subStatus"]) == ("VOID", "Manual")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.VOID
    assert [r["invoiceId"] for r in body(api.get(LIVE + "invoices/status/VOID"))] == [
        invoice.pk
    ]
    row = body(response)
    row.update(status="OPEN", subStatus="Manual")
    response = put_json(api, LIVE + "invoices", row)
    assert response.status_code == 200, response.content
    assert (body(response)["status"], body(response)["subStatus"]) == ("OPEN", "Manual")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT and invoice.is_payable


def test_put_manual_closed_writes_off_the_balance():
    invoice = _sent()
    PaymentFactory(invoice=invoice, amount=Decimal("40.00"))
    api = signed_in()
    row = _read(api, invoice)
    row.update(status="CLOSED", subStatus="Manual")
    response = put_json(api, LIVE + "invoices", row)
    assert response.status_code == 200, response.content
    row = body(response)
    assert (row["status"], row["subStatus"]) == ("CLOSED", "Manual")
    assert (
        row["writeOffAmount"] == Decimal("60.0")
        and row["balanceAmount"] == 0
        and row["paidAmount"] == 40
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.written_off == Decimal(
        "60.00"
    )


def test_manual_substatus_gives_way_when_amounts_move():
    invoice = _sent()
    api = signed_in()
    row = _read(api, invoice)
    row.update(status="VOID", subStatus="Manual")
    put_json(api, LIVE + "invoices", row)
    row = _read(api, invoice)
    row.update(status="OPEN", subStatus="Manual")
    put_json(api, LIVE + "invoices", row)
    PaymentFactory(invoice=invoice, amount=Decimal("10.00"))
    assert _read(api, invoice)["subStatus"] == "Partial Payment"


def test_put_closed_to_open_and_to_deleted_are_refused():
    invoice = _sent()
    PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    api = signed_in()
    for status in ("OPEN", "DELETED"):
        response = put_json(
            api,
            LIVE + "invoices",
            {"invoiceId": invoice.pk, "status": status, "subStatus": "Manual"},
        )
        assert response.status_code == 400
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_put_manual_closed_on_a_void_invoice_is_refused_and_changes_nothing():
    """A void invoice takes no write-off: it is reopened (OPEN) before it is closed."""
    invoice = _sent()
    api = signed_in()
    row = _read(api, invoice)
    row.update(status="VOID", subStatus="Manual")
    assert put_json(api, LIVE + "invoices", row).status_code == 200
    response = put_json(
        api,
        LIVE + "invoices",
        {"invoiceId": invoice.pk, "status": "CLOSED", "subStatus": "Manual"},
    )
    assert response.status_code == 400
    invoice.refresh_from_db()
    assert (invoice.status, invoice.written_off) == (Invoice.Status.VOID, 0)


def test_put_manual_closed_sends_a_draft_then_writes_it_off():
    invoice = InvoiceFactory(company_profile=CompanyProfileFactory())
    response = put_json(
        signed_in(),
        LIVE + "invoices",
        {"invoiceId": invoice.pk, "status": "CLOSED", "subStatus": "Manual"},
    )
    assert response.status_code == 200, response.content
    invoice.refresh_from_db()
    assert invoice.sent_at is not None
    assert (invoice.status, invoice.written_off) == (
        Invoice.Status.PAID,
        Decimal("100.00"),
    )


def test_put_void_with_payments_is_refused_by_the_domain():
    invoice = _sent()
    PaymentFactory(invoice=invoice, amount=Decimal("10.00"))
    response = put_json(
        signed_in(),
        LIVE + "invoices",
        {"invoiceId": invoice.pk, "status": "VOID", "subStatus": "Manual"},
    )
    assert response.status_code == 400 and "refund" in body(response)["errorMessage"]


def test_put_needs_invoice_id_and_an_existing_invoice():
    api = signed_in()
    response = put_json(api, LIVE + "invoices", {"comments": "x"})
    assert response.status_code == 400 and body(response)["errorMessage"].startswith(
        "invoiceId:"
    )
    assert put_json(api, LIVE + "invoices", {"invoiceId": 999999}).status_code == 404


def test_put_unchanged_full_object_on_a_closed_invoice_is_accepted():
    invoice = _sent()
    PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    api = signed_in()
    response = put_json(api, LIVE + "invoices", _read(api, invoice))
    assert response.status_code == 200, response.content
    changed = {**_read(api, invoice), "comments": "late edit"}
    assert put_json(api, LIVE + "invoices", changed).status_code == 400


def test_delete_of_a_draft_is_soft_and_reads_back_deleted():
    invoice = InvoiceFactory()
    api = signed_in()
    response = api.delete(LIVE + f"invoices/{invoice.pk}")
    assert response.status_code == 200
    assert (body(response)["active"], body(response)["status"]) == (False, "DELETED")
    invoice.refresh_from_db()
    assert invoice.deleted_at is not None
    again = _read(api, invoice)
    assert (again["active"], again["status"]) == (False, "DELETED")
    assert body(api.get(LIVE + "invoices/status/OPEN")) == []
    assert body(api.get(LIVE + f"invoices/client/{invoice.client_id}")) == []
    assert api.delete(LIVE + f"invoices/{invoice.pk}").status_code == 404


def test_delete_of_an_issued_invoice_is_refused_and_it_stays():
    """A sent invoice is voided (PUT status VOID), never deleted."""
    invoice = _sent()
    response = signed_in().delete(LIVE + f"invoices/{invoice.pk}")
    assert response.status_code == 400 and body(response)["errorCode"] == "BAD_REQUEST"
    assert "Only a draft can be deleted" in body(response)["errorMessage"]
    invoice.refresh_from_db()
    assert (invoice.deleted_at, invoice.status) == (None, Invoice.Status.SENT)


def test_delete_with_payments_is_refused():
    invoice = _sent()
    PaymentFactory(invoice=invoice, amount=Decimal("10.00"))
    response = signed_in().delete(LIVE + f"invoices/{invoice.pk}")
    assert response.status_code == 400 and body(response)["errorCode"] == "BAD_REQUEST"


def test_put_reopen_then_refused_change_rolls_back_the_reopen():
    """VOID -> OPEN reopens first, then updates: a refused update undoes the reopen."""
    invoice = _sent()
    api = signed_in()
    row = _read(api, invoice)
    row.update(status="VOID", subStatus="Manual")
    assert put_json(api, LIVE + "invoices", row).status_code == 200
    events = InvoiceEvent.objects.filter(invoice=invoice).count()
    row = _read(api, invoice)
    row.update(
        status="OPEN",
        subStatus="Manual",
        invoiceDueDate=row["invoiceDate"] - 86_400_000,  # the day before
        comments="reopened",
    )
    response = put_json(api, LIVE + "invoices", row)
    assert response.status_code == 400
    assert body(response)["errorMessage"].startswith("invoiceDueDate:")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.VOID and invoice.notes == ""
    assert InvoiceEvent.objects.filter(invoice=invoice).count() == events
    assert _read(api, invoice)["status"] == "VOID"
