from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.clients.models import Client
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Acme Ltd",
    "type": "customer",
    "is_active": "on",
    "email": "ap@acme.example",
    "city": "Leeds",
    "country": "gb",
    "currency": "gbp",
}


def _urls(client_obj):
    return [
        reverse("clients:list"),
        reverse("clients:create"),
        reverse("clients:detail", args=[client_obj.pk]),
        reverse("clients:update", args=[client_obj.pk]),
    ]


def test_client_pages_render_for_staff(staff_client):
    client_obj = ClientFactory()
    for url in _urls(client_obj):
        assert staff_client.get(url).status_code == 200, url


def test_client_pages_redirect_anonymous_and_refuse_non_staff(client):
    client_obj = ClientFactory()
    urls = [*_urls(client_obj), reverse("clients:delete", args=[client_obj.pk])]
    for url in urls:
        response = client.get(url) if not url.endswith("/delete/") else client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    client.force_login(UserFactory(is_staff=False))
    for url in urls:
        response = client.get(url) if not url.endswith("/delete/") else client.post(url)
        assert response.status_code == 403, url
    assert Client.objects.get(pk=client_obj.pk).deleted_at is None


def test_client_create_through_the_page(staff_client, staff_user):
    response = staff_client.post(reverse("clients:create"), VALID)
    client_obj = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == client_obj.get_absolute_url()
    assert (client_obj.name, client_obj.currency, client_obj.country) == (
        "Acme Ltd",
        "GBP",
        "GB",
    )
    assert client_obj.created_by == staff_user


def test_client_create_unknown_currency_is_a_form_error_and_writes_nothing(
    staff_client,
):
    response = staff_client.post(
        reverse("clients:create"), {**VALID, "currency": "XYZ"}
    )
    assert response.status_code == 200
    assert "currency" in response.context["form"].errors
    assert "not a known currency" in response.content.decode()
    assert not Client.objects.exists()


def test_client_create_requires_a_name(staff_client):
    response = staff_client.post(reverse("clients:create"), {**VALID, "name": ""})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Client.objects.exists()


def test_client_update_through_the_page(staff_client):
    client_obj = ClientFactory(name="Old name", currency="USD")
    response = staff_client.get(reverse("clients:update", args=[client_obj.pk]))
    assert response.context["form"].initial["name"] == "Old name"
    response = staff_client.post(
        reverse("clients:update", args=[client_obj.pk]), {**VALID, "name": "New name"}
    )
    assert response.status_code == 302
    client_obj.refresh_from_db()
    assert (client_obj.name, client_obj.currency, client_obj.city) == (
        "New name",
        "GBP",
        "Leeds",
    )


def test_client_update_bad_currency_changes_nothing(staff_client):
    client_obj = ClientFactory(name="Keep", currency="USD")
    response = staff_client.post(
        reverse("clients:update", args=[client_obj.pk]),
        {**VALID, "name": "Changed", "currency": "ZZZ"},
    )
    assert response.status_code == 200
    assert "currency" in response.context["form"].errors
    client_obj.refresh_from_db()
    assert (client_obj.name, client_obj.currency) == ("Keep", "USD")


def test_client_delete_is_soft_and_post_only(staff_client):
    client_obj = ClientFactory()
    url = reverse("clients:delete", args=[client_obj.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("clients:list")
    assert "deleted" in response.content.decode()
    client_obj.refresh_from_db()
    assert client_obj.deleted_at is not None
    assert (
        staff_client.get(reverse("clients:detail", args=[client_obj.pk])).status_code
        == 404
    )


def test_client_delete_refused_when_it_has_invoices(staff_client):
    invoice = InvoiceFactory(company_profile=CompanyProfileFactory())
    response = staff_client.post(
        reverse("clients:delete", args=[invoice.client.pk]), follow=True
    )
    assert "cannot be deleted" in response.content.decode()
    invoice.client.refresh_from_db()
    assert invoice.client.deleted_at is None


def test_client_list_search_and_filters(staff_client):
    ClientFactory(name="Alpha Bakery", city="Bristol", email="a@alpha.example")
    ClientFactory(name="Beta Garage", city="Leeds", is_active=False, type="lead")
    names = lambda r: [c.name for c in r.context["clients"]]  # noqa: E731
    assert names(staff_client.get(reverse("clients:list"), {"q": "bristol"})) == [
        "Alpha Bakery"
    ]
    assert names(staff_client.get(reverse("clients:list"), {"q": "alpha.example"})) == [
        "Alpha Bakery"
    ]
    assert names(staff_client.get(reverse("clients:list"), {"active": "inactive"})) == [
        "Beta Garage"
    ]
    assert names(staff_client.get(reverse("clients:list"), {"type": "lead"})) == [
        "Beta Garage"
    ]


def test_client_list_paginates_25_and_keeps_filters(staff_client):
    for i in range(30):
        ClientFactory(name=f"Client {i:02d}", city="Leeds")
    response = staff_client.get(reverse("clients:list"), {"q": "leeds"})
    assert len(response.context["clients"]) == 25
    assert "?q=leeds&amp;page=2" in response.content.decode()
    response = staff_client.get(reverse("clients:list"), {"q": "leeds", "page": 2})
    assert len(response.context["clients"]) == 5


def test_client_list_and_detail_show_balance(staff_client):
    profile = CompanyProfileFactory()
    invoice = InvoiceFactory(
        company_profile=profile,
        sent=True,
        items=[item_data(quantity=Decimal("1"), unit_price=Decimal("120.00"))],
    )
    PaymentFactory(invoice=invoice, amount=Decimal("20.00"))
    QuoteFactory(client=invoice.client, company_profile=profile)
    html = staff_client.get(reverse("clients:list")).content.decode()
    assert "$100.00" in html
    response = staff_client.get(invoice.client.get_absolute_url())
    html = response.content.decode()
    assert "$100.00" in html and "$120.00" in html and "$20.00" in html
    assert invoice.number in html


def test_client_detail_never_adds_amounts_across_currencies(staff_client):
    profile = CompanyProfileFactory()
    client_obj = ClientFactory(currency="USD")
    one = [item_data(quantity=Decimal("1"), unit_price=Decimal("100.00"))]
    InvoiceFactory(client=client_obj, company_profile=profile, sent=True, items=one)
    InvoiceFactory(
        client=client_obj, company_profile=profile, sent=True, currency="EUR", items=one
    )
    response = staff_client.get(client_obj.get_absolute_url())
    assert response.context["amounts"]["currency"] == "USD"
    assert response.context["amounts"]["balance"] == Decimal("100.00")
    assert [a["currency"] for a in response.context["other_amounts"]] == ["EUR"]
    html = response.content.decode()
    assert 'data-figure="balance">$100.00<' in html
    assert "€100.00" in html
    assert "$200.00" not in html


def _list_query_count(staff_client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert staff_client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_client_list_query_count_is_flat(staff_client):
    profile = CompanyProfileFactory()

    def add(n):
        for _ in range(n):
            InvoiceFactory(company_profile=profile, sent=True)

    add(5)
    five = _list_query_count(staff_client, reverse("clients:list"))
    add(45)
    assert _list_query_count(staff_client, reverse("clients:list")) == five
