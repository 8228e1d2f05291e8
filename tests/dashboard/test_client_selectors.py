from decimal import Decimal

import pytest
from django.urls import reverse

from apps.dashboard.client_selectors import client_overview
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def test_client_overview_lists_only_this_clients_documents(staff_user):
    mine, other = ClientFactory(), ClientFactory()
    invoice = InvoiceFactory(client=mine, sent=True)
    quote = QuoteFactory(client=mine)
    payment = PaymentFactory(invoice=invoice, amount=Decimal("5.00"))
    PaymentFactory(invoice=InvoiceFactory(client=other, sent=True))
    QuoteFactory(client=other)

    overview = client_overview(user=staff_user, client=mine)

    assert overview.invoices == [invoice]
    assert overview.quotes == [quote]
    assert overview.payments == [payment]


def test_client_overview_keeps_the_latest_few_newest_first(staff_user):
    client = ClientFactory()
    invoices = [InvoiceFactory(client=client) for _ in range(3)]

    overview = client_overview(user=staff_user, client=client, recent=2)

    assert overview.invoices == [invoices[2], invoices[1]]


def test_client_page_keeps_its_url_name_and_shows_the_lists(staff_client):
    client = ClientFactory()
    invoice = InvoiceFactory(client=client, sent=True)
    quote = QuoteFactory(client=client)

    url = reverse("clients:detail", args=[client.pk])
    response = staff_client.get(url)

    assert url == f"/clients/{client.pk}/"
    assert response.status_code == 200
    assert response.context["invoices"] == [invoice]
    assert response.context["quotes"] == [quote]
    assert invoice.number.encode() in response.content
