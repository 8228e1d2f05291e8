"""One answer per role at every door: staff pages, the admin, and the four APIs.

A Viewer (and a Billing user's read-only key) reads everything and changes nothing;
a Billing user changes billing records but not users, keys or settings; an Admin
does everything. A refused write is 403 in the door's own envelope and leaves every
row as it was. API calls use real keys and a CSRF-enforcing client.
"""

import json
import time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import ApiKey
from apps.accounts.roles import ADMIN, BILLING, VIEWER
from apps.accounts.services import api_key_create, session_token_create
from apps.api.common.models import IdempotencyKey
from apps.clients.models import Client as Customer
from apps.companies.models import CompanyProfile
from apps.invoices.models import Invoice, TaxRate
from apps.payments.models import Payment
from apps.quotes.models import Quote
from tests.api.fluidpay.helpers import invoice_body
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle_carry_over():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def books(db):
    """A sent invoice of 100.00 with its client and profile, and a draft quote."""
    profile = CompanyProfileFactory(name="ACME Inc.")
    invoice = InvoiceFactory(company_profile=profile, sent=True)
    quote = QuoteFactory(client=invoice.client, company_profile=profile)
    return {"invoice": invoice, "client": invoice.client, "quote": quote}


def state(books) -> tuple:
    """Everything a refused request must leave alone."""
    invoice = Invoice.objects.get(pk=books["invoice"].pk)
    customer = Customer.objects.get(pk=books["client"].pk)
    return (
        Customer.objects.count(),
        Invoice.objects.count(),
        Quote.objects.count(),
        Payment.objects.count(),
        CompanyProfile.objects.count(),
        TaxRate.objects.count(),
        ApiKey.objects.count(),
        IdempotencyKey.objects.count(),
        invoice.status,
        invoice.balance,
        invoice.updated_at,
        customer.name,
        customer.deleted_at,
    )


# ---- the four APIs -------------------------------------------------------------


class Api:
    """A CSRF-enforcing client that speaks each dialect with one real API key."""

    def __init__(self, key):
        self.key = key
        self.client = Client(enforce_csrf_checks=True)
        self.session = session_token_create(api_key=key.api_key)

    def headers(self, dialect: str) -> dict:
        auth = {
            "fusioninvoice": f"Bearer {self.key.key}",
            "fusebill": f"Basic {self.key.key}",
            "fluidpay": self.key.key,
            "timetap": f"Bearer {self.session}",
        }[dialect]
        return {"HTTP_AUTHORIZATION": auth}

    def call(self, dialect, method, path, body=None, **extra):
        prefix = {
            "fusioninvoice": "/api/v1/",
            "fusebill": "/fusebill/v1/",
            "fluidpay": "/fluidpay/api/",
            "timetap": "/timetap/live/",
        }[dialect]
        kwargs = {**self.headers(dialect), **extra}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)(prefix + path, **kwargs)


def _reads(books):
    i, c = books["invoice"].pk, books["client"].pk
    return [
        ("fusioninvoice", "get", "invoices", None),
        ("fusioninvoice", "get", f"invoices/{i}", None),
        ("fusioninvoice", "get", f"clients/{c}", None),
        ("fusebill", "get", "Invoices", None),
        ("fusebill", "get", f"Invoices/{i}", None),
        ("fluidpay", "get", f"invoice/{i}", None),
        ("fluidpay", "post", "invoices/search", {}),  # a read sent by POST
        ("timetap", "get", f"invoices/{i}", None),
        ("timetap", "get", "clients", None),
    ]


def _writes(books):
    i, c, q = books["invoice"].pk, books["client"].pk, books["quote"].pk
    return [
        ("fusioninvoice", "post", "clients/store", {"name": "Intruder"}),
        ("fusioninvoice", "put", f"clients/{c}", {"name": "Renamed"}),
        ("fusioninvoice", "delete", f"clients/{c}", None),
        ("fusioninvoice", "post", "invoices/store", {"client_id": c}),
        ("fusioninvoice", "put", f"invoices/{i}", {"summary": "Changed"}),
        ("fusioninvoice", "delete", f"invoices/{i}", None),
        (
            "fusioninvoice",
            "post",
            "payments/store",
            {"invoice_id": i, "amount": "10.00", "payment_method_id": 1},
        ),
        ("fusioninvoice", "post", "invoices/email", {"invoice_id": i}),
        ("fusioninvoice", "post", f"quotes/{q}/convert", {}),
        ("fluidpay", "post", "invoice", invoice_body()),
        ("fluidpay", "post", f"invoice/{i}", {"description": "Changed"}),
        ("fluidpay", "put", f"invoice/{i}", {"description": "Changed"}),
        ("fluidpay", "delete", f"invoice/{i}", None),
        (
            "fluidpay",
            "post",
            f"invoice/{i}/pay",
            {
                "amount": 1000,
                "payment_method": {"card": {"number": "4111111111111111"}},
            },
        ),
        ("fluidpay", "post", f"invoice/{i}/mark-as-paid", {}),
        ("fluidpay", "post", f"invoice/{i}/reactivate", {}),
        ("fluidpay", "post", f"invoice/{i}/resend", {}),
        ("timetap", "post", "invoices", {"client": {"clientId": c}}),
        ("timetap", "post", f"invoices/client/{c}", [{"description": "X"}]),
        ("timetap", "put", "invoices", {"invoiceId": i, "comments": "Changed"}),
        ("timetap", "delete", f"invoices/{i}", None),
    ]


