"""Custom fields (defined per module in the admin) appear on the staff forms and
detail pages; the services check the values, and a bad one writes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.clients.models import Client
from apps.core.models import CustomField
from apps.invoices.models import Invoice, InvoiceEvent
from tests.factories.clients import ClientFactory
from tests.factories.core import CustomFieldFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.pages.test_clients_pages import VALID as CLIENT_DATA
from tests.pages.test_invoices_pages import invoice_data

pytestmark = pytest.mark.django_db


def test_client_form_shows_and_saves_custom_fields(staff_client):
    CustomFieldFactory(
        module="clients", column_name="column_1", label="Account manager"
    )
    CustomFieldFactory(
        module="clients",
        column_name="column_2",
        label="Tier",
        field_type=CustomField.FieldType.DROPDOWN,
        options=["Gold", "Silver"],
    )
    form_page = staff_client.get(reverse("clients:create")).content.decode()
    assert 'name="custom_column_1"' in form_page and "Account manager" in form_page
    assert '<option value="Gold">Gold</option>' in form_page

    data = {**CLIENT_DATA, "custom_column_1": "Dana <b>", "custom_column_2": "Gold"}
    response = staff_client.post(reverse("clients:create"), data)
    client = Client.objects.get(name="Acme Ltd")
    assert response.status_code == 302
    assert client.custom == {"column_1": "Dana <b>", "column_2": "Gold"}
    detail = staff_client.get(client.get_absolute_url()).content.decode()
    assert "<dt>Account manager</dt><dd>Dana &lt;b&gt;</dd>" in detail
    edit = staff_client.get(
        reverse("clients:update", args=[client.pk])
    ).content.decode()
    assert 'name="custom_column_1" value="Dana &lt;b&gt;"' in edit


def test_required_custom_field_is_a_form_error_and_writes_nothing(staff_client):
    CustomFieldFactory(
        module="clients", column_name="column_1", label="Region", is_required=True
    )
    response = staff_client.post(reverse("clients:create"), CLIENT_DATA)
    assert response.status_code == 200
    assert response.context["form"].errors["custom_column_1"]
    assert not Client.objects.exists()


def test_a_service_refusal_lands_on_the_custom_field(staff_client):
    CustomFieldFactory(
        module="clients",
        column_name="column_1",
        label="Site",
        field_type=CustomField.FieldType.URL,
    )
    data = {**CLIENT_DATA, "custom_column_1": "not a web address"}
    response = staff_client.post(reverse("clients:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["custom_column_1"] == [
        "Site must be a web address."
    ]
    assert not Client.objects.exists()


def test_invoice_custom_fields_are_saved_shown_and_tracked(staff_client, company):
    CustomFieldFactory(module="invoices", column_name="column_1", label="Project code")
    customer = ClientFactory()
    data = invoice_data(
        customer, [{"name": "Design", "unit_price": "100"}], custom_column_1="P-17"
    )
    response = staff_client.post(reverse("invoices:create"), data)
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and invoice.custom == {"column_1": "P-17"}
    assert (
        "<dt>Project code</dt><dd>P-17</dd>"
        in staff_client.get(invoice.get_absolute_url()).content.decode()
    )


def test_saving_a_sent_invoice_records_only_custom_values_that_changed(
    staff_client, company
):
    CustomFieldFactory(module="invoices", column_name="column_1", label="Project code")
    invoice = InvoiceFactory(
        company_profile=company, sent=True, items=[item_data(unit_price=Decimal("10"))]
    )
    from apps.invoices.services import invoice_update

    invoice_update(invoice=invoice, custom={"column_1": "P-1"})
    invoice_update(invoice=invoice, custom={"column_1": "P-1"})  # same value again
    updates = invoice.events.filter(kind=InvoiceEvent.Kind.UPDATED)
    # Issue 9: the change is recorded with its before and after (it was the column
    # name only).
    assert [e.data["changed"] for e in updates] == [{"custom.column_1": [None, "P-1"]}]
