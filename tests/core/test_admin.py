"""The admin is wired to the services: read-only documents, actions that call
services, API keys created through api_key_create."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.accounts.models import ApiKey
from apps.accounts.selectors import api_key_get_by_key
from apps.accounts.services import api_key_create
from apps.invoices.models import Invoice
from apps.quotes.models import Quote
from tests.factories.accounts import UserFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def _url(model, view="changelist", *args):
    return reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args
    )


def test_every_changelist_opens_with_flat_queries(
    admin_client, company, django_assert_max_num_queries
):
    for _ in range(3):
        InvoiceFactory(company_profile=company, sent=True)
        QuoteFactory(company_profile=company)
    for model in admin.site._registry:
        with django_assert_max_num_queries(15):
            response = admin_client.get(_url(model))
        assert response.status_code == 200, model


def test_invoice_is_read_only_in_the_admin(admin_client, company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    page = admin_client.get(_url(Invoice, "change", invoice.pk))
    assert page.status_code == 200 and b"Design work" in page.content
    response = admin_client.post(
        _url(Invoice, "change", invoice.pk), {"po_number": "X"}
    )
    assert response.status_code == 403
    assert admin_client.get(_url(Invoice, "add")).status_code == 403


def test_invoice_actions_call_the_services(admin_client, company):
    draft = InvoiceFactory(company_profile=company)
    response = admin_client.post(
        _url(Invoice), {"action": "send", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.SENT
    admin_client.post(
        _url(Invoice), {"action": "send", "_selected_action": [draft.pk]}, follow=True
    )
    response = admin_client.post(
        _url(Invoice), {"action": "void", "_selected_action": [draft.pk]}, follow=True
    )
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.VOID
    assert any("voided" in str(m) for m in get_messages(response.wsgi_request))


def test_quote_convert_action(admin_client, company):
    quote = QuoteFactory(company_profile=company)
    admin_client.post(
        _url(Quote), {"action": "convert", "_selected_action": [quote.pk]}
    )
    quote.refresh_from_db()
    assert quote.invoice is not None and quote.invoice.total == quote.total == Decimal(
        "100.00"
    )


def test_api_key_added_in_admin_goes_through_the_service(admin_client):
    staff = UserFactory()
    response = admin_client.post(
        _url(ApiKey, "add"), {"user": staff.pk, "name": "Zapier"}
    )
    assert response.status_code == 200  # the secrets page, not a redirect
    key = ApiKey.objects.get()
    secret = response.context["issued"].key
    assert secret in response.content.decode()
    assert secret.startswith(key.prefix) and api_key_get_by_key(key=secret) == key
    assert secret not in " ".join(
        str(v) for v in ApiKey.objects.values().first().values()
    )


def test_api_key_revoke_action(admin_client, staff_user):
    issued = api_key_create(user=staff_user)
    admin_client.post(
        _url(ApiKey), {"action": "revoke", "_selected_action": [issued.api_key.pk]}
    )
    assert api_key_get_by_key(key=issued.key) is None


def test_client_saved_in_admin_goes_through_the_service(admin_client):
    from apps.clients.models import Client

    data = {
        "name": "<i>Acme</i>",
        "type": "customer",
        "currency": "eur",
        "cc_emails": "[]",
        "is_active": "on",
    }
    response = admin_client.post(_url(Client, "add"), data)
    assert response.status_code == 302
    client = Client.objects.get()
    assert (client.name, client.currency) == ("Acme", "EUR")  # cleaned by client_create
    bad = admin_client.post(_url(Client, "add"), {**data, "currency": "XYZ"})
    assert bad.status_code == 200 and Client.objects.count() == 1


def test_user_added_in_admin_signs_in_by_email(admin_client, client):
    from apps.accounts.models import User

    data = {
        "email": "new@example.com",
        "full_name": "New Person",
        "password1": "a-long-pass-phrase-42",
        "password2": "a-long-pass-phrase-42",
        "is_staff": "on",
    }
    assert (
        admin_client.post(reverse("admin:accounts_user_add"), data).status_code == 302
    )
    user = User.objects.get(email="new@example.com")
    assert user.is_staff and user.check_password("a-long-pass-phrase-42")
