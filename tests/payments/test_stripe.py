"""The Stripe gateway through the real `stripe` library, against a local server
that answers Stripe's endpoints (tests/payments/stripe_fake.py), with webhooks
signed by Stripe's scheme so `stripe.Webhook.construct_event` really verifies."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from apps.accounts.services import api_key_create
from apps.invoices.models import Invoice, InvoiceEvent
from apps.payments.models import GatewayEvent, Payment
from apps.payments.services import payment_refund
from tests.factories.accounts import UserFactory
from tests.public.helpers import hidden_fields, payable_invoice, url

from .stripe_fake import SECRET_KEY, WEBHOOK_SECRET, FakeStripe, signed_event

pytestmark = pytest.mark.django_db
WEBHOOK = "/payments/stripe/webhook"


@pytest.fixture
def fake(settings):
    with FakeStripe() as server:
        settings.REMIT_CARD_GATEWAY = settings.REMIT_ACH_GATEWAY = "stripe"
        settings.STRIPE_SECRET_KEY = SECRET_KEY
        settings.STRIPE_PUBLISHABLE_KEY = "pk_test_remit"
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = server.base
        yield server


def _start(client, invoice, method="card", **fields):
    """Choose amount and tip on Remit's page; no card or bank details posted."""
    data = {**hidden_fields(client, invoice), "method": method, "tip_choice": "none"}
    data.update(fields)
    return client.post(url("pay", invoice), data), data


def _webhook(client, event_type, obj, event_id, signature=None):
    payload, header = signed_event(event_type, obj, event_id=event_id)
    return client.post(
        WEBHOOK,
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature or header,
    )


def test_the_page_asks_stripe_for_an_intent_of_the_amount_and_tip_chosen(fake):
    invoice = payable_invoice(allow_tipping=True)
    page = Client().get(url("detail", invoice)).content.decode()
    assert 'name="card_number"' not in page and "secure form" in page
    browser = Client(enforce_csrf_checks=False)
    response, data = _start(browser, invoice, tip_choice="10")
    html = response.content.decode()
    assert response.status_code == 200
    (intent,) = fake.intents.values()
    assert (intent["amount"], intent["currency"]) == (11000, "usd")
    payment = Payment.objects.get()
    assert intent["metadata"]["remit_key"] == payment.idempotency_key
    assert (payment.status, payment.awaiting_payer, payment.transaction_id) == (
        Payment.Status.PROCESSING,
        True,
        intent["id"],
    )
    assert intent["client_secret"] in html and "pk_test_remit" in html
    assert "https://js.stripe.com" in response["Content-Security-Policy"]
    # the same form posted again finds the same attempt and the same intent
    again = browser.post(url("pay", invoice), data)
    assert again.status_code == 200 and len(fake.intents) == 1
    assert Payment.objects.count() == 1


def test_signed_webhook_settles_once_tampered_is_400_replay_is_ignored(fake):
    invoice = payable_invoice()
    _start(Client(), invoice)
    (intent,) = fake.intents.values()
    api = Client(enforce_csrf_checks=True)
    succeeded = fake.confirm(intent["id"], "succeeded")
    _, header = signed_event("payment_intent.succeeded", succeeded, event_id="evt_1")
    tampered = header[:-1] + ("0" if header[-1] != "0" else "1")
    refused = _webhook(api, "payment_intent.succeeded", succeeded, "evt_1", tampered)
    assert refused.status_code == 400 and not GatewayEvent.objects.exists()
    invoice.refresh_from_db()
    assert invoice.amount_paid == 0
    first = _webhook(api, "payment_intent.succeeded", succeeded, "evt_1")
    replay = _webhook(api, "payment_intent.succeeded", succeeded, "evt_1")
    assert (first.status_code, first.json()["processed"]) == (200, True)
    assert (replay.status_code, replay.json()["processed"]) == (200, False)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (
        Invoice.Status.PAID,
        Decimal("100"),
    )
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    assert invoice.events.filter(kind=InvoiceEvent.Kind.PAYMENT).count() == 1


