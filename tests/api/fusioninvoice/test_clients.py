from decimal import Decimal

import pytest

from apps.clients.models import Client
from apps.core.models import CustomField
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db


def test_client_store_answers_client_and_data(api):
    response = api.post(
        "/api/v1/clients/store",
        {
            "name": "Acme",
            "type": "customer",
            "email": "ap@acme.example",
            "zip": "32301",
            "currency_code": "eur",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True and body["message"] == "Record successfully created"
    assert body["client"] == body["data"]
    assert body["client"]["zip"] == "32301" and body["client"]["currency_code"] == "EUR"
    assert body["client"]["balance"] == "0.0000" and body["client"]["active"] == 1
    assert Client.objects.get().postal_code == "32301"


def test_client_store_validation_is_422_in_fi_names(api):
    response = api.post(
        "/api/v1/clients/store",
        {"type": "customer", "email": "not-an-email"},
        format="json",
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"name", "email"}
    response = api.post(
        "/api/v1/clients/store",
        {"name": "A", "type": "customer", "currency_code": "ZZZ"},
        format="json",
    )
    assert response.status_code == 422
    assert "currency_code" in response.json()["errors"]
    assert not Client.objects.exists()


def test_client_update_as_in_the_doc(api):
    client = ClientFactory(name="Barnes")
    response = api.put(
        f"/api/v1/clients/{client.pk}",
        {
            "name": "Barnes and Associates",
            "city": "Tallahassee",
            "state": "FL",
            "active": 1,
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["message"] == "Record successfully updated"
    assert response.json()["data"]["city"] == "Tallahassee"
    client.refresh_from_db()
    assert (client.name, client.state, client.is_active) == (
        "Barnes and Associates",
        "FL",
        True,
    )


def test_client_show_and_not_found(api):
    client = ClientFactory()
    assert api.get(f"/api/v1/clients/{client.pk}").json()["data"]["id"] == client.pk
    response = api.get("/api/v1/clients/999999")
    assert response.status_code == 400
    assert response.json() == {"success": False, "message": "Record not found"}
    assert api.get("/api/v1/clients/99999999999999999999999").status_code == 400


def test_client_delete_and_refusal_with_history(api, profile):
    free = ClientFactory()
    busy = ClientFactory()
    InvoiceFactory(client=busy, company_profile=profile)
    assert api.delete(f"/api/v1/clients/{free.pk}").json() == {
        "success": True,
        "message": "Record successfully deleted",
    }
    response = api.delete(f"/api/v1/clients/{busy.pk}")
    assert response.status_code == 400
    assert "related records" in response.json()["messages"]


def test_client_custom_fields_upsert_and_include(api):
    CustomField.objects.create(module="clients", column_name="column_3", label="Owner")
    client = ClientFactory()
    response = api.patch(
        "/api/v1/clients/custom-fields/add",
        {"client_id": client.pk, "column_3": "Dirk"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["data"]["column_3"] == "Dirk"
    assert (
        api.post(
            "/api/v1/clients/custom-fields/add",
            {"client_id": client.pk, "column_9": "x"},
            format="json",
        ).status_code
        == 422
    )
    shown = api.get(f"/api/v1/clients/{client.pk}?include_custom_fields=1").json()[
        "data"
    ]
    assert (
        shown["custom"]["client_id"] == client.pk
        and shown["custom"]["column_3"] == "Dirk"
    )
    listed = api.get("/api/v1/clients?custom->column_3=dir").json()["data"]
    assert [c["id"] for c in listed] == [client.pk]


def test_client_balance_columns(api, profile):
    client = ClientFactory()
    InvoiceFactory(client=client, company_profile=profile, sent=True)
    data = api.get(f"/api/v1/clients/{client.pk}").json()["data"]
    assert (data["balance"], data["total"], data["paid"]) == (
        "100.0000",
        "100.0000",
        "0.0000",
    )
    assert Decimal(data["balance"]) == Decimal("100")
