"""Idempotency-Key on every FusionInvoice POST that creates or charges: a retry with
the same key and body replays the first answer and writes nothing more; the same key
with another body is 422; a retry while the first still runs is 409."""

import hashlib
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.api.common.models import IdempotencyKey
from apps.clients.models import Client
from apps.invoices.models import Invoice
from apps.payments.models import Payment
from apps.quotes.models import Quote
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def _post(api, path, body: dict, key="key-1"):
    return api.generic(
        "POST",
        path,
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def _setup(name, profile):
    """(path, body, other body, count of rows the call writes)."""
    client = ClientFactory(name="Acme")
    if name == "client":
        return (
            "/api/v1/clients/store",
            {"name": "New", "type": "lead"},
            {"name": "Other", "type": "lead"},
            lambda: Client.objects.count(),
        )
    if name == "invoice":
        return (
            "/api/v1/invoices/store",
            {"client_id": client.pk},
            {"client_id": client.pk, "summary": "x"},
            lambda: Invoice.objects.count(),
        )
    if name == "quote":
        return (
            "/api/v1/quotes/store",
            {"client_id": client.pk},
            {"client_name": "Acme"},
            lambda: Quote.objects.count(),
        )
    invoice = InvoiceFactory(
        client=client, company_profile=profile, sent=True
    )  # 100.00
    if name == "payment":
        body = {
            "invoice_id": invoice.pk,
            "amount": "30",
            "paid_at": "2024-03-02",
            "payment_method_id": 4,
        }
        return (
            "/api/v1/payments/store",
            body,
            {**body, "amount": "31"},
            lambda: Payment.objects.count(),
        )
    if name == "credit-memo":
        memo = InvoiceFactory(
            client=client,
            company_profile=profile,
            sent=True,
            type="credit_memo",
            items=[item_data(quantity=Decimal("1"), unit_price=Decimal("50"))],
        )
        body = {"invoice_id": invoice.pk, "credit_memo_id": memo.pk, "amount": "10"}
        return (
            "/api/v1/invoices/apply/credit-memo",
            body,
            {**body, "amount": "11"},
            lambda: Payment.objects.count(),
        )
    quote = QuoteFactory(client=client, company_profile=profile)
    return (
        f"/api/v1/quotes/{quote.pk}/convert",
        {},
        {"invoice_date": "2024-05-01"},
        lambda: Invoice.objects.count(),
    )


KINDS = ["client", "invoice", "quote", "payment", "credit-memo", "convert"]


@pytest.mark.parametrize("kind", KINDS)
def test_retry_replays_and_writes_once(api, profile, kind):
    path, body, _other, count = _setup(kind, profile)
    before = count()
    first = _post(api, path, body)
    assert first.status_code in (200, 201), first.content
    written = count()
    assert written == before + 1
    second = _post(api, path, body)
    assert (second.status_code, second.content) == (first.status_code, first.content)
    assert second["Idempotent-Replayed"] == "true"
    assert count() == written


@pytest.mark.parametrize("kind", KINDS)
def test_same_key_other_body_is_422_and_writes_nothing(api, profile, kind):
    path, body, other, count = _setup(kind, profile)
    _post(api, path, body)
    written = count()
    response = _post(api, path, other)
    assert response.status_code == 422
    assert (
        response.json()["success"] is False
        and "different request" in response.json()["message"]
    )
    assert count() == written


def test_retry_while_running_is_409(api, profile):
    path, body, _other, count = _setup("payment", profile)
    raw = json.dumps(body).encode()
    auth = api._credentials["HTTP_AUTHORIZATION"]
    IdempotencyKey.objects.create(
        key="key-1",
        credential_hash=hashlib.sha256(auth.encode()).hexdigest(),
        method_path=f"POST {path}",
        request_hash=hashlib.sha256(raw).hexdigest(),
    )
    response = _post(api, path, body)
    assert response.status_code == 409
    assert response.json() == {"success": False, "message": response.json()["message"]}
    assert count() == 0


def test_a_refused_request_is_replayed_not_rerun(api, profile):
    """A 422 is an answer too: the retry gets the same 422 without running again."""
    client = ClientFactory()
    body = {
        "invoice_id": InvoiceFactory(
            client=client, company_profile=profile, sent=True
        ).pk,
        "amount": "500",
        "paid_at": "2024-03-02",
        "payment_method_id": 4,
    }
    first = _post(api, "/api/v1/payments/store", body)
    assert first.status_code == 422 and "amount" in first.json()["errors"]
    second = _post(api, "/api/v1/payments/store", body)
    assert second.content == first.content and second["Idempotent-Replayed"] == "true"
    assert not Payment.objects.exists()


def test_keys_are_kept_a_day(api, profile):
    path, body, _other, count = _setup("invoice", profile)
    _post(api, path, body)
    IdempotencyKey.objects.update(
        created_at=timezone.now() - timedelta(hours=23, minutes=59)
    )
    assert _post(api, path, body)["Idempotent-Replayed"] == "true"
    assert count() == 1


def test_login_and_anonymous_calls_keep_nothing(api_user):
    from rest_framework.test import APIClient

    api_user.set_password("pw-long-enough")
    api_user.save()
    anonymous = APIClient()
    body = {"email": api_user.email, "password": "pw-long-enough"}
    first = _post(anonymous, "/api/v1/login", body)
    second = _post(anonymous, "/api/v1/login", body)
    assert first.status_code == second.status_code == 200
    assert first.json()["token"] != second.json()["token"]
    assert (
        _post(anonymous, "/api/v1/invoices/store", {"client_id": 1}).status_code == 401
    )
    assert not IdempotencyKey.objects.exists()
