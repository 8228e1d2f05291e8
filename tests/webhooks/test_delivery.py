"""Deliveries end to end: a real receiver on 127.0.0.1 verifies each signature."""

import datetime as dt
import json
import time
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from apps.invoices.models import Invoice
from apps.payments.models import Payment
from apps.payments.services import payment_record
from apps.webhooks.models import WebhookAttempt, WebhookDelivery
from apps.webhooks.services import (
    MAX_ATTEMPTS,
    retry_delay,
    webhook_deliveries_run_due,
)
from tests.public.helpers import pay, payable_invoice

from .conftest import verify

pytestmark = pytest.mark.django_db


def test_hosted_page_payment_sends_a_signed_invoice_paid_within_seconds(
    client, receiver, make_endpoint, django_capture_on_commit_callbacks
):
    issued = make_endpoint(receiver.url, events=["invoice.paid", "payment.succeeded"])
    invoice = payable_invoice()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = pay(client, invoice)
    assert response.status_code == 302
    received = receiver.wait_for(2)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"took {elapsed:.2f}s"
    by_type = {json.loads(r.body)["type"]: r for r in received}
    assert set(by_type) == {"invoice.paid", "payment.succeeded"}
    paid = by_type["invoice.paid"]
    assert verify(paid, issued.secret)
    assert paid.headers["content-type"] == "application/json"
    assert paid.headers["webhook-id"].startswith("msg_")
    body = json.loads(paid.body)
    assert body["data"]["id"] == invoice.pk
    # FusionInvoice's invoice: paid shows as "sent" with a zero balance
    assert body["data"]["status"] == "sent"
    assert Decimal(body["data"]["amount"]["balance"]) == 0
    assert body["data"]["url_key"] == invoice.public_hash
    delivery = WebhookDelivery.objects.get(event="invoice.paid")
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        WebhookDelivery.Status.SUCCEEDED,
        1,
        200,
    )
    assert delivery.message_id == paid.headers["webhook-id"]


def test_a_tampered_body_or_another_secret_fails_verification(
    receiver, make_endpoint, staff_user, django_capture_on_commit_callbacks
):
    issued = make_endpoint(receiver.url, events=["payment.succeeded"])
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("10"), method="check")
    (received,) = receiver.wait_for(1)
    assert verify(received, issued.secret)
    received.body = received.body.replace(b'"10.00', b'"99.00')
    assert not verify(received, issued.secret)
    other = make_endpoint("http://127.0.0.1:9/unused").secret
    received.body = WebhookDelivery.objects.get().body.encode()
    assert verify(received, issued.secret) and not verify(received, other)


def test_nothing_is_sent_for_a_write_that_rolled_back(
    receiver, make_endpoint, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, events=["payment.succeeded"])
    invoice = payable_invoice()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError, match="boom"),
        transaction.atomic(),
    ):
        payment_record(invoice=invoice, amount=Decimal("10"), method="check")
        raise RuntimeError("boom")
    assert WebhookDelivery.objects.count() == 0 and receiver.requests == []


def test_only_chosen_events_and_active_endpoints_get_deliveries(
    receiver, make_endpoint, staff_user, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, events=["invoice.voided"])
    off = make_endpoint(receiver.url, events=["payment.succeeded"]).endpoint
    off.is_active = False
    off.save()
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("10"), method="check")
    assert WebhookDelivery.objects.count() == 0


def test_the_retry_schedule_is_exponential_and_lasts_over_24_hours():
    delays = [retry_delay(n) for n in range(1, MAX_ATTEMPTS)]
    assert delays[:3] == [
        dt.timedelta(seconds=10),
        dt.timedelta(seconds=40),
        dt.timedelta(seconds=160),
    ]
    assert all(b >= a for a, b in zip(delays, delays[1:], strict=False))
    assert sum(delays, dt.timedelta()) > dt.timedelta(hours=24)


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_fails_three_times_gets_the_fourth_attempt(
    receiver, make_endpoint, settings, monkeypatch
):
    """Through the database queue: each retry is a task with run_after; the worker
    runs what is due while the clock moves forward."""
    from django_tasks_db.management.commands.db_worker import Worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    real_now = timezone.now
    offset = dt.timedelta()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)

    def run_due_tasks():
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    issued = make_endpoint(receiver.url, events=["payment.succeeded"])
    receiver.statuses = [500, 500, 500]
    invoice = payable_invoice()
    payment_record(invoice=invoice, amount=Decimal("10"), method="check")
    run_due_tasks()
    assert len(receiver.requests) == 1
    for tries in (1, 2, 3):
        run_due_tasks()  # nothing is due yet
        assert len(receiver.requests) == tries
        offset += retry_delay(tries) + dt.timedelta(seconds=1)
        run_due_tasks()
        assert len(receiver.requests) == tries + 1
    requests = receiver.requests
    assert all(verify_at(r, issued.secret, offset) for r in requests)
    assert len({r.headers["webhook-id"] for r in requests}) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.SUCCEEDED, 4)
    codes = list(
        WebhookAttempt.objects.order_by("number").values_list("status_code", flat=True)
    )
    assert codes == [500, 500, 500, 200]


def verify_at(received, secret, offset):
    """The timestamps are on the moved clock: verify against it."""
    return verify(received, secret, tolerance=int(offset.total_seconds()) + 300)


def test_a_timeout_or_refused_connection_is_a_failed_attempt_with_a_retry(
    make_endpoint, django_capture_on_commit_callbacks
):
    make_endpoint("http://127.0.0.1:9/closed-port", events=["payment.succeeded"])
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("10"), method="check")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.last_status_code is None and delivery.last_error
    assert delivery.next_attempt_at > timezone.now()


def test_run_due_sends_what_the_immediate_backend_could_not_defer(
    receiver, make_endpoint, django_capture_on_commit_callbacks
):
    issued = make_endpoint(receiver.url, events=["payment.succeeded"])
    receiver.statuses = [503]
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("10"), method="check")
    assert len(receiver.wait_for(1)) == 1
    assert webhook_deliveries_run_due() == 0  # not due for 10 seconds
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_deliveries_run_due() == 1
    assert verify(receiver.requests[1], issued.secret)
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SUCCEEDED


def test_declined_charge_sends_payment_failed(
    client, receiver, make_endpoint, django_capture_on_commit_callbacks
):
    from tests.public.helpers import DECLINING_CARD

    make_endpoint(receiver.url, events=["payment.failed", "invoice.paid"])
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, invoice, **DECLINING_CARD)
    (received,) = receiver.wait_for(1)
    body = json.loads(received.body)
    assert body["type"] == "payment.failed"
    assert Payment.objects.get().status == Payment.Status.DECLINED
    assert Invoice.objects.get().status == Invoice.Status.SENT
