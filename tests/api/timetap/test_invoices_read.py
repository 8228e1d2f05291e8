import datetime as dt
from decimal import Decimal

import pytest

from apps.api.timetap.renderers import epoch_ms
from apps.invoices.models import Invoice
from apps.invoices.services import (
    invoice_charge_failed_record,
    invoice_delete,
    invoice_void,
    invoice_write_off,
)
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

from .helpers import LIVE, TEST, body, signed_in

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["invoiceId"] for row in body(response)]


def test_status_lists_map_domain_statuses():
    company = CompanyProfileFactory()
    draft = InvoiceFactory(company_profile=company)
    sent = InvoiceFactory(company_profile=company, sent=True)
    partial = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=partial, amount=Decimal("10.00"))
    paid = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=paid, amount=Decimal("100.00"))
    void = InvoiceFactory(company_profile=company, sent=True)
    invoice_void(invoice=void)
    deleted = InvoiceFactory(company_profile=company)  # only drafts are deleted
    invoice_delete(invoice=deleted)
    api = signed_in()
    assert set(_ids(api.get(LIVE + "invoices/status/OPEN"))) == {
        draft.pk,
        sent.pk,
        partial.pk,
    }
    assert _ids(api.get(LIVE + "invoices/status/CLOSED")) == [paid.pk]
    assert _ids(api.get(LIVE + "invoices/status/VOID")) == [void.pk]
    rows = {
        row["invoiceId"]: row for row in body(api.get(LIVE + "invoices/status/OPEN"))
    }
    assert rows[sent.pk]["subStatus"] == "No Payment"
    assert rows[partial.pk]["subStatus"] == "Partial Payment"
    closed = body(api.get(LIVE + "invoices/status/CLOSED"))[0]
    assert (closed["status"], closed["subStatus"]) == ("CLOSED", "Paid")
    assert closed["paidOnDate"] is not None and closed["balanceAmount"] == 0


def test_status_list_unknown_status_is_400():
    response = signed_in().get(LIVE + "invoices/status/PENDING")
    assert response.status_code == 400
    assert body(response)["errorCode"] == "BAD_REQUEST"
    assert "statusString" in body(response)["errorMessage"]


def test_written_off_invoice_is_closed_with_write_off_amount():
    invoice = InvoiceFactory(company_profile=CompanyProfileFactory(), sent=True)
    invoice_write_off(invoice=invoice)
    row = body(signed_in().get(LIVE + f"invoices/{invoice.pk}"))
    assert (row["status"], row["subStatus"]) == ("CLOSED", "Paid")
    assert row["writeOffAmount"] == Decimal("100.0") and row["balanceAmount"] == 0


def test_failed_charge_reads_payment_declined():
    invoice = InvoiceFactory(company_profile=CompanyProfileFactory(), sent=True)
    invoice_charge_failed_record(invoice=invoice)
    assert (
        body(signed_in().get(LIVE + f"invoices/{invoice.pk}"))["subStatus"]
        == "Payment Declined"
    )


def test_status_list_invoice_date_range_is_inclusive_at_both_ends():
    company = CompanyProfileFactory()
    dates = [
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 15),
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 1),
        dt.date(2025, 12, 31),
    ]
    invoices = [
        InvoiceFactory(company_profile=company, sent=True, invoice_date=d)
        for d in dates
    ]
    response = signed_in().get(
        LIVE + "invoices/status/OPEN",
        {"invoiceStartDate": "2026-01-01", "invoiceEndDate": "2026-01-31"},
    )
    assert set(_ids(response)) == {i.pk for i in invoices[:3]}