def test_returning_payer_and_missed_webhook_are_settled_by_asking_stripe(fake):
    invoice = payable_invoice()
    browser = Client()
    _, data = _start(browser, invoice)
    (intent,) = fake.intents.values()
    fake.confirm(intent["id"], "succeeded")
    back = browser.get(
        url("pay_return", invoice) + f"?key={data['one_time_key']}"
    )  # before any webhook: Remit asks Stripe
    payment = Payment.objects.get()
    assert back.status_code == 302 and payment.status == Payment.Status.SUCCEEDED

    other = payable_invoice()
    _start(browser, other)
    second = fake.intents[sorted(fake.intents)[-1]]
    fake.confirm(second["id"], "succeeded")
    Payment.objects.filter(invoice=other).update(transaction_id="")  # search path
    call_command("reconcile_payments", stdout=StringIO())
    other.refresh_from_db()
    assert other.status == Invoice.Status.PAID
    assert any("/v1/payment_intents/search" in path for _, path in fake.requests)


def test_ach_through_stripe_is_pending_then_returned(fake, mailoutbox):
    invoice = payable_invoice(payment_methods=["ach"])
    _start(Client(), invoice, method="ach")
    (intent,) = fake.intents.values()
    assert intent["payment_method_types"] == ["us_bank_account"]
    api = Client(enforce_csrf_checks=True)
    processing = fake.confirm(intent["id"], "processing")
    _webhook(api, "payment_intent.processing", processing, "evt_p")
    assert Payment.objects.get().status == Payment.Status.PENDING
    failed = fake.confirm(
        intent["id"],
        "requires_payment_method",
        {"code": "insufficient_funds", "message": "The account had no funds."},
    )
    _webhook(api, "payment_intent.payment_failed", failed, "evt_f")
    payment = Payment.objects.get()
    invoice.refresh_from_db()
    assert (payment.status, payment.return_code) == (
        Payment.Status.RETURNED,
        "insufficient_funds",
    )
    assert invoice.balance == Decimal("100") and invoice.status == Invoice.Status.SENT


def test_partial_refunds_go_through_stripe(fake, staff_user):
    invoice = payable_invoice()
    _start(Client(), invoice)
    (intent,) = fake.intents.values()
    fake.confirm(intent["id"], "succeeded")
    call_command("reconcile_payments", stdout=StringIO())
    payment = Payment.objects.get()
    payment_refund(payment=payment, amount="30.00", by=staff_user)
    assert [(r["amount"], r["payment_intent"]) for r in fake.refunds] == [
        (3000, intent["id"])
    ]
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("30.00")
    # a refund made in Stripe's dashboard arrives as charge.refunded: recorded once
    charge = {"id": "ch_1", "object": "charge", "payment_intent": intent["id"]}
    charge["amount_refunded"] = 5000
    api = Client(enforce_csrf_checks=True)
    _webhook(api, "charge.refunded", charge, "evt_r")
    _webhook(api, "charge.refunded", charge, "evt_r")
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert payment.refunded_amount == Decimal("50.00")
    assert invoice.balance == Decimal("50.00") and len(fake.refunds) == 1


def test_fluidpay_pay_with_raw_card_is_a_clear_400_when_stripe_takes_cards(fake):
    invoice = payable_invoice()
    key = api_key_create(user=UserFactory()).key
    response = Client(enforce_csrf_checks=True).post(
        f"/fluidpay/api/invoice/{invoice.pk}/pay",
        json.dumps(
            {
                "payment_method": {
                    "card": {
                        "number": "4111111111111111",
                        "expiration_date": "12/39",
                        "cvc": "123",
                    }
                }
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=key,
    )
    body = response.json()
    assert response.status_code == 400 and body["status"] == "failed"
    assert "own secure form" in body["msg"]
    assert not Payment.objects.exists() and fake.intents == {}
