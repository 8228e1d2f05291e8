import pytest
from django.core.exceptions import ValidationError

from apps.accounts.roles import SYSTEM
from apps.clients.models import Client
from apps.clients.selectors import client_list
from apps.clients.services import client_create, client_delete, client_update
from apps.core.models import CustomField
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db


def test_client_create_cleans_name_and_currency():
    client = client_create(name="  <b>Acme</b> ", currency="eur", country="de")
    assert (client.name, client.currency, client.country) == ("Acme", "EUR", "DE")


def test_client_create_refuses_unknown_currency_and_fields():
    with pytest.raises(ValidationError) as exc:
        client_create(name="Acme", currency="ABC")
    assert "currency" in exc.value.message_dict
    with pytest.raises(ValidationError, match="Unknown client fields: balance"):
        client_create(name="Acme", balance=1)
    assert not Client.objects.exists()


def test_client_update_and_custom_fields():
    CustomField.objects.create(
        module="clients", column_name="column_1", label="Tier", field_type="integer"
    )
    client = ClientFactory()
    client = client_update(
        client=client, email="new@example.com", custom={"column_1": "3"}
    )
    assert client.email == "new@example.com" and client.custom == {"column_1": "3"}
    with pytest.raises(ValidationError) as exc:
        client_update(client=client, custom={"column_1": "three"})
    assert "custom.column_1" in exc.value.message_dict


def test_client_delete_refused_with_invoices(company):
    invoice = InvoiceFactory(company_profile=company)
    with pytest.raises(ValidationError, match="Invoices"):
        client_delete(client=invoice.client)
    invoice.client.refresh_from_db()
    assert invoice.client.deleted_at is None


def test_client_delete_is_soft():
    client = ClientFactory()
    client_delete(client=client)
    client.refresh_from_db()
    assert client.deleted_at is not None and not client.is_active
    assert not client_list(user=SYSTEM).filter(pk=client.pk).exists()
