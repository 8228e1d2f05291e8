"""Concurrent POST invoice/{id}/pay over real HTTP (one connection per thread, real
transactions): the invoice row lock in the payment service lets one charge through;
the other is FluidPay's 400 envelope and the invoice is never overpaid."""

import json

import pytest
from django.test import Client

from apps.invoices.models import Invoice
from apps.payments.models import Payment
from tests.concurrency import run_together

from .helpers import create, item

pytestmark = pytest.mark.django_db(transaction=True)
VISA = {"number": "4111111111111111", "expiration_date": "12/30", "cvc": "123"}


def _race(key: str, invoice_id: str, headers: list[dict]) -> list:
    def pay(extra: dict):
        response = Client().post(
            f"/fluidpay/api/invoice/{invoice_id}/pay",
            json.dumps({"payment_method": {"card": VISA}}),
            content_type="application/json",
            HTTP_AUTHORIZATION=key,
            **extra,
        )
        return response.status_code, response.json()

    responses, errors = run_together([lambda h=h: pay(h) for h in headers])
    assert errors == []
    return responses


def test_two_full_payments_at_once_charge_the_invoice_once(fp):
    data = create(fp, items=[item(unit_price=5000)])
    responses = _race(fp.key, data["id"], [{}, {}])
    codes = sorted(code for code, _ in responses)
    assert codes == [200, 400], responses
    approved = [body for code, body in responses if code == 200]
    refused = [body for code, body in responses if code == 400]
    assert approved[0]["data"]["response"] == "approved"
    assert refused[0]["status"] == "failed"
    assert refused[0]["msg"].startswith("bad request error: ")
    invoice = Invoice.objects.get(pk=int(data["id"]))
    assert invoice.amount_paid == invoice.total and invoice.balance == 0
    assert Payment.objects.succeeded().filter(invoice=invoice).count() == 1


def test_the_same_idempotency_key_at_once_charges_once(fp):
    data = create(fp, items=[item(unit_price=5000)])
    same = {"HTTP_IDEMPOTENCY_KEY": "race-1"}
    responses = _race(fp.key, data["id"], [same, same])
    assert len(responses) == 2
    # The second is either the replayed answer or "still being processed" (409).
    assert all(code in (200, 409) for code, _ in responses), responses
    assert all(body["status"] in ("success", "failed") for _, body in responses)
    assert Payment.objects.filter(invoice_id=int(data["id"])).count() == 1
    invoice = Invoice.objects.get(pk=int(data["id"]))
    assert invoice.amount_paid == invoice.total