def assert_refused_in_envelope(dialect, response, reason: str):
    assert response.status_code == 403, (dialect, response.content)
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    if dialect == "fusioninvoice":
        message = data["message"]  # Laravel's 403 shape
    elif dialect == "fluidpay":
        assert data["status"] == "failed" and data["msg"].startswith("forbidden: ")
        message = data["msg"]
    elif dialect == "timetap":
        assert data["errorCode"] == "FORBIDDEN"
        message = data["errorMessage"]
    else:
        assert data["HttpStatusCode"] == 403
        message = data["Errors"][0]["Value"]
    assert reason in message, message


def _viewer_key():
    return api_key_create(user=UserFactory(role=VIEWER)), "Billing or Admin role"


def _billing_read_only_key():
    key = api_key_create(user=UserFactory(role=BILLING), read_only=True)
    return key, "read-only"


CREDENTIALS = {"viewer": _viewer_key, "billing-read-only": _billing_read_only_key}


@pytest.mark.parametrize("who", sorted(CREDENTIALS))
def test_api_reads_are_allowed(books, who):
    api = Api(CREDENTIALS[who]()[0])
    for dialect, method, path, body in _reads(books):
        response = api.call(dialect, method, path, body)
        assert response.status_code == 200, (dialect, path, response.content)


@pytest.mark.parametrize("who", sorted(CREDENTIALS))
def test_api_writes_are_refused_in_each_envelope_and_change_nothing(books, who):
    key, reason = CREDENTIALS[who]()
    api = Api(key)
    before = state(books)
    for dialect, method, path, body in _writes(books):
        response = api.call(dialect, method, path, body)
        assert_refused_in_envelope(dialect, response, reason)
    assert state(books) == before


def test_fusebill_refusal_uses_its_envelope(books):
    """Fusebill only reads; a write method still meets the role check first."""
    key, reason = _viewer_key()
    response = Api(key).call("fusebill", "post", "Invoices", {})
    assert_refused_in_envelope("fusebill", response, reason)


@pytest.mark.parametrize("dialect", ["fluidpay", "timetap", "fusioninvoice"])
def test_refused_post_with_idempotency_key_is_neither_stored_nor_replayed(
    books, dialect
):
    key, reason = _viewer_key()
    api = Api(key)
    path, body = {
        "fluidpay": ("invoice", invoice_body()),
        "timetap": ("invoices", {"client": {"clientId": books["client"].pk}}),
        "fusioninvoice": ("clients/store", {"name": "Intruder"}),
    }[dialect]
    before = state(books)
    for _ in range(2):
        response = api.call(dialect, "post", path, body, HTTP_IDEMPOTENCY_KEY="k-1")
        assert_refused_in_envelope(dialect, response, reason)
        assert "Idempotent-Replayed" not in response
    assert state(books) == before


def test_billing_key_writes_through_the_apis(books):
    api = Api(api_key_create(user=UserFactory(role=BILLING)))
    response = api.call("fluidpay", "post", "invoice", invoice_body())
    assert response.status_code == 200, response.content
    response = api.call(
        "fusioninvoice", "post", "clients/store", {"name": "Globex", "type": "customer"}
    )
    assert response.status_code in (200, 201), response.content
    response = api.call("timetap", "delete", f"invoices/{books['quote'].pk + 999}")
    assert response.status_code == 404  # past the role check, to the lookup
    assert Customer.objects.filter(name="Globex").exists()