def test_status_list_charge_date_range_filters_on_due_date_inclusive():
    company = CompanyProfileFactory()
    start = dt.date(2026, 1, 1)
    due = [dt.date(2026, 3, 1), dt.date(2026, 3, 10), dt.date(2026, 3, 11)]
    invoices = [
        InvoiceFactory(
            company_profile=company, sent=True, invoice_date=start, due_date=d
        )
        for d in due
    ]
    api = signed_in()
    response = api.get(
        LIVE + "invoices/status/OPEN",
        {"chargeStartDate": "2026-03-01", "chargeEndDate": "2026-03-10"},
    )
    assert set(_ids(response)) == {invoices[0].pk, invoices[1].pk}
    row = body(api.get(LIVE + f"invoices/{invoices[0].pk}"))
    assert row["chargeDate"] == row["invoiceDueDate"] == epoch_ms(dt.date(2026, 3, 1))


def test_status_list_bad_date_is_400_naming_the_parameter():
    response = signed_in().get(
        LIVE + "invoices/status/OPEN", {"invoiceStartDate": "01/02/2026"}
    )
    assert response.status_code == 400
    assert body(response)["errorMessage"].startswith("invoiceStartDate:")


def test_status_list_ordering():
    company = CompanyProfileFactory()
    a = InvoiceFactory(
        company_profile=company, sent=True, invoice_date=dt.date(2026, 1, 3)
    )
    b = InvoiceFactory(
        company_profile=company, sent=True, invoice_date=dt.date(2026, 1, 1)
    )
    c = InvoiceFactory(
        company_profile=company, sent=True, invoice_date=dt.date(2026, 1, 2)
    )
    api = signed_in()
    path = LIVE + "invoices/status/OPEN"
    assert _ids(api.get(path, {"order_field": "invoiceDate", "order_mode": "asc"})) == [
        b.pk,
        c.pk,
        a.pk,
    ]
    assert _ids(
        api.get(path, {"order_field": "invoiceDate", "order_mode": "desc"})
    ) == [a.pk, c.pk, b.pk]
    assert _ids(api.get(path, {"order_field": "invoiceId", "order_mode": "DESC"})) == [
        c.pk,
        b.pk,
        a.pk,
    ]
    bad = api.get(path, {"order_field": "colour"})
    assert bad.status_code == 400 and body(bad)["errorMessage"].startswith(
        "order_field:"
    )
    assert (
        api.get(path, {"order_field": "invoiceId", "order_mode": "up"}).status_code
        == 400
    )


def test_status_list_pages_only_when_asked():
    company = CompanyProfileFactory()
    client = ClientFactory()
    invoices = [
        InvoiceFactory(company_profile=company, client=client, sent=True, items=[])
        for _ in range(30)
    ]
    ids = [i.pk for i in invoices]
    api = signed_in()
    path = LIVE + "invoices/status/OPEN"
    assert len(_ids(api.get(path))) == 30
    ordered = {"order_field": "invoiceId", "order_mode": "asc"}
    assert (
        _ids(api.get(path, {**ordered, "pageNumber": 2, "pageSize": 10})) == ids[10:20]
    )
    assert _ids(api.get(path, {**ordered, "pageNumber": 1})) == ids[:25]
    assert _ids(api.get(path, {**ordered, "pageSize": 7})) == ids[:7]
    assert _ids(api.get(path, {**ordered, "pageNumber": 5, "pageSize": 10})) == []
    assert (
        len(_ids(api.get(path, {"pageSize": 100000}))) == 30
    )  # capped at 500, not refused
    assert api.get(path, {"pageNumber": 0}).status_code == 400
    assert api.get(path, {"pageSize": "ten"}).status_code == 400


