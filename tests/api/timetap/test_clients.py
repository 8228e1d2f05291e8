import pytest

from apps.clients.services import client_delete, client_update
from apps.core.models import CustomField
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory

from .helpers import LIVE, TEST, body, signed_in

pytestmark = pytest.mark.django_db


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["clientId"] for row in body(response)]


def test_client_object_shape():
    company = CompanyProfileFactory()
    CustomField.objects.create(
        module="clients", column_name="column_1", label="Membership"
    )
    client = ClientFactory(
        name="Ruiz Studio",
        first_name="Ana",
        last_name="Ruiz",
        email="ana@example.com",
        mobile="555-1",
        phone="555-2",
        address_line_1="1 Main St",
        address_line_2="Suite 2",
        city="Austin",
        state="TX",
        postal_code="73301",
        country="US",
        timezone="America/Chicago",
        reference="ext-1",
        custom={"column_1": "Gold"},
    )
    row = body(signed_in().get(LIVE + f"clients/{client.pk}"))
    assert row == {
        "clientId": client.pk,
        "businessId": company.pk,
        "firstName": "Ana",
        "lastName": "Ruiz",
        "fullName": "Ana Ruiz",
        "emailAddress": "ana@example.com",
        "cellPhone": "555-1",
        "homePhone": "555-2",
        "companyName": "Ruiz Studio",
        "address1": "1 Main St",
        "address2": "Suite 2",
        "city": "Austin",
        "state": "TX",
        "zip": "73301",
        "country": "US",
        "timeZone": "America/Chicago",
        "status": "ACTIVE",
        "externalUserName": "ext-1",
        "createdDate": row["createdDate"],
        "modifiedDate": row["modifiedDate"],
        "fields": [{"fieldName": "column_1", "label": "Membership", "value": "Gold"}],
    }
    assert (
        isinstance(row["createdDate"], int) and row["createdDate"] > 1_700_000_000_000
    )


def test_client_detail_unknown_or_deleted_is_404():
    client = ClientFactory()
    client_delete(client=client)
    api = signed_in()
    assert api.get(LIVE + f"clients/{client.pk}").status_code == 404
    assert body(api.get(LIVE + "clients/999999"))["errorCode"] == "NOT_FOUND"


def test_clients_list_pages_1_based_with_default_25_and_orders():
    clients = [
        ClientFactory(first_name=f"F{n:02d}", email=f"c{n:02d}@example.com")
        for n in range(30)
    ]
    api = signed_in()
    ordered = {"order_field": "clientId", "order_mode": "asc"}
    assert _ids(api.get(LIVE + "clients", ordered)) == [c.pk for c in clients[:25]]
    assert _ids(api.get(LIVE + "clients", {**ordered, "pageNumber": 2})) == [
        c.pk for c in clients[25:]
    ]
    assert _ids(
        api.get(LIVE + "clients", {**ordered, "pageNumber": 3, "pageSize": 10})
    ) == [c.pk for c in clients[20:]]
    assert _ids(api.get(LIVE + "clients", {**ordered, "pageNumber": 9})) == []
    by_name = _ids(
        api.get(
            LIVE + "clients",
            {"order_field": "firstName", "order_mode": "desc", "pageSize": 3},
        )
    )
    assert by_name == [clients[29].pk, clients[28].pk, clients[27].pk]
    assert api.get(LIVE + "clients", {"order_field": "shoeSize"}).status_code == 400


def test_clients_list_shows_inactive_with_status_but_not_deleted():
    active, inactive, deleted = ClientFactory(), ClientFactory(), ClientFactory()
    client_update(client=inactive, is_active=False)
    client_delete(client=deleted)
    rows = {
        row["clientId"]: row["status"]
        for row in body(signed_in().get(LIVE + "clients"))
    }
    assert rows == {active.pk: "ACTIVE", inactive.pk: "INACTIVE"}


def test_clients_count_answers_a_bare_number_of_active_clients():
    ClientFactory.create_batch(3)
    client_update(client=ClientFactory(), is_active=False)
    client_delete(client=ClientFactory())
    api = signed_in()
    for base in (LIVE, TEST):
        response = api.get(base + "clients/count")
        assert response.status_code == 200
        assert response.content == b"3"
