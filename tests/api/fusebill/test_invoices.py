"""Fusebill's invoice endpoints, through real `Authorization: Basic <key>` auth."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.accounts.services import api_key_create
from apps.invoices.models import Invoice
from apps.invoices.services import invoice_void, invoice_write_off
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, TaxRateFactory, item_data
from tests.factories.payments import PaymentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.fusebill.urls")]

BASE = "/fusebill/v1/"
QUERY_NOT_VALID = (
    "Bad request, the query is not valid. Please check your request and try again."
)


def body(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content, parse_float=Decimal)


def error_of(response) -> tuple[int, str]:
    data = body(response)
    assert data["ErrorId"] == 0
    assert data["HttpStatusCode"] == response.status_code
    assert data["Errors"][0]["Key"] == "Api Error"
    return response.status_code, data["Errors"][0]["Value"]


def posted(company, **kwargs) -> Invoice:
    return InvoiceFactory(sent=True, company_profile=company, **kwargs)


# --- GET Invoices ---------------------------------------------------------------------


def test_invoices_list_bare_array_without_charges_and_without_drafts(api, company):
    sent = posted(company)
    InvoiceFactory(company_profile=company)  # a draft: not posted
    gone = posted(company)  # deleted before only drafts could be:
    Invoice.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    response = api.get(BASE + "Invoices")
    assert response.status_code == 200
    data = body(response)
    assert [row["id"] for row in data] == [sent.id]
    assert "charges" not in data[0]
    assert data[0]["invoiceNumber"] == sent.sequence
    assert data[0]["invoiceAmount"] == Decimal("100")
    assert response["X-Count"] == "1"


def test_invoices_list_includes_void_invoices(api, company):
    inv = posted(company)
    invoice_void(invoice=inv)
    data = body(api.get(BASE + "Invoices"))
    assert data[0]["paymentSchedules"][0]["status"] == "Void"


# --- GET Customers/{id}/Invoices ------------------------------------------------------


def test_customer_invoices_lists_only_that_customer_in_full(api, company):
    mine = posted(company)
    posted(company)  # another client's
    response = api.get(f"{BASE}Customers/{mine.client_id}/Invoices")
    data = body(response)
    assert [row["id"] for row in data] == [mine.id]
    assert data[0]["charges"][0]["name"] == "Design work"
    assert data[0]["customerId"] == mine.client_id


def test_customer_invoices_unknown_customer_is_404(api):
    assert error_of(api.get(BASE + "Customers/999/Invoices")) == (
        404,
        "Customer with id 999 not found.",
    )


# --- GET Invoices/{id} ----------------------------------------------------------------


def test_invoice_detail_fields(api, company):
    client = ClientFactory(
        first_name="Jessica", last_name="Smithson", reference="R-7", phone="555-0100"
    )
    inv = posted(
        company,
        client=client,
        po_number="PO-42",
        notes="api test",
        items=[
            item_data(
                quantity=Decimal("7"),
                unit_price=Decimal("37.7143"),
                product_code="GL-1",
            )
        ],
    )
    data = body(api.get(f"{BASE}Invoices/{inv.id}"))
    assert data["id"] == inv.id
    assert data["uri"] == f"http://testserver{BASE}Invoices/{inv.id}"
    assert data["invoiceNumber"] == inv.sequence
    assert data["poNumber"] == "PO-42"
    assert data["notes"] == "api test"
    assert data["effectiveTimestamp"] == f"{inv.invoice_date.isoformat()}T00:00:00"
    assert data["postedTimestamp"] == inv.sent_at.astimezone(dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%S"
    )
    charge = data["charges"][0]
    assert (charge["quantity"], charge["unitPrice"], charge["amount"]) == (
        7,
        Decimal("37.7143"),
        Decimal("264"),
    )
    assert charge["glCode"] == "GL-1"
    assert charge["netsuiteChargeItem"] == ""
    assert "trackedItems" not in charge
    assert data["subtotal"] == Decimal("264") and data["invoiceAmount"] == Decimal(
        "264"
    )
    assert data["outstandingBalance"] == Decimal("264") and data["totalPayments"] == 0
    assert data["terms"] == "Net30" and data["isDefaultTerms"] is True
    assert data["unsettled"] is False and data["invoiceInMemoryOnly"] is False
    customer = data["invoiceCustomer"]
    assert (customer["firstName"], customer["lastName"], customer["reference"]) == (
        "Jessica",
        "Smithson",
        "R-7",
    )
    assert (customer["status"], customer["currency"], customer["id"]) == (
        "Active",
        "USD",
        client.id,
    )
    assert customer["primaryPhone"] == "555-0100"
    billing = data["invoiceCustomerAddressPreference"]["billingAddress"]
    assert billing["line1"] == client.address_line_1 and billing["postalZip"] == "94110"
    schedule = data["paymentSchedules"][0]
    assert schedule == {
        "dueDateTimestamp": f"{inv.due_date.isoformat()}T00:00:00",
        "status": "Due",
        "amount": Decimal("264"),
        "outstandingBalance": Decimal("264"),
        "daysDueAfterTerm": 0,
    }
    assert (data["openingArBalance"], data["closingArBalance"]) == (0, Decimal("264"))


def test_invoice_money_is_written_as_exact_json_numbers(api, company):
    inv = posted(
        company, items=[item_data(quantity=Decimal("1"), unit_price=Decimal("0.10"))]
    )
    text = api.get(f"{BASE}Invoices/{inv.id}").content.decode()
    assert '"invoiceAmount":0.1,' in text
    assert '"unitPrice":0.1,' in text


def test_invoice_signature_escapes_company_text(api, company):
    company.name = "<b>A&B</b>"
    company.save()
    data = body(api.get(f"{BASE}Invoices/{posted(company).id}"))
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in data["invoiceSignature"]
    assert "<b>" not in data["invoiceSignature"]


def test_invoice_detail_unknown_and_draft_are_404(api, company):
    draft = InvoiceFactory(company_profile=company)
    assert error_of(api.get(BASE + "Invoices/2")) == (
        404,
        "Invoice with id 2 not found.",
    )
    assert error_of(api.get(f"{BASE}Invoices/{draft.id}")) == (
        404,
        f"Invoice with id {draft.id} not found.",
    )


def test_invoice_group_charges_by_item_group(api, company):
    inv = posted(
        company,
        items=[
            item_data(name="A", group="Bronze Membership"),
            item_data(name="B"),
            item_data(name="C", group="Bronze Membership"),
        ],
    )
    data = body(api.get(f"{BASE}Invoices/{inv.id}?groupCharges=true"))
    assert "charges" not in data
    groups = [
        (g["name"], [c["name"] for c in g["charges"]]) for g in data["chargeGroups"]
    ]
    assert groups == [("Bronze Membership", ["A", "C"]), ("Charges", ["B"])]
    assert data["chargeGroups"][0]["subscriptionId"] is None


def test_invoice_show_tracked_items_adds_empty_list(api, company):
    inv = posted(company)
    data = body(api.get(f"{BASE}Invoices/{inv.id}?showTrackedItems=True"))
    assert data["charges"][0]["trackedItems"] == []


def test_invoice_zero_dollar_charges_hidden_unless_asked(api, company):
    inv = posted(
        company,
        items=[item_data(name="Paid"), item_data(name="Free", unit_price=Decimal("0"))],
    )
    hidden = body(api.get(f"{BASE}Invoices/{inv.id}"))
    shown = body(api.get(f"{BASE}Invoices/{inv.id}?showZeroDollarCharges=true"))
    listed = body(
        api.get(f"{BASE}Customers/{inv.client_id}/Invoices?showZeroDollarCharges=false")
    )
    assert [c["name"] for c in hidden["charges"]] == ["Paid"]
    assert [c["name"] for c in shown["charges"]] == ["Paid", "Free"]
    assert [c["name"] for c in listed[0]["charges"]] == ["Paid"]


def test_invoice_bad_boolean_is_400(api, company):
    status, message = error_of(
        api.get(f"{BASE}Invoices/{posted(company).id}?groupCharges=maybe")
    )
    assert status == 400 and "groupCharges" in message


def test_invoice_discounts_and_taxes_grouped_by_rate(api, company):
    vat = TaxRateFactory(name="VAT", percent=Decimal("10"))
    inv = posted(
        company,
        items=[
            item_data(name="A", tax_rate_1_source=vat),
            item_data(
                name="B",
                tax_rate_1_source=vat,
                discount_type="percent",
                discount_value=Decimal("10"),
            ),
            item_data(name="C", tax_rate=Decimal("5")),
        ],
    )
    data = body(api.get(f"{BASE}Invoices/{inv.id}"))
    taxes = {(t["name"], t["percentage"]): t["amount"] for t in data["taxes"]}
    assert taxes == {("VAT", 10): Decimal("19"), ("Tax", 5): 5}
    assert data["taxes"][0]["taxRuleId"] == vat.id
    discount = data["charges"][1]["discounts"][0]
    assert (discount["configuredDiscountAmount"], discount["amount"]) == (10, 10)
    assert data["charges"][1]["amount"] == 100  # before the discount
    assert data["totalDiscount"] == 10


def test_invoice_terms_from_due_date(api, company):
    today = timezone.localdate()
    net15 = posted(company, invoice_date=today, due_date=today + dt.timedelta(days=15))
    odd = posted(company, invoice_date=today, due_date=today + dt.timedelta(days=14))
    assert body(api.get(f"{BASE}Invoices/{net15.id}"))["terms"] == "Net15"
    data = body(api.get(f"{BASE}Invoices/{odd.id}"))
    assert data["terms"] == f"DayOfMonth{odd.due_date.day}"
    assert data["defaultTerms"] == "Net30" and data["isDefaultTerms"] is False


def test_invoice_payment_schedule_status(api, company):
    today = timezone.localdate()
    overdue = posted(
        company,
        invoice_date=today - dt.timedelta(days=40),
        due_date=today - dt.timedelta(days=10),
    )
    paid = posted(company)
    PaymentFactory(invoice=paid, amount=Decimal("100"))
    written_off = posted(company)
    invoice_write_off(invoice=written_off)

    def schedule(inv):
        return body(api.get(f"{BASE}Invoices/{inv.id}"))["paymentSchedules"][0]

    assert (schedule(overdue)["status"], schedule(overdue)["daysDueAfterTerm"]) == (
        "Overdue",
        10,
    )
    assert schedule(paid)["status"] == "Paid"
    assert schedule(written_off)["status"] == "WrittenOff"
    data = body(api.get(f"{BASE}Invoices/{paid.id}"))
    assert (data["totalPayments"], data["outstandingBalance"]) == (100, 0)
    assert body(api.get(f"{BASE}Invoices/{written_off.id}"))["totalWriteoffs"] == 100


def test_invoice_ar_balances_follow_the_customer_history(api, company):
    client = ClientFactory()
    first = posted(company, client=client)
    second = posted(company, client=client, items=[item_data(unit_price=Decimal("20"))])
    PaymentFactory(invoice=second, amount=Decimal("15"))
    third = posted(company, client=client, items=[item_data(unit_price=Decimal("5"))])
    rows = {r["id"]: r for r in body(api.get(f"{BASE}Customers/{client.id}/Invoices"))}
    assert (rows[first.id]["openingArBalance"], rows[first.id]["closingArBalance"]) == (
        0,
        100,
    )
    assert (
        rows[second.id]["openingArBalance"],
        rows[second.id]["closingArBalance"],
    ) == (100, 125)
    assert (rows[third.id]["openingArBalance"], rows[third.id]["closingArBalance"]) == (
        125,
        135,
    )


# --- the query parameter, through the API ---------------------------------------------


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in body(response)]


def test_query_string_wildcard_and_empty(api, company):
    a = posted(company, po_number="PO-555-1")
    b = posted(company, po_number="X-555")
    c = posted(company)
    assert ids(api.get(BASE + "Invoices", {"query": "poNumber:po-555-1"})) == [a.id]
    assert ids(api.get(BASE + "Invoices", {"query": "poNumber:PO*"})) == [a.id]
    assert ids(api.get(BASE + "Invoices", {"query": "poNumber:*555*"})) == [a.id, b.id]
    assert ids(api.get(BASE + "Invoices", {"query": "poNumber:[empty]"})) == [c.id]


def test_query_sets_on_invoice_number_and_customer(api, company):
    a, b, c = posted(company), posted(company), posted(company)
    assert ids(
        api.get(
            BASE + "Invoices", {"query": f"invoiceNumber:{a.sequence},{c.sequence}"}
        )
    ) == [a.id, c.id]
    assert ids(api.get(BASE + "Invoices", {"query": f"customerId:{b.client_id}"})) == [
        b.id
    ]


def test_query_date_range_upper_bound_is_exclusive(api, company):
    a, b, c = posted(company), posted(company), posted(company)
    for inv, moment in (
        (a, "2018-01-01T00:00:00"),
        (b, "2018-12-31T23:59:59"),
        (c, "2019-01-01T00:00:00"),
    ):
        Invoice.objects.filter(pk=inv.pk).update(
            created_at=dt.datetime.fromisoformat(moment).replace(tzinfo=dt.UTC)
        )
    assert ids(
        api.get(BASE + "Invoices", {"query": "createdTimestamp:2018-01-01|2019-01-01"})
    ) == [a.id, b.id]
    assert ids(
        api.get(BASE + "Invoices", {"query": "createdTimestamp:2018-06-01|"})
    ) == [b.id, c.id]
    assert ids(
        api.get(BASE + "Invoices", {"query": "createdTimestamp:|2018-01-01T00:00:01"})
    ) == [a.id]


def test_query_effective_timestamp_on_invoice_date(api, company):
    a = posted(company, invoice_date=dt.date(2018, 1, 1), due_date=dt.date(2018, 1, 31))
    posted(company, invoice_date=dt.date(2019, 1, 1), due_date=dt.date(2019, 1, 31))
    assert ids(
        api.get(
            BASE + "Invoices", {"query": "effectiveTimestamp:2018-01-01|2019-01-01"}
        )
    ) == [a.id]


def test_query_decimal_range_on_closing_ar_balance_and_and(api, company):
    client = ClientFactory()
    first = posted(company, client=client)  # closing 100
    second = posted(company, client=client, po_number="B")  # closing 200
    assert ids(
        api.get(
            f"{BASE}Customers/{client.id}/Invoices",
            {"query": "closingArBalance:150|200"},
        )
    ) == [second.id]
    assert ids(
        api.get(
            f"{BASE}Customers/{client.id}/Invoices", {"query": "openingArBalance:|0"}
        )
    ) == [first.id]
    both = "closingArBalance:50.00|;poNumber:B"
    assert ids(api.get(f"{BASE}Customers/{client.id}/Invoices", {"query": both})) == [
        second.id
    ]


def test_query_customer_fields(api, company):
    gone = ClientFactory(is_active=False, reference="REF-1")
    a = posted(company, client=gone)
    b = posted(company)
    assert ids(api.get(BASE + "Invoices", {"query": "Customer.Status:Cancelled"})) == [
        a.id
    ]
    assert ids(
        api.get(BASE + "Invoices", {"query": "Customer.Status:Active,Hold"})
    ) == [b.id]
    assert ids(
        api.get(
            BASE + "Invoices", {"query": "Customer.CustomerReference.Reference1:ref-*"}
        )
    ) == [a.id]
    assert ids(api.get(BASE + "Invoices", {"query": "Customer.Arbalance:100|100"})) == [
        a.id,
        b.id,
    ]


@pytest.mark.parametrize(
    "query", ["bogus:1", "poNumber", "invoiceNumber:x", "createdTimestamp:2018-02-30|"]
)
def test_query_invalid_is_400_with_fusebill_message(api, company, query):
    assert error_of(api.get(BASE + "Invoices", {"query": query})) == (
        400,
        QUERY_NOT_VALID,
    )


def test_query_customer_names_not_accepted_on_customer_endpoint(api, company):
    inv = posted(company)
    response = api.get(
        f"{BASE}Customers/{inv.client_id}/Invoices",
        {"query": f"customerId:{inv.client_id}"},
    )
    assert error_of(response) == (400, QUERY_NOT_VALID)


# --- paging and sorting ---------------------------------------------------------------


def test_paging_headers_through_the_pages(api, company):
    made = [posted(company) for _ in range(5)]
    first = api.get(BASE + "Invoices", {"pageSize": "2", "pageNumber": "0"})
    assert ids(first) == [made[0].id, made[1].id]
    assert {
        k: first[k]
        for k in (
            "X-Count",
            "X-MaxCount",
            "X-CurrentPage",
            "X-NextPage",
            "X-PreviousPage",
            "X-PageSize",
            "X-MaxPageIndex",
            "X-SortOrder",
            "X-SortExpression",
        )
    } == {
        "X-Count": "5",
        "X-MaxCount": "5",
        "X-CurrentPage": "0",
        "X-NextPage": "1",
        "X-PreviousPage": "-1",
        "X-PageSize": "2",
        "X-MaxPageIndex": "2",
        "X-SortOrder": "Ascending",
        "X-SortExpression": "id",
    }
    last = api.get(BASE + "Invoices", {"pageSize": "2", "pageNumber": "2"})
    assert ids(last) == [made[4].id]
    assert (last["X-CurrentPage"], last["X-NextPage"], last["X-PreviousPage"]) == (
        "2",
        "2",
        "1",
    )


def test_paging_past_the_end_is_empty_200(api, company):
    posted(company)
    response = api.get(BASE + "Invoices", {"pageSize": "10", "pageNumber": "3"})
    assert response.status_code == 200 and body(response) == []
    assert response["X-MaxPageIndex"] == "0"


def test_paging_empty_list_headers(api):
    response = api.get(BASE + "Invoices")
    assert body(response) == []
    assert (
        response["X-Count"],
        response["X-MaxPageIndex"],
        response["X-PageSize"],
    ) == ("0", "0", "100")


def test_paging_count_is_filtered_max_count_is_not(api, company):
    a = posted(company, po_number="A")
    posted(company)
    response = api.get(BASE + "Invoices", {"query": "poNumber:A"})
    assert ids(response) == [a.id]
    assert (response["X-Count"], response["X-MaxCount"]) == ("1", "2")


def test_paging_page_size_is_capped_at_1000(api):
    assert api.get(BASE + "Invoices", {"pageSize": "5000"})["X-PageSize"] == "1000"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("pageSize", "-1"),
        ("pageSize", "ten"),
        ("pageSize", "0"),
        ("pageNumber", "-1"),
        ("pageNumber", "1.5"),
    ],
)
def test_paging_bad_values_are_400(api, name, value):
    status, message = error_of(api.get(BASE + "Invoices", {name: value}))
    assert status == 400 and name in message


def test_sorting_descending_by_invoice_number_echoed(api, company):
    made = [posted(company) for _ in range(3)]
    response = api.get(
        BASE + "Invoices",
        {"sortOrder": "Descending", "sortExpression": "invoiceNumber"},
    )
    assert ids(response) == [inv.id for inv in reversed(made)]
    assert (response["X-SortOrder"], response["X-SortExpression"]) == (
        "Descending",
        "invoiceNumber",
    )


def test_sorting_strings_put_nulls_and_blanks_first(api, company):
    b = posted(company, po_number="bravo")
    a = posted(company, po_number="alpha")
    none = posted(company)
    response = api.get(
        BASE + "Invoices", {"sortOrder": "ascending", "sortExpression": "PONUMBER"}
    )
    assert ids(response) == [none.id, a.id, b.id]
    assert response["X-SortExpression"] == "poNumber"


def test_sorting_bad_values_are_400(api):
    assert error_of(api.get(BASE + "Invoices", {"sortOrder": "Up"}))[0] == 400
    assert error_of(api.get(BASE + "Invoices", {"sortExpression": "colour"}))[0] == 400


# --- paths, auth, errors --------------------------------------------------------------


def test_paths_match_any_case_and_trailing_slash(api, company):
    inv = posted(company)
    assert api.get(BASE + "Invoices/?pageSize=10").status_code == 200
    assert api.get(f"{BASE}invoices/{inv.id}").status_code == 200
    assert api.get(f"{BASE}INVOICES/{inv.id}/").status_code == 200
    assert api.get(f"{BASE}customers/{inv.client_id}/invoices").status_code == 200
    assert api.get(f"{BASE}Customers/{inv.client_id}/Invoices/").status_code == 200


def test_get_with_empty_json_body_is_accepted(api, company):
    inv = posted(company)
    response = api.generic(
        "GET", f"{BASE}Invoices/{inv.id}", "{}", content_type="application/json"
    )
    assert response.status_code == 200


def test_unknown_path_and_wrong_method_answer_fusebill_json(api, company):
    assert error_of(api.get(BASE + "Subscriptions/1"))[0] == 404
    # POST Invoices posts a draft (?draftInvoiceId=), so DELETE is the wrong method.
    assert error_of(api.delete(BASE + "Invoices"))[0] == 405


def test_auth_missing_header_is_401_bad_format(client):
    response = client.get(BASE + "Invoices")
    assert error_of(response) == (
        401,
        "Authorization key is not in the correct format.",
    )


@pytest.mark.parametrize("header", ["Bearer abc", "Basic", "Basic a b", "abc"])
def test_auth_malformed_header_is_401_bad_format(client, header):
    response = client.get(BASE + "Invoices", HTTP_AUTHORIZATION=header)
    assert error_of(response) == (
        401,
        "Authorization key is not in the correct format.",
    )


def test_auth_unknown_key_is_401_not_valid(client):
    response = client.get(
        BASE + "Invoices", HTTP_AUTHORIZATION="Basic rmt_not-a-real-key"
    )
    assert error_of(response) == (401, "Authorization key is not valid.")


def test_auth_key_of_inactive_user_is_refused(client, staff_user):
    key = api_key_create(user=staff_user).key
    staff_user.is_active = False
    staff_user.save()
    assert (
        client.get(BASE + "Invoices", HTTP_AUTHORIZATION=f"Basic {key}").status_code
        == 401
    )


# --- PDF and payment allocations ------------------------------------------------------


def test_invoice_pdf(api, company):
    inv = posted(company)
    response = api.get(f"{BASE}Invoices/pdf/{inv.id}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_invoice_pdf_unknown_is_404(api):
    assert error_of(api.get(BASE + "invoices/pdf/12345")) == (
        404,
        "Invoice with id 12345 not found.",
    )


def test_payment_allocations(api, company):
    inv = posted(company)
    payment = PaymentFactory(invoice=inv, amount=Decimal("30.00"), reference="CHK-1")
    data = body(api.get(f"{BASE}invoices/{inv.id}/paymentAllocations"))
    assert len(data) == 1
    assert (data[0]["paymentId"], data[0]["amount"], data[0]["reference"]) == (
        payment.id,
        30,
        "CHK-1",
    )
    assert data[0]["invoiceId"] == inv.id


# --- query counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # key, count, page, items, tax rates, AR balances
        ("Invoices", 6),
        # + the customer's existence
        ("Customers/{client}/Invoices", 7),
    ],
)
def test_list_query_count_is_flat(
    api, company, path, expected, django_assert_num_queries
):
    client = ClientFactory()
    vat = TaxRateFactory()
    items = [item_data(tax_rate_1_source=vat), item_data(name="Second")]
    for _ in range(5):
        posted(company, client=client, items=items)
    url = BASE + path.format(client=client.id) + "?pageSize=1000"
    # A credential's first call records its use (one write a minute); count later calls.
    api.get(url)
    with django_assert_num_queries(expected):
        assert len(body(api.get(url))) == 5
    for _ in range(95):
        posted(company, client=client, items=items)
    with django_assert_num_queries(expected):
        assert len(body(api.get(url))) == 100


def test_filtered_list_adds_only_the_unfiltered_count(
    api, company, django_assert_num_queries
):
    for _ in range(3):
        posted(company, po_number="A")
    # key, filtered count, unfiltered count, page, items, AR balances (no tax rates)
    # A credential's first call records its use (one write a minute); count later calls.
    api.get(BASE + "Invoices")
    with django_assert_num_queries(6):
        assert len(body(api.get(BASE + "Invoices", {"query": "poNumber:A"}))) == 3


def test_rate_limit_answers_429_envelope(api, monkeypatch):
    from django.core.cache import cache

    from apps.api.fusebill.views import FusebillThrottle

    cache.clear()
    monkeypatch.setattr(FusebillThrottle, "rate", "2/min")
    assert api.get(BASE + "Invoices").status_code == 200
    assert api.get(BASE + "Invoices").status_code == 200
    response = api.get(BASE + "Invoices")
    assert error_of(response)[0] == 429
    assert int(response["Retry-After"]) > 0


def test_sorting_on_computed_ar_balance(api, company):
    client = ClientFactory()
    first, second = posted(company, client=client), posted(company, client=client)
    response = api.get(
        BASE + "Invoices",
        {"sortOrder": "Descending", "sortExpression": "closingArBalance"},
    )
    assert ids(response) == [second.id, first.id]


def test_server_error_is_500_envelope_not_html(api, company, monkeypatch):
    from apps.api.fusebill import outputs

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(outputs, "invoice", broken)
    response = api.get(f"{BASE}Invoices/{posted(company).id}")
    assert error_of(response) == (500, "An error has occurred.")


def test_credit_memos_are_credit_notes_not_invoices_or_payments(api, company):
    from apps.payments.services import payment_apply_credit_memo

    inv = posted(company)
    memo = posted(company, client=inv.client, type=Invoice.Type.CREDIT_MEMO)
    payment_apply_credit_memo(invoice=inv, credit_memo=memo, amount=Decimal("30"))
    PaymentFactory(invoice=inv, amount=Decimal("20"))
    assert ids(api.get(BASE + "Invoices")) == [inv.id]
    data = body(api.get(f"{BASE}Invoices/{inv.id}"))
    assert (data["sumOfCreditNotes"], data["totalPayments"]) == (30, 20)
    assert data["outstandingBalance"] == 50
    allocations = body(api.get(f"{BASE}invoices/{inv.id}/paymentAllocations"))
    assert [a["amount"] for a in allocations] == [20]
    assert error_of(api.get(f"{BASE}Invoices/{memo.id}"))[0] == 404


def test_unused_credit_memo_is_not_receivable(api, company):
    inv = posted(company)
    posted(company, client=inv.client, type=Invoice.Type.CREDIT_MEMO)
    later = posted(company, client=inv.client)
    data = body(api.get(f"{BASE}Invoices/{later.id}"))
    assert (data["openingArBalance"], data["closingArBalance"]) == (100, 200)


def test_flags_combine_on_the_customer_list_and_the_detail(api, company):
    inv = posted(
        company,
        items=[
            item_data(name="Seat", group="Gold Plan"),
            item_data(name="Setup", group="Gold Plan", unit_price=Decimal("0")),
        ],
    )
    flags = {
        "groupCharges": "TRUE",
        "showZeroDollarCharges": "true",
        "showTrackedItems": "true",
        "view": "default",
    }
    listed = body(api.get(f"{BASE}Customers/{inv.client_id}/Invoices", flags))[0]
    detail = body(api.get(f"{BASE}Invoices/{inv.id}", flags))
    for data in (listed, detail):
        assert "charges" not in data
        (group,) = data["chargeGroups"]
        assert group["name"] == "Gold Plan"
        assert [c["name"] for c in group["charges"]] == ["Seat", "Setup"]
        assert all(c["trackedItems"] == [] for c in group["charges"])
    hidden = body(api.get(f"{BASE}Invoices/{inv.id}", {"groupCharges": "true"}))
    assert [c["name"] for c in hidden["chargeGroups"][0]["charges"]] == ["Seat"]
    assert "trackedItems" not in hidden["chargeGroups"][0]["charges"][0]