def test_invoice_object_shape_and_values():
    company = CompanyProfileFactory()
    client = ClientFactory(
        first_name="Ana",
        last_name="Ruiz",
        name="Ruiz Studio",
        reference="ext-77",
        mobile="555",
    )
    api = signed_in()
    invoice = InvoiceFactory(
        company_profile=company,
        client=client,
        sent=True,
        by=api.user,
        notes="Thanks!",
        invoice_date=dt.date(2026, 6, 1),
        due_date=dt.date(2026, 6, 15),
        items=[
            item_data(
                name="Massage",
                quantity=Decimal("1"),
                unit_price=Decimal("120.00"),
                tax_rate=Decimal("10"),
                group="APPOINTMENT",
                product_code="SKU-1",
            ),
            item_data(name="Oil", quantity=Decimal("2"), unit_price=Decimal("6.25")),
        ],
    )
    PaymentFactory(invoice=invoice, amount=Decimal("30.00"), tip=Decimal("5.00"))
    response = api.get(LIVE + f"invoices/{invoice.pk}")
    assert response.status_code == 200
    raw = response.content.decode()
    assert (
        '"subtotalAmount":132.5' in raw
        and '"taxAmount":12.0' in raw
        and '"tipAmount":5.0' in raw
    )
    row = body(response)
    assert row["invoiceId"] == invoice.pk and row["businessId"] == company.pk
    assert (
        row["invoiceNumber"] == invoice.number
        and row["invoiceHash"] == invoice.public_hash
    )
    assert (row["invoiceType"], row["status"], row["subStatus"]) == (
        "INVOICE",
        "OPEN",
        "Partial Payment",
    )
    assert row["invoiceDate"] == epoch_ms(dt.date(2026, 6, 1)) == 1780272000000
    assert row["invoiceDueDate"] == epoch_ms(dt.date(2026, 6, 15))
    assert isinstance(row["createdDate"], int) and isinstance(
        row["lastStatusDate"], int
    )
    assert row["paidOnDate"] is None
    assert row["createdUser"] == api.user.email
    assert row["modifiedUser"] == "api"  # the factory sent it with no user
    assert row["currency"] == "USD"
    assert row["paidAmount"] == Decimal("30.0") and row["balanceAmount"] == Decimal(
        "114.5"
    )
    assert (
        row["tax2Amount"] == 0
        and row["transactionFeeAmount"] == 0
        and row["depositAmount"] == 0
    )
    assert row["writeOffAmount"] == 0 and row["preAuthPayment"] is False
    assert row["billingLocationId"] == company.pk
    assert (
        row["billingStaffId"] is None
        and row["location"] is None
        and row["staff"] is None
    )
    assert row["comments"] == "Thanks!" and row["active"] is True
    first, second = row["invoiceItem"]
    assert (
        first["description"] == "Massage"
        and first["itemType"] == "APPOINTMENT"
        and first["productId"] == "SKU-1"
    )
    assert (first["quantity"], first["rate"], first["amount"]) == (
        1,
        Decimal("120.0"),
        Decimal("120.0"),
    )
    assert first["taxable"] is True and first["taxAmount"] == Decimal("12.0")
    assert (
        first["invoiceId"] == invoice.pk
        and first["clientId"] == client.pk
        and first["businessId"] == company.pk
    )
    assert (
        second["itemType"] == "CHARGE"
        and second["taxable"] is False
        and second["amount"] == Decimal("12.5")
    )
    nested = row["client"]
    assert nested["clientId"] == client.pk and nested["fullName"] == "Ana Ruiz"
    assert (nested["firstName"], nested["lastName"], nested["companyName"]) == (
        "Ana",
        "Ruiz",
        "Ruiz Studio",
    )
    assert (
        nested["externalUserName"] == "ext-77"
        and nested["cellPhone"] == "555"
        and nested["status"] == "ACTIVE"
    )


def test_invoice_detail_unknown_is_404_envelope():
    response = signed_in().get(LIVE + "invoices/999999")
    assert response.status_code == 404
    assert body(response) == {
        "errorMessage": "No invoice with id 999999.",
        "errorCode": "NOT_FOUND",
    }


def test_client_invoices_lists_only_that_clients_live_invoices():
    company = CompanyProfileFactory()
    mine, other = ClientFactory(), ClientFactory()
    kept = [
        InvoiceFactory(company_profile=company, client=mine, sent=True)
        for _ in range(2)
    ]
    draft = InvoiceFactory(company_profile=company, client=mine)
    gone = InvoiceFactory(company_profile=company, client=mine)
    invoice_delete(invoice=gone)
    InvoiceFactory(company_profile=company, client=other)
    api = signed_in()
    assert set(_ids(api.get(LIVE + f"invoices/client/{mine.pk}"))) == {
        kept[0].pk,
        kept[1].pk,
        draft.pk,
    }
    assert api.get(LIVE + "invoices/client/999999").status_code == 404


