"""A webhook's `data` is the object exactly as the chosen dialect's API answers it,
so a consumer written for the vendor reads both the same way."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from apps.accounts.services import api_key_create, session_token_create
from apps.payments.services import payment_record
from apps.quotes.models import Quote
from apps.quotes.services import quote_set_status
from apps.webhooks.payloads import payload_body
from tests.factories.quotes import QuoteFactory
from tests.public.helpers import payable_invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_invoice(settings):
    # Hosted links and Fusebill `uri`s are absolute: use the test client's host.
    settings.REMIT_PUBLIC_BASE_URL = "http://testserver"
    invoice = payable_invoice()
    payment = payment_record(invoice=invoice, amount=Decimal("100"), method="check")
    return invoice, payment


def _get(path, key, *, scheme=""):
    client = Client(enforce_csrf_checks=True)
    response = client.get(path, HTTP_AUTHORIZATION=f"{scheme}{key}".strip())
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _data(event, dialect, **ids):
    body = json.loads(payload_body(event=event, dialect=dialect, ids=ids))
    assert body["type"] == event and body["timestamp"].endswith("Z")
    return body["data"]


def test_each_dialect_sends_the_invoice_as_its_api_answers_it(paid_invoice, staff_user):
    invoice, _ = paid_invoice
    issued = api_key_create(user=staff_user)
    key = issued.key
    answers = {
        "fusioninvoice": _get(f"/api/v1/invoices/{invoice.pk}", key, scheme="Bearer ")[
            "data"
        ],
        "fusebill": _get(f"/fusebill/v1/Invoices/{invoice.pk}", key, scheme="Basic "),
        "fluidpay": _get(f"/fluidpay/api/invoice/{invoice.pk}", key)["data"],
        "timetap": _get(
            f"/timetap/live/invoices/{invoice.pk}",
            session_token_create(api_key=issued.api_key),
            scheme="Bearer ",
        ),
    }
    for dialect, answer in answers.items():
        data = _data("invoice.paid", dialect, invoice_id=invoice.pk)
        assert data == answer, dialect


def test_payments_use_each_dialects_payment_shape(paid_invoice):
    _, payment = paid_invoice
    fi = _data("payment.succeeded", "fusioninvoice", payment_id=payment.pk)
    assert (fi["id"], fi["invoice_id"], fi["amount"]) == (
        payment.pk,
        payment.invoice_id,
        "100.0000",  # FusionInvoice's four decimals
    )
    fluidpay = _data("payment.succeeded", "fluidpay", payment_id=payment.pk)
    assert fluidpay["id"] == str(payment.pk) and fluidpay["amount"] == 10000
    fusebill = _data("payment.succeeded", "fusebill", payment_id=payment.pk)
    assert fusebill["paymentId"] == payment.pk
    assert fusebill["uri"] == f"http://testserver/fusebill/v1/Payments/{payment.pk}"
    # TimeTap has no payment resource: the id, to look it up elsewhere.
    assert _data("payment.succeeded", "timetap", payment_id=payment.pk) == {
        "object": "payment",
        "id": payment.pk,
    }


def test_quotes_use_the_dialects_that_have_quotes(db):
    quote = QuoteFactory()
    quote_set_status(quote=quote, status=Quote.Status.APPROVED)
    fi = _data("quote.accepted", "fusioninvoice", quote_id=quote.pk)
    assert fi["id"] == quote.pk and fi["status"] == "approved"
    timetap = _data("quote.accepted", "timetap", quote_id=quote.pk)
    assert timetap["invoiceId"] >= 1_000_000_000  # TimeTap's quote ids
    assert _data("quote.accepted", "fusebill", quote_id=quote.pk) == {
        "object": "quote",
        "id": quote.pk,
    }
