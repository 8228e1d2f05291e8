import pytest

from apps.accounts.roles import SYSTEM
from apps.api.timetap import schema
from apps.api.timetap.outputs import (
    OutputContext,
    client_data,
    invoice_data,
    quote_data,
)
from apps.api.timetap.query import invoices_for
from apps.quotes.selectors import quote_get
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_describes_the_timetap_dialect(client):
    client.force_login(UserFactory())
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for base in ("/timetap/live/", "/timetap/test/"):
        assert base + "sessionToken" in paths
        assert base + "invoices/status/{status_string}" in paths
        assert {"post", "put"} <= set(paths[base + "invoices"])
    listing = paths["/timetap/live/invoices/status/{status_string}"]["get"]
    assert {"invoiceStartDate", "chargeEndDate", "pageNumber", "order_field"} <= {
        p["name"] for p in listing["parameters"]
    }
    schemas = response.json()["components"]["schemas"]
    assert "subStatus" in schemas["TimeTapInvoice"]["properties"]


def test_schema_field_lists_match_what_the_dialect_writes():
    company = CompanyProfileFactory()
    invoice = InvoiceFactory(company_profile=company, sent=True)
    row = invoice_data(invoices_for(SYSTEM).get(pk=invoice.pk), OutputContext())
    assert list(row) == list(schema.InvoiceSchema().fields)
    assert list(row["invoiceItem"][0]) == list(schema.InvoiceItemSchema().fields)
    assert list(client_data(invoice.client, OutputContext())) == list(
        schema.ClientSchema().fields
    )
    quote = QuoteFactory(company_profile=company)
    assert list(
        quote_data(quote_get(user=SYSTEM, pk=quote.pk), OutputContext())
    ) == list(schema.InvoiceSchema().fields)
