"""Every list answers in a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.models import CustomField
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory, item_data

from .helpers import LIVE, body, signed_in

pytestmark = pytest.mark.django_db


def _queries(api, path, params=None) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, params or {})
    assert response.status_code == 200, response.content
    return len(captured), len(body(response))


def _make(company, client, n):
    for _ in range(n):
        ClientFactory(custom={})
        InvoiceFactory(
            company_profile=company,
            client=client,
            sent=True,
            items=[item_data(), item_data(name="B")],
        )


def test_list_endpoints_query_counts_are_flat_for_5_and_100_rows():
    company = CompanyProfileFactory()
    CustomField.objects.create(module="clients", column_name="column_1", label="Tier")
    client = ClientFactory(custom={"column_1": "Gold"})
    api = signed_in()
    endpoints = [
        (LIVE + "invoices/status/OPEN", {}),
        (LIVE + f"invoices/client/{client.pk}", {}),
        (LIVE + "clients", {"pageSize": 500}),
        (LIVE + "invoices/status/OPEN", {"pageNumber": 1, "pageSize": 500}),
    ]
    _make(company, client, 5)
    # A credential's first call records its use (one write a minute); count later calls.
    _queries(api, *endpoints[0])
    small = [_queries(api, path, params) for path, params in endpoints]
    _make(company, client, 95)
    large = [_queries(api, path, params) for path, params in endpoints]
    assert [rows for _, rows in small] == [5, 5, 6, 5]
    assert [rows for _, rows in large] == [100, 100, 101, 100]
    assert [count for count, _ in small] == [count for count, _ in large]
    assert max(count for count, _ in large) <= 6