def test_test_host_serves_the_same_data():
    invoice = InvoiceFactory(company_profile=CompanyProfileFactory(), sent=True)
    api = signed_in()
    for path in (
        "invoices/status/OPEN",
        f"invoices/{invoice.pk}",
        f"invoices/client/{invoice.client_id}",
        "clients",
    ):
        live, test = api.get(LIVE + path), api.get(TEST + path)
        assert live.status_code == test.status_code == 200
        assert body(live) == body(test)


def test_domain_status_words_stay_in_step_with_the_list_filter():
    """Every invoice's `status` is the list it appears in."""
    company = CompanyProfileFactory()
    InvoiceFactory(company_profile=company, sent=True)
    paid = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=paid, amount=Decimal("100.00"))
    invoice_void(invoice=InvoiceFactory(company_profile=company, sent=True))
    api = signed_in()
    for word in ("OPEN", "CLOSED", "VOID"):
        rows = body(api.get(LIVE + f"invoices/status/{word}"))
        assert rows and {row["status"] for row in rows} == {word}
    assert Invoice.objects.count() == 3


@pytest.mark.parametrize(
    "params",
    [
        {"pageNumber": "99999999999999999999"},  # OFFSET past a 64-bit integer
        {"pageNumber": "922337203685477580", "pageSize": "500"},
        {"pageNumber": "9" * 5000},  # past Python's int() digit limit
    ],
)
def test_lists_far_past_the_end_are_empty_not_server_errors(params):
    invoice = InvoiceFactory(company_profile=CompanyProfileFactory(), sent=True)
    api = signed_in()
    for path in (
        "invoices/status/OPEN",
        f"invoices/client/{invoice.client_id}",
        "clients",
    ):
        response = api.get(LIVE + path, params)
        assert response.status_code == 200, (path, response.content)
        assert body(response) == []


@pytest.mark.parametrize("value", ["²", "١", "0", "000", "-1", "1.0", " "])
def test_paging_numbers_must_be_ascii_whole_numbers_of_1_or_more(value):
    response = signed_in().get(
        LIVE + "invoices/status/OPEN", {"pageNumber": "1", "pageSize": value}
    )
    if value == " ":  # blank is "not given": the default page size
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert body(response)["errorMessage"].startswith("pageSize:")


def test_paging_leading_zeros_are_the_number():
    company = CompanyProfileFactory()
    made = [InvoiceFactory(company_profile=company, sent=True) for _ in range(3)]
    response = signed_in().get(
        LIVE + "invoices/status/OPEN",
        {"order_field": "invoiceId", "pageNumber": "0002", "pageSize": "002"},
    )
    assert _ids(response) == [made[2].pk]


def test_client_invoices_page_and_order_like_the_status_list():
    company = CompanyProfileFactory()
    client = ClientFactory()
    dates = [dt.date(2026, 1, d) for d in (5, 1, 3, 2, 4)]
    made = {
        d: InvoiceFactory(
            company_profile=company, client=client, sent=True, invoice_date=d
        )
        for d in dates
    }
    by_date = [made[d].pk for d in sorted(dates)]
    api = signed_in()
    path = LIVE + f"invoices/client/{client.pk}"
    assert _ids(api.get(path, {"order_field": "invoiceDate"})) == by_date
    assert _ids(
        api.get(path, {"order_field": "invoiceDate", "order_mode": "desc"})
    ) == list(reversed(by_date))
    assert (
        _ids(
            api.get(
                path, {"order_field": "invoiceDate", "pageNumber": 2, "pageSize": 2}
            )
        )
        == by_date[2:4]
    )
    bad = api.get(path, {"order_field": "colour"})
    assert bad.status_code == 400 and body(bad)["errorCode"] == "BAD_REQUEST"