def test_fusioninvoice_login_and_logout_work_for_a_viewer(books):
    viewer = UserFactory(role=VIEWER)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/login",
        {"email": viewer.email, "password": "correct-horse-battery"},
        content_type="application/json",
    )
    token = response.json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/invoices", **auth).status_code == 200
    refused = client.post("/api/v1/clients/store", {"name": "X"}, **auth)
    assert refused.status_code == 403
    assert client.post("/api/v1/logout", **auth).status_code == 200
    assert client.get("/api/v1/invoices", **auth).status_code == 401


def test_timetap_session_token_from_a_viewer_key(books):
    from apps.accounts.services import timetap_signature

    key, _ = _viewer_key()
    response = Client(enforce_csrf_checks=True).get(
        "/timetap/live/sessionToken",
        {
            "apiKey": key.timetap_api_key,
            "timestamp": str(time.time()),
            "signature": timetap_signature(
                key.timetap_api_key, key.timetap_private_key
            ),
        },
    )
    assert response.status_code == 200, response.content
    token = response.json()["sessionToken"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client(enforce_csrf_checks=True)
    assert client.get("/timetap/live/clients", **auth).status_code == 200
    assert client.delete("/timetap/live/invoices/1", **auth).status_code == 403


# ---- staff pages ----------------------------------------------------------------


def _signed_in(role):
    client = Client()
    client.force_login(UserFactory(role=role))
    return client


READ_PAGES = [
    ("dashboard:home", None),
    ("clients:list", None),
    ("clients:detail", "client"),
    ("invoices:list", None),
    ("invoices:detail", "invoice"),
    ("quotes:list", None),
    ("payments:list", None),
    ("companies:list", None),
    ("tax-rates:list", None),
    ("accounts:api-keys", None),
]


def _url(name, arg, books):
    return reverse(name, args=[books[arg].pk]) if arg else reverse(name)


@pytest.mark.parametrize("role", [VIEWER, BILLING, ADMIN])
def test_staff_pages_read_for_every_role(books, role):
    client = _signed_in(role)
    for name, arg in READ_PAGES:
        assert client.get(_url(name, arg, books)).status_code == 200, name


CLIENT_FORM = {
    "name": "Acme Ltd",
    "type": "customer",
    "is_active": "on",
    "email": "ap@acme.example",
    "country": "gb",
    "currency": "gbp",
}
PAYMENT_FORM = {
    "amount": "40.00",
    "tip": "0",
    "method": "check",
    "paid_at": "2026-11-20",
    "reference": "1001",
    "note": "",
}


def _staff_writes(books):
    i, c = books["invoice"].pk, books["client"].pk
    return [
        (reverse("clients:create"), CLIENT_FORM),
        (reverse("clients:update", args=[c]), {**CLIENT_FORM, "name": "Renamed"}),
        (reverse("clients:delete", args=[c]), {}),
        (reverse("invoices:create"), {"client": c}),
        (reverse("invoices:pay", args=[i]), PAYMENT_FORM),
        (reverse("invoices:void", args=[i]), {}),
        (reverse("invoices:email", args=[i]), {}),
        (reverse("companies:create"), {"name": "Other"}),
        (reverse("tax-rates:create"), {"name": "VAT", "percent": "20"}),
        (reverse("accounts:api-key-create"), {"name": "Mine"}),
    ]


def test_viewer_staff_session_writes_nothing_and_the_page_names_the_role(books):
    client = _signed_in(VIEWER)
    before = state(books)
    for url, data in _staff_writes(books):
        response = client.post(url, data)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "Not allowed" in page and "you are a Viewer" in page, url
    assert state(books) == before


def test_viewer_sees_no_manage_buttons(books):
    client = _signed_in(VIEWER)
    page = client.get(reverse("companies:list")).content.decode()
    assert reverse("companies:create") not in page
    page = client.get(reverse("accounts:api-keys")).content.decode()
    assert reverse("accounts:api-key-create") not in page
    assert "needs the Admin role" in page


MANAGE_PAGES = ["companies:create", "tax-rates:create"]


def test_billing_writes_billing_records_through_the_pages(books):
    client = _signed_in(BILLING)
    assert client.post(reverse("clients:create"), CLIENT_FORM).status_code == 302
    assert Customer.objects.filter(name="Acme Ltd").exists()
    url = reverse("invoices:pay", args=[books["invoice"].pk])
    assert client.post(url, PAYMENT_FORM).status_code == 302
    assert Invoice.objects.get(pk=books["invoice"].pk).balance == Decimal("60.00")


def test_billing_cannot_reach_keys_or_settings_pages(books):
    client = _signed_in(BILLING)
    profile = CompanyProfile.objects.get()
    before = state(books)
    for name in MANAGE_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "needs the Admin role; you are a Billing" in response.content.decode()
    refused = [
        (reverse("companies:create"), {"name": "Other"}),
        (reverse("companies:update", args=[profile.pk]), {"name": "Renamed"}),
        (reverse("tax-rates:create"), {"name": "VAT", "percent": "20"}),
        (reverse("accounts:api-key-create"), {"name": "Mine"}),
    ]
    for url, data in refused:
        assert client.post(url, data).status_code == 403, url
    assert state(books) == before


def test_admin_manages_keys_and_settings(books):
    client = _signed_in(ADMIN)
    for name in MANAGE_PAGES:
        assert client.get(reverse(name)).status_code == 200
    response = client.post(
        reverse("accounts:api-key-create"), {"name": "Sync", "read_only": "on"}
    )
    assert response.status_code == 200
    assert ApiKey.objects.get(name="Sync").read_only
    response = client.post(
        reverse("tax-rates:create"), {"name": "VAT", "percent": "20", "is_active": "on"}
    )
    assert response.status_code == 302 and TaxRate.objects.filter(name="VAT").exists()


# ---- the admin --------------------------------------------------------------------


def _admin_url(model: str, action: str = "changelist", *args) -> str:
    app, name = model.split(".")
    return reverse(f"admin:{app}_{name}_{action}", args=args)


def test_viewer_admin_views_but_cannot_add_change_or_act(books):
    client = _signed_in(VIEWER)
    customer = books["client"]
    assert client.get(_admin_url("clients.client")).status_code == 200
    assert (
        client.get(_admin_url("clients.client", "change", customer.pk)).status_code
        == 200
    )  # the read-only view
    assert client.get(_admin_url("clients.client", "add")).status_code == 403
    before = state(books)
    response = client.post(
        _admin_url("clients.client", "change", customer.pk), {"name": "Renamed"}
    )
    assert response.status_code == 403
    response = client.post(
        _admin_url("clients.client"),
        {"action": "soft_delete", "_selected_action": [customer.pk]},
    )
    assert state(books) == before


@pytest.mark.parametrize(
    "model",
    [
        "companies.companyprofile",
        "invoices.taxrate",
        "core.customfield",
        "accounts.apikey",
        "accounts.user",
    ],
)
def test_billing_admin_cannot_add_users_keys_or_settings(books, model):
    client = _signed_in(BILLING)
    assert client.get(_admin_url(model, "add")).status_code == 403


def test_billing_admin_adds_clients_and_cannot_change_a_user(books):
    client = _signed_in(BILLING)
    assert client.get(_admin_url("clients.client", "add")).status_code == 200
    other = UserFactory(role=VIEWER)
    response = client.post(
        _admin_url("accounts.user", "change", other.pk),
        {"email": other.email, "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert not other.is_superuser


def test_billing_admin_cannot_revoke_keys_by_action(books):
    client = _signed_in(BILLING)
    key = api_key_create(user=UserFactory(role=VIEWER)).api_key
    client.post(
        _admin_url("accounts.apikey"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked_at is None


@pytest.mark.parametrize(
    "model",
    [
        "companies.companyprofile",
        "invoices.taxrate",
        "accounts.apikey",
        "clients.client",
    ],
)
def test_admin_role_reaches_every_admin_page(books, model):
    client = _signed_in(ADMIN)  # in the Admin group, not a superuser
    assert client.get(_admin_url(model, "add")).status_code == 200


def test_refused_page_keeps_the_customer_untouched_by_a_quote_convert(books):
    client = _signed_in(VIEWER)
    response = client.post(reverse("quotes:convert", args=[books["quote"].pk]))
    assert response.status_code == 403
    assert Quote.objects.get(pk=books["quote"].pk).status == books["quote"].status


def test_fusioninvoice_pdf_download_by_a_viewer_does_not_send_the_draft(books):
    draft = InvoiceFactory(company_profile=books["invoice"].company_profile)
    for key in (_viewer_key()[0], _billing_read_only_key()[0]):
        response = Api(key).call("fusioninvoice", "get", f"invoices/{draft.pk}/pdf")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF-")
    assert Invoice.objects.get(pk=draft.pk).status == Invoice.Status.DRAFT
    admin_key = api_key_create(user=UserFactory(role=ADMIN))
    Api(admin_key).call("fusioninvoice", "get", f"invoices/{draft.pk}/pdf")
    assert Invoice.objects.get(pk=draft.pk).status == Invoice.Status.SENT
