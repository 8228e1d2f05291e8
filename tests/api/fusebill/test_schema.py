"""The Fusebill dialect in the served OpenAPI document (real URLconf)."""

import pytest

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PAGING_HEADERS = {
    "X-NextPage",
    "X-Count",
    "X-MaxCount",
    "X-CurrentPage",
    "X-PreviousPage",
    "X-PageSize",
    "X-MaxPageIndex",
    "X-SortOrder",
    "X-SortExpression",
}


@pytest.fixture
def openapi(client):
    client.force_login(UserFactory())
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def _parameters(operation) -> set[str]:
    return {p["name"] for p in operation.get("parameters", [])}


def test_openapi_lists_every_fusebill_endpoint_with_its_key_scheme(openapi):
    paths = openapi["paths"]
    for path in (
        "/fusebill/v1/Invoices",
        "/fusebill/v1/Customers/{customer_id}/Invoices",
        "/fusebill/v1/Invoices/{invoice_id}",
        "/fusebill/v1/Invoices/pdf/{invoice_id}",
    ):
        operation = paths[path]["get"]
        assert operation["security"] == [{"fusebillApiKey": []}], path
        assert "401" in operation["responses"] and "404" in operation["responses"]
    scheme = openapi["components"]["securitySchemes"]["fusebillApiKey"]
    assert (scheme["in"], scheme["name"]) == ("header", "Authorization")


@pytest.mark.parametrize(
    "path", ["/fusebill/v1/Invoices", "/fusebill/v1/Customers/{customer_id}/Invoices"]
)
def test_openapi_fusebill_lists_document_query_paging_sorting_and_headers(
    openapi, path
):
    operation = openapi["paths"][path]["get"]
    assert {"query", "pageSize", "pageNumber", "sortOrder", "sortExpression"} <= (
        _parameters(operation)
    )
    assert set(operation["responses"]["200"]["headers"]) == PAGING_HEADERS
    assert (
        operation["responses"]["200"]["content"]["application/json"]["schema"]["type"]
        == "array"
    )
    error = operation["responses"]["400"]["content"]["application/json"]["schema"]
    assert error["$ref"].endswith("/FusebillError")


def test_openapi_fusebill_detail_flags_and_invoice_object(openapi):
    detail = openapi["paths"]["/fusebill/v1/Invoices/{invoice_id}"]["get"]
    assert {"groupCharges", "showTrackedItems", "showZeroDollarCharges"} <= (
        _parameters(detail)
    )
    pdf = openapi["paths"]["/fusebill/v1/Invoices/pdf/{invoice_id}"]["get"]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    invoice = openapi["components"]["schemas"]["FusebillInvoice"]["properties"]
    for name in (
        "charges",
        "chargeGroups",
        "paymentSchedules",
        "taxes",
        "invoiceCustomer",
        "openingArBalance",
        "closingArBalance",
        "sumOfCreditNotes",
        "totalWriteoffs",
        "totalDiscount",
    ):
        assert name in invoice, name
    charge = openapi["components"]["schemas"]["FusebillCharge"]["properties"]
    assert {"chargeTiers", "discounts", "trackedItems"} <= set(charge)
    error = openapi["components"]["schemas"]["FusebillError"]["properties"]
    assert set(error) == {"ErrorId", "HttpStatusCode", "Errors"}
