"""Every `query` name the Fusebill docs list for each endpoint is accepted, through
the API; values at the edges of what dates and text can hold answer 200 or the
documented 400, never a server error. The names are copied from Fusebill's own
query-parameter tables, not imported from the code under test."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from apps.invoices.models import Invoice
from tests.factories.invoices import InvoiceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.fusebill.urls")]

BASE = "/fusebill/v1/"
QUERY_NOT_VALID = (
    "Bad request, the query is not valid. Please check your request and try again."
)

# Fusebill's GET Customers/{id}/Invoices, with one valid value of each kind
CUSTOMER_INVOICE_NAMES = {
    "createdTimestamp": "2018-01-01|2019-01-01",
    "postedTimestamp": "2018-01-01|",
    "effectiveTimestamp": "|2019-01-01",
    "closingArBalance": "50.00|180.00",
    "openingArBalance": "|180.00",
    "invoiceNumber": "290",
    "totalInstallments": "1",
    "quickBooksId": "12",
    "poNumber": "PO*",
    "salesforceID": "[empty]",
    "netsuiteId": "*555*",
}
# [FB-list-all]: GET Invoices takes those plus these
INVOICE_ONLY_NAMES = {
    "customerId": "123,456",
    "Customer.Status": "Active,Draft",
    "Customer.AccountStatus": "Good",
    "Customer.Arbalance": "0|",
    "Customer.CurrentMrr": "|180.00",
    "Customer.CurrentNetMrr": "50.00|",
    "Customer.MonthlyRecurringRevenue": "0|0",
    "Customer.NetMRR": "0|1",
    "Customer.CreatedTimestamp": "2018-01-01|",
    "Customer.ModifiedTimestamp": "|2019-01-01T10:30:00",
    "Customer.ParentId": "7",
    "Customer.CustomerReference.Reference1": "R-*",
    "Customer.CustomerReference.Reference2": "[empty]",
    "Customer.CustomerReference.Reference3": "abc",
}


def body(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content, parse_float=Decimal)


def error_of(response) -> tuple[int, str]:
    data = body(response)
    assert data["HttpStatusCode"] == response.status_code
    return response.status_code, data["Errors"][0]["Value"]


def posted(company, **kwargs) -> Invoice:
    return InvoiceFactory(sent=True, company_profile=company, **kwargs)


@pytest.mark.parametrize(
    ("name", "value"), {**CUSTOMER_INVOICE_NAMES, **INVOICE_ONLY_NAMES}.items()
)
def test_every_documented_name_filters_get_invoices(api, company, name, value):
    posted(company)
    response = api.get(BASE + "Invoices", {"query": f"{name}:{value}"})
    assert response.status_code == 200, response.content
    assert isinstance(body(response), list)


@pytest.mark.parametrize(("name", "value"), CUSTOMER_INVOICE_NAMES.items())
def test_every_documented_name_filters_customer_invoices(api, company, name, value):
    inv = posted(company)
    response = api.get(
        f"{BASE}Customers/{inv.client_id}/Invoices", {"query": f"{name}:{value}"}
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("name", INVOICE_ONLY_NAMES)
def test_all_invoices_names_are_not_valid_on_one_customer(api, company, name):
    inv = posted(company)
    value = INVOICE_ONLY_NAMES[name]
    response = api.get(
        f"{BASE}Customers/{inv.client_id}/Invoices", {"query": f"{name}:{value}"}
    )
    assert error_of(response) == (400, QUERY_NOT_VALID)


@pytest.mark.parametrize(
    "name",
    [
        "postedTimestamp",
        "modifiedTimestamp",
        "createdTimestamp",
        "Customer.CreatedTimestamp",
    ],
)
def test_timestamp_names_filter_their_own_moment(api, company, name):
    inv = posted(company)
    column = {
        "postedTimestamp": "sent_at",
        "modifiedTimestamp": "updated_at",
        "createdTimestamp": "created_at",
    }.get(name)
    moment = dt.datetime(2018, 6, 1, 12, 0, tzinfo=dt.UTC)
    if column:
        Invoice.objects.filter(pk=inv.pk).update(**{column: moment})
    else:
        type(inv.client).objects.filter(pk=inv.client_id).update(created_at=moment)
    ids = [
        row["id"]
        for row in body(api.get(BASE + "Invoices", {"query": f"{name}:2018-06-01"}))
    ]
    assert ids == [inv.id]
    assert body(api.get(BASE + "Invoices", {"query": f"{name}:2018-06-02|"})) == []


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("effectiveTimestamp:9999-12-31", False),  # the last day there is
        ("effectiveTimestamp:9999-12-31T23:59:59|", False),
        ("effectiveTimestamp:|9999-12-31T23:59:59", True),
        ("effectiveTimestamp:0001-01-01|", True),
        ("createdTimestamp:9999-12-31", False),
        ("createdTimestamp:|9999-12-31T23:59:59", True),
        ("postedTimestamp:9999-12-31T23:59:59", False),
        ("Customer.ModifiedTimestamp:9999-12-31", False),
    ],
)
def test_date_bounds_at_the_end_of_the_calendar(api, company, query, matches):
    inv = posted(company)
    response = api.get(BASE + "Invoices", {"query": query})
    assert response.status_code == 200, response.content
    assert [row["id"] for row in body(response)] == ([inv.id] if matches else [])


def test_effective_timestamp_on_the_last_day_matches_that_day(api, company):
    last = dt.date(9999, 12, 31)
    inv = posted(company, invoice_date=last, due_date=last)
    for query in ("effectiveTimestamp:9999-12-31", "effectiveTimestamp:9999-12-31|"):
        ids = [row["id"] for row in body(api.get(BASE + "Invoices", {"query": query}))]
        assert ids == [inv.id], query
    later = "effectiveTimestamp:9999-12-31T00:00:01|"
    assert body(api.get(BASE + "Invoices", {"query": later})) == []


@pytest.mark.parametrize(
    "query",
    [
        "poNumber:a\x00b",
        "poNumber:a\x00*",
        "Customer.CustomerReference.Reference1:\x00",
    ],
)
def test_nul_in_a_query_is_the_documented_400(api, company, query):
    posted(company)
    assert error_of(api.get(BASE + "Invoices", {"query": query})) == (
        400,
        QUERY_NOT_VALID,
    )


@pytest.mark.parametrize("order", ["Ascending", "Descending"])
@pytest.mark.parametrize("name", [*CUSTOMER_INVOICE_NAMES, *INVOICE_ONLY_NAMES])
def test_every_filter_name_is_a_sort_expression_echoed_back(api, company, name, order):
    """[FB-sort]: sortExpression may be any name usable in filtering."""
    made = [posted(company) for _ in range(2)]
    response = api.get(
        BASE + "Invoices", {"sortOrder": order, "sortExpression": name.upper()}
    )
    assert response.status_code == 200, response.content
    assert (response["X-SortOrder"], response["X-SortExpression"]) == (order, name)
    assert sorted(row["id"] for row in body(response)) == [inv.id for inv in made]
