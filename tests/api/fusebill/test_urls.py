"""The real URLconf routes /fusebill/v1/ to this dialect (the other tests use a
Fusebill-only URLconf so they do not depend on the other dialects' modules)."""

import pytest
from django.urls import resolve, reverse

from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/fusebill/v1/Invoices", "invoice-list"),
        ("/fusebill/v1/invoices/", "invoice-list"),
        ("/fusebill/v1/Invoices/7", "invoice-detail"),
        ("/fusebill/v1/Invoices/pdf/7/", "invoice-pdf"),
        ("/fusebill/v1/invoices/7/paymentAllocations", "invoice-payment-allocations"),
        ("/fusebill/v1/customers/3/invoices", "customer-invoice-list"),
    ],
)
def test_config_urls_route_to_fusebill(path, name):
    match = resolve(path)
    assert (match.namespace, match.url_name) == ("fusebill", name)


def test_config_urls_reverse_fusebill():
    assert (
        reverse("fusebill:invoice-detail", kwargs={"invoice_id": 5})
        == "/fusebill/v1/Invoices/5"
    )


def test_config_urls_serve_an_invoice(api, company):
    invoice = InvoiceFactory(sent=True, company_profile=company)
    response = api.get(f"/fusebill/v1/invoices/{invoice.id}")
    assert response.status_code == 200
    assert response.json()["id"] == invoice.id
