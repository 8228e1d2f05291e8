"""Issued documents keep their identity, through every door (issue 9, item 1).

Once an invoice leaves draft its number, client, currency and issue date cannot
change: `invoice_identity_check` in apps/invoices/services/editing.py decides, and
each door answers a 4xx naming the field in its own envelope, leaving the invoice as
it was. The staff form shows the fields read-only (a posted value is ignored).
Fusebill has no writes, so it has no door here. A draft still changes freely.

Every request goes through real credentials and `Client(enforce_csrf_checks=True)`.
"""

import datetime as dt
import json
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from apps.accounts.services import api_key_create, timetap_signature
from apps.invoices.models import Invoice
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttles():
    cache.clear()


def fusioninvoice(invoice, user, body: dict):
    key = api_key_create(user=user).key
    response = Client(enforce_csrf_checks=True).put(
        f"/api/v1/invoices/{invoice.pk}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    return response.status_code, response.content.decode()


def fluidpay(invoice, user, body: dict):
    key = api_key_create(user=user).key
    response = Client(enforce_csrf_checks=True).post(
        f"/fluidpay/api/invoice/{invoice.pk}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=key,
    )
    if response.status_code != 200:
        assert response.json()["status"] == "failed"
    return response.status_code, response.content.decode()


def timetap(invoice, user, body: dict):
    issued = api_key_create(user=user)
    browser = Client(enforce_csrf_checks=True)
    token = browser.get(
        "/timetap/live/sessionToken",
        {
            "apiKey": issued.timetap_api_key,
            "timestamp": str(int(time.time())),
            "signature": timetap_signature(
                issued.timetap_api_key, issued.timetap_private_key
            ),
        },
    ).json()["sessionToken"]
    response = browser.put(
        "/timetap/live/invoices",
        data=json.dumps({"invoiceId": invoice.pk, **body}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    if response.status_code != 200:
        assert response.json()["errorMessage"]
    return response.status_code, response.content.decode()


def identity(invoice: Invoice) -> tuple:
    invoice.refresh_from_db()
    return (
        invoice.number,
        invoice.client_id,
        invoice.currency,
        invoice.invoice_date,
        invoice.status,
        invoice.events.count(),
    )


NEW_DATE = "2020-01-02"

# (door, body, the field the refusal names)
CHANGES = [
    pytest.param(fusioninvoice, {"number": "CHANGED-1"}, "number", id="fi-number"),
    pytest.param(fusioninvoice, {"currency_code": "EUR"}, "currency", id="fi-currency"),
    pytest.param(
        fusioninvoice, {"invoice_date": NEW_DATE}, "invoice_date", id="fi-date"
    ),
    pytest.param(fluidpay, {"invoice_number": "CHANGED-1"}, "number", id="fp-number"),
    pytest.param(timetap, {"invoiceNumber": "CHANGED-1"}, "number", id="tt-number"),
    pytest.param(timetap, {"currency": "EUR"}, "currency", id="tt-currency"),
    pytest.param(timetap, {"invoiceDate": NEW_DATE}, "invoice_date", id="tt-date"),
]


@pytest.mark.parametrize(("door", "body", "field"), CHANGES)
def test_changing_a_sent_invoices_identity_is_refused_and_it_stays(door, body, field):
    user = UserFactory()
    invoice = InvoiceFactory(sent=True)
    before = identity(invoice)
    status, content = door(invoice, user, body)
    assert 400 <= status < 500, (status, content)
    assert field in content or field.replace("_", " ") in content, content
    assert identity(invoice) == before


def test_changing_a_sent_invoices_client_through_fusioninvoice_is_refused():
    user = UserFactory()
    invoice = InvoiceFactory(sent=True)
    other = ClientFactory()
    before = identity(invoice)
    status, content = fusioninvoice(invoice, user, {"client_id": other.pk})
    assert 400 <= status < 500 and "client" in content, content
    assert identity(invoice) == before


def test_a_drafts_number_still_changes():
    user = UserFactory()
    invoice = InvoiceFactory()
    status, content = fusioninvoice(invoice, user, {"number": "CHOSEN-1"})
    assert status == 200, content
    invoice.refresh_from_db()
    assert invoice.number == "CHOSEN-1"


def test_the_staff_form_shows_the_identity_read_only_and_ignores_a_change(
    staff_user,
):
    invoice = InvoiceFactory(sent=True)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    url = reverse("invoices:update", args=[invoice.pk])
    page = browser.get(url)
    form = page.context["form"]
    for name in ("client", "currency", "invoice_date"):
        assert form.fields[name].disabled, name
    assert 'name="invoice_date"' in page.content.decode()
    before = identity(invoice)
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None and name != "custom"
    }
    data.update(
        {
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
            "invoice_date": NEW_DATE,
            "currency": "EUR",
            "client": ClientFactory().pk,
            "summary": "Edited",
            "payment_methods": invoice.payment_methods,
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-name": "Design work",
            "items-0-quantity": "1",
            "items-0-unit_price": "100",
        }
    )
    response = browser.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    invoice.refresh_from_db()
    assert invoice.summary == "Edited"
    number, client_id, currency, invoice_date, *_ = identity(invoice)
    assert (number, client_id, currency, invoice_date) == before[:4]
    assert invoice_date != dt.date.fromisoformat(NEW_DATE)
