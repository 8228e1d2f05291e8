"""Every list keeps a flat number of queries: 5 rows cost what 100 rows cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.models import CustomField
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/clients",
    "/api/v1/invoices",
    "/api/v1/quotes",
    "/api/v1/payments",
    "/api/v1/invoices?paginated_response=1&per_page=100&include_custom_fields=1",
    "/api/v1/payments?paginated_response=1&per_page=100",
    "/api/v1/clients?paginated_response=1&per_page=100",
    "/api/v1/quotes?paginated_response=1&per_page=100&include_custom_fields=1",
    # filtered and sorted: the grammar adds conditions, never per-row queries
    "/api/v1/invoices?client->email=@&items->name=design&custom->column_1=!=x&s=number&o=desc&status=unpaid",
    "/api/v1/quotes?client->email=@&amount->total=100&s=clients.name&status=draft",
    "/api/v1/payments?search=&invoice->number=0&s=invoices.number&include_custom_fields=1",
    "/api/v1/clients?invoices->summary=&active=1&s=balance&o=desc&include_custom_fields=1",
    "/api/v1/clients?email=@&currency_code=usd&where_operator=and&paginated_response=1&per_page=100",
]


def _make(count, profile):
    for _ in range(count):
        client = ClientFactory()
        invoice = InvoiceFactory(client=client, company_profile=profile, sent=True)
        PaymentFactory(invoice=invoice)
        QuoteFactory(client=client, company_profile=profile)


def _count(api, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path)
    assert response.status_code == 200
    data = response.json()["data"]
    rows = data["data"] if isinstance(data, dict) else data
    assert len(rows) >= 5, (
        f"{path} matched {len(rows)} rows: the count would prove nothing"
    )
    return len(ctx.captured_queries)


def test_list_query_counts_are_flat(api, profile):
    CustomField.objects.create(module="invoices", column_name="column_1", label="PO")
    _make(5, profile)
    # A credential's first call records its use (one write a minute); count later calls.
    _count(api, PATHS[0])
    few = {path: _count(api, path) for path in PATHS}
    _make(95, profile)
    many = {path: _count(api, path) for path in PATHS}
    assert few == many, f"queries for 5 rows {few}, for 100 rows {many}"
    assert max(many.values()) <= 6
