import pytest

from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    rows = data["data"] if isinstance(data, dict) else data
    return sorted(row["id"] for row in rows)


@pytest.fixture
def clients(db):
    return {
        "acme": ClientFactory(
            name="Acme Shoe Repair", timezone="America/New_York", city="Boston"
        ),
        "beta": ClientFactory(name="Beta Ltd", timezone="Europe/London", city="London"),
        "gamma": ClientFactory(
            name="Gamma", timezone="America/Chicago", city="Chicago", is_active=False
        ),
    }


def test_plain_key_is_case_insensitive_contains(api, clients):
    assert _ids(api.get("/api/v1/clients?timezone=america")) == sorted(
        [clients["acme"].pk, clients["gamma"].pk]
    )


def test_keys_are_ored_by_default(api, clients):
    ids = _ids(
        api.get("/api/v1/clients", {"timezone": "london", "name": "acme shoe repair"})
    )
    assert ids == sorted([clients["acme"].pk, clients["beta"].pk])


def test_where_operator_and(api, clients):
    ids = _ids(
        api.get(
            "/api/v1/clients",
            {"timezone": "america", "city": "boston", "where_operator": "AND"},
        )
    )
    assert ids == [clients["acme"].pk]


def test_not_equal_prefix(api, clients):
    ids = _ids(api.get("/api/v1/clients", {"name": "!=Acme Shoe Repair"}))
    assert ids == sorted([clients["beta"].pk, clients["gamma"].pk])


def test_active_option(api, clients):
    assert _ids(api.get("/api/v1/clients?active=0")) == [clients["gamma"].pk]


def test_unknown_field_is_400(api, clients):
    response = api.get("/api/v1/clients?colour=red")
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "message": "Please enter a valid field name",
    }
    assert api.get("/api/v1/invoices?client->shoe=1").status_code == 400
    assert api.get("/api/v1/invoices?custom->notacolumn=1").status_code == 400


def test_parameters_in_a_json_body(api, clients):
    response = api.generic(
        "GET", "/api/v1/clients", '{"name": "beta"}', content_type="application/json"
    )
    assert _ids(response) == [clients["beta"].pk]


def test_related_field_is_always_anded(api, clients, profile):
    mine = InvoiceFactory(
        client=clients["acme"], company_profile=profile, summary="March retainer"
    )
    InvoiceFactory(
        client=clients["beta"], company_profile=profile, summary="March retainer"
    )
    InvoiceFactory(client=clients["acme"], company_profile=profile, summary="April")
    ids = _ids(
        api.get(
            "/api/v1/invoices", {"summary": "march", "client->name": "acme services"}
        )
    )
    assert ids == []
    ids = _ids(
        api.get("/api/v1/invoices", {"summary": "march", "client->name": "acme shoe"})
    )
    assert ids == [mine.pk]
    quote = QuoteFactory(client=clients["acme"], company_profile=profile)
    QuoteFactory(client=clients["beta"], company_profile=profile)
    assert _ids(api.get("/api/v1/quotes", {"client->name": "ACME"})) == [quote.pk]


def test_invoice_status_named_filters(api, clients, profile):
    draft = InvoiceFactory(client=clients["acme"], company_profile=profile)
    sent = InvoiceFactory(client=clients["acme"], company_profile=profile, sent=True)
    paid = InvoiceFactory(client=clients["acme"], company_profile=profile, sent=True)
    PaymentFactory(invoice=paid, amount=paid.total)
    from apps.invoices.services import invoice_void

    void = invoice_void(
        invoice=InvoiceFactory(client=clients["beta"], company_profile=profile)
    )
    assert _ids(api.get("/api/v1/invoices?status=draft")) == [draft.pk]
    assert _ids(api.get("/api/v1/invoices?status=sent")) == sorted([sent.pk, paid.pk])
    assert _ids(api.get("/api/v1/invoices?status=paid")) == [paid.pk]
    assert _ids(api.get("/api/v1/invoices?status=unpaid")) == [sent.pk]
    assert _ids(api.get("/api/v1/invoices?status=canceled")) == [void.pk]
    assert _ids(api.get("/api/v1/invoices?status=overdue")) == []
    assert len(_ids(api.get("/api/v1/invoices?status=whatever"))) == 4
    assert api.get(f"/api/v1/invoices/{void.pk}").json()["data"]["status"] == "canceled"
    assert api.get(f"/api/v1/invoices/{paid.pk}").json()["data"]["status"] == "sent"


def test_paginated_response_shape(api):
    for _ in range(17):
        ClientFactory()
    data = api.get("/api/v1/clients?paginated_response=1&page=2").json()["data"]
    assert (
        data["current_page"],
        data["per_page"],
        data["total"],
        data["last_page"],
    ) == (2, 15, 17, 2)
    assert (data["from"], data["to"], len(data["data"])) == (16, 17, 2)
    assert data["next_page_url"] is None and data["prev_page_url"].endswith("page=1")
    assert (
        data["links"][0]["label"] == "&laquo; Previous"
        and data["links"][2]["active"] is True
    )
    assert (
        len(
            api.get("/api/v1/clients?paginated_response=1&per_page=5").json()["data"][
                "data"
            ]
        )
        == 5
    )
    assert (
        api.get("/api/v1/clients?paginated_response=1&per_page=500").json()["data"][
            "per_page"
        ]
        == 100
    )
    assert len(api.get("/api/v1/clients").json()["data"]) == 17


def test_sorting(api, clients):
    names = [c["name"] for c in api.get("/api/v1/clients?s=name&o=desc").json()["data"]]
    assert names == ["Gamma", "Beta Ltd", "Acme Shoe Repair"]
    names = [c["name"] for c in api.get("/api/v1/clients").json()["data"]]
    assert names == ["Acme Shoe Repair", "Beta Ltd", "Gamma"]


def test_payment_filters(api, clients, profile):
    invoice = InvoiceFactory(client=clients["acme"], company_profile=profile, sent=True)
    check = PaymentFactory(invoice=invoice, note="cheque 42")
    other = InvoiceFactory(client=clients["beta"], company_profile=profile, sent=True)
    cash = PaymentFactory(invoice=other, method="cash")
    assert _ids(api.get("/api/v1/payments?search=cheque")) == [check.pk]
    assert _ids(api.get(f"/api/v1/payments?client={clients['beta'].pk}")) == [cash.pk]
    assert _ids(api.get("/api/v1/payments?payment_method_id=4")) == [cash.pk]
    assert _ids(api.get("/api/v1/payments?client->name=beta")) == [cash.pk]
