"""Idempotency-Key on POST invoice and POST invoice/{id}/pay, through the shared
middleware (apps.api.common.idempotency) and the payment row's scoped one-time key."""

import json
from decimal import Decimal

import pytest

from apps.accounts.services import api_key_create
from apps.invoices.models import Invoice
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory

from .conftest import FluidPayClient
from .helpers import create, invoice_body, item

pytestmark = pytest.mark.django_db
VISA = {"number": "4111111111111111", "expiration_date": "12/30", "cvc": "123"}


def test_create_with_the_same_key_and_body_makes_one_invoice(fp):
    first = fp.post("invoice", invoice_body(), HTTP_IDEMPOTENCY_KEY="create-1")
    second = fp.post("invoice", invoice_body(), HTTP_IDEMPOTENCY_KEY="create-1")
    assert first.status_code == second.status_code == 200
    assert second["Idempotent-Replayed"] == "true"
    assert json.loads(second.content) == json.loads(first.content)
    assert Invoice.objects.count() == 1


def test_create_with_the_same_key_and_another_body_is_422_envelope(fp):
    fp.post("invoice", invoice_body(), HTTP_IDEMPOTENCY_KEY="create-2")
    response = fp.post(
        "invoice", invoice_body(message="other"), HTTP_IDEMPOTENCY_KEY="create-2"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "failed" and "different request" in body["msg"]
    assert set(body) == {"status", "msg"}
    assert Invoice.objects.count() == 1


def test_create_refused_for_bad_input_is_replayed_not_rerun(fp):
    bad = invoice_body(currency="XYZ")
    first = fp.post("invoice", bad, HTTP_IDEMPOTENCY_KEY="create-3")
    second = fp.post("invoice", bad, HTTP_IDEMPOTENCY_KEY="create-3")
    assert first.status_code == second.status_code == 400
    assert second.json() == first.json()
    assert not Invoice.objects.exists()


def test_a_different_key_creates_another_invoice(fp):
    fp.post("invoice", invoice_body(), HTTP_IDEMPOTENCY_KEY="a")
    fp.post("invoice", invoice_body(), HTTP_IDEMPOTENCY_KEY="b")
    assert Invoice.objects.count() == 2


def test_pay_key_reused_on_another_invoice_is_422_and_charges_nothing(fp):
    a = create(fp, items=[item(unit_price=1000)])
    b = create(fp, items=[item(unit_price=1000)])
    body = {"payment_method": {"card": VISA}}
    assert (
        fp.post(f"invoice/{a['id']}/pay", body, HTTP_IDEMPOTENCY_KEY="p").status_code
        == 200
    )
    response = fp.post(f"invoice/{b['id']}/pay", body, HTTP_IDEMPOTENCY_KEY="p")
    assert response.status_code == 422 and response.json()["status"] == "failed"
    assert Payment.objects.filter(invoice_id=int(b["id"])).count() == 0


def test_pay_keys_of_two_callers_never_meet(fp, client):
    """The same header value from another API key is another request: it charges
    its own invoice and never answers the first caller's transaction."""
    a = create(fp, items=[item(unit_price=1000)])
    b = create(fp, items=[item(unit_price=2000)])
    other = FluidPayClient(client, api_key_create(user=UserFactory()).key)
    body = {"payment_method": {"card": VISA}}
    first = fp.post(f"invoice/{a['id']}/pay", body, HTTP_IDEMPOTENCY_KEY="same")
    second = other.post(f"invoice/{b['id']}/pay", body, HTTP_IDEMPOTENCY_KEY="same")
    assert first.status_code == second.status_code == 200
    assert first.json()["data"]["id"] != second.json()["data"]["id"]
    assert second.json()["data"]["amount"] == 2000
    assert second.json()["data"]["order_id"] == b["id"]
    assert Invoice.objects.get(pk=int(b["id"])).amount_paid == Decimal("20.00")
    assert Payment.objects.count() == 2


def test_pay_retried_after_the_replay_window_still_charges_once(fp):
    """The middleware's stored answer is gone (expired or a 5xx was not kept): the
    payment row's scoped key still answers the first transaction."""
    from apps.api.common.models import IdempotencyKey

    data = create(fp, items=[item(unit_price=1000)], allow_partial_payment=True)
    body = {"payment_method": {"card": VISA}, "amount": 300}
    first = fp.post(f"invoice/{data['id']}/pay", body, HTTP_IDEMPOTENCY_KEY="late")
    IdempotencyKey.objects.all().delete()
    second = fp.post(f"invoice/{data['id']}/pay", body, HTTP_IDEMPOTENCY_KEY="late")
    assert second.status_code == 200
    assert second.json()["data"]["id"] == first.json()["data"]["id"]
    assert Payment.objects.count() == 1
    assert Invoice.objects.get(pk=int(data["id"])).amount_paid == Decimal("3.00")
