"""Endpoint services (Admin only), rotation, redelivery, disabling after repeated
failures, and the overdue announcement."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from apps.accounts.roles import BILLING, VIEWER
from apps.invoices.models import Invoice
from apps.payments.services import payment_record
from apps.webhooks import secrets
from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from apps.webhooks.services import (
    MAX_ATTEMPTS,
    webhook_deliveries_run_due,
    webhook_delivery_redeliver,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_secret_rotate,
    webhook_endpoint_update,
    webhook_overdue_announce,
)
from apps.webhooks.services.deliveries import DISABLE_AFTER_FAILED
from tests.factories.accounts import UserFactory
from tests.public.helpers import payable_invoice

from .conftest import verify

pytestmark = pytest.mark.django_db


def test_webhook_endpoint_create_returns_a_secret_stored_only_encrypted(staff_user):
    issued = webhook_endpoint_create(
        url="https://hooks.example.com/a",
        events=["quote.accepted", "invoice.paid", "invoice.paid"],
        by=staff_user,
    )
    assert issued.secret.startswith("whsec_") and len(issued.secret) > 40
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["invoice.paid", "quote.accepted"]
    assert issued.secret not in endpoint.secret_encrypted
    assert endpoint.secret_prefix == issued.secret[:14]
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret_encrypted FROM webhooks_webhookendpoint")
        (stored,) = cursor.fetchone()
    assert issued.secret.removeprefix("whsec_") not in stored
    assert secrets.secret_decrypt(stored) == issued.secret


def test_a_secret_still_decrypts_after_secret_key_rotation(settings, staff_user):
    issued = webhook_endpoint_create(
        url="https://hooks.example.com/a", events=["invoice.paid"], by=staff_user
    )
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test-only-0123456789"
    endpoint = WebhookEndpoint.objects.get()
    assert secrets.secret_decrypt(endpoint.secret_encrypted) == issued.secret


@pytest.mark.parametrize(
    ("events", "field"),
    [([], "events"), (["invoice.exploded"], "events"), (["invoice.paid"], "url")],
)
def test_webhook_endpoint_create_refuses_bad_input_by_field(staff_user, events, field):
    url = "not a url" if field == "url" else "https://hooks.example.com/"
    with pytest.raises(ValidationError) as caught:
        webhook_endpoint_create(url=url, events=events, by=staff_user)
    assert field in caught.value.message_dict


@pytest.mark.parametrize("role", [BILLING, VIEWER])
def test_only_admins_manage_endpoints(role, staff_user):
    user = UserFactory(role=role)
    with pytest.raises(PermissionDenied, match="Admin"):
        webhook_endpoint_create(
            url="https://hooks.example.com/", events=["invoice.paid"], by=user
        )
    endpoint = webhook_endpoint_create(
        url="https://hooks.example.com/", events=["invoice.paid"], by=staff_user
    ).endpoint
    for call in (
        lambda: webhook_endpoint_update(endpoint=endpoint, by=user, url="https://x.io"),
        lambda: webhook_endpoint_secret_rotate(endpoint=endpoint, by=user),
        lambda: webhook_endpoint_delete(endpoint=endpoint, by=user),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_rotation_signs_with_the_new_secret_and_the_old_one_for_a_day(
    receiver, make_endpoint, staff_user, django_capture_on_commit_callbacks
):
    old = make_endpoint(receiver.url, events=["payment.succeeded"])
    new = webhook_endpoint_secret_rotate(endpoint=old.endpoint, by=staff_user)
    assert new.secret != old.secret and new.secret.startswith("whsec_")
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("5"), method="cash")
    (received,) = receiver.wait_for(1)
    assert len(received.headers["webhook-signature"].split(" ")) == 2
    assert verify(received, new.secret) and verify(received, old.secret)
    # After the overlap only the new secret signs.
    WebhookEndpoint.objects.update(
        previous_secret_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("5"), method="cash")
    second = receiver.wait_for(2)[1]
    assert verify(second, new.secret) and not verify(second, old.secret)


def _exhaust(delivery_ids, captured):
    """Fail every try of each delivery (the receiver answers 500)."""
    for _ in range(MAX_ATTEMPTS):
        WebhookDelivery.objects.filter(pk__in=delivery_ids).exclude(
            status=WebhookDelivery.Status.FAILED
        ).update(next_attempt_at=timezone.now())
        with captured(execute=True):
            webhook_deliveries_run_due()


def test_a_delivery_that_runs_out_of_retries_fails_and_can_be_redelivered(
    receiver, make_endpoint, staff_user, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, events=["payment.succeeded"])
    receiver.statuses = [500] * 50
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("5"), method="cash")
    delivery = WebhookDelivery.objects.get()
    _exhaust([delivery.pk], django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    assert delivery.attempt_log.count() == MAX_ATTEMPTS
    assert "HTTP 500" in delivery.last_error
    receiver.statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        webhook_delivery_redeliver(delivery=delivery, by=staff_user)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", MAX_ATTEMPTS + 1)
    ids = {r.headers["webhook-id"] for r in receiver.requests}
    assert ids == {delivery.message_id}


def test_an_endpoint_is_disabled_after_repeated_failures_and_admins_are_told(
    receiver,
    make_endpoint,
    staff_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    billing = UserFactory(role=BILLING)
    endpoint = make_endpoint(receiver.url, events=["payment.succeeded"]).endpoint
    receiver.statuses = [500] * 500
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(DISABLE_AFTER_FAILED):
            payment_record(invoice=invoice, amount=Decimal("1"), method="cash")
    ids = list(WebhookDelivery.objects.values_list("pk", flat=True))
    _exhaust(ids[:-1], django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert (
        endpoint.is_active and endpoint.consecutive_failures == DISABLE_AFTER_FAILED - 1
    )

    def disabled_notes():
        return [m for m in mailoutbox if m.subject.startswith("Webhook endpoint")]

    assert disabled_notes() == []
    _exhaust(ids[-1:], django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    (mail,) = disabled_notes()
    assert mail.to == [staff_user.email] and billing.email not in mail.to
    assert endpoint.url in mail.subject
    # No new deliveries while disabled; enabling again clears the failure count.
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("1"), method="cash")
    assert WebhookDelivery.objects.count() == DISABLE_AFTER_FAILED
    delivery = WebhookDelivery.objects.first()
    with pytest.raises(ValidationError, match="enable it first"):
        webhook_delivery_redeliver(delivery=delivery, by=staff_user)
    endpoint = webhook_endpoint_update(endpoint=endpoint, by=staff_user, is_active=True)
    assert (endpoint.disabled_at, endpoint.consecutive_failures) == (None, 0)


def test_a_success_resets_the_failure_count(
    receiver, make_endpoint, django_capture_on_commit_callbacks
):
    endpoint = make_endpoint(receiver.url, events=["payment.succeeded"]).endpoint
    WebhookEndpoint.objects.update(
        consecutive_failures=3, first_failure_at=timezone.now()
    )
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(invoice=invoice, amount=Decimal("1"), method="cash")
    endpoint.refresh_from_db()
    assert (endpoint.consecutive_failures, endpoint.first_failure_at) == (0, None)


def test_webhook_overdue_announce_publishes_once_per_due_date(
    receiver, make_endpoint, django_capture_on_commit_callbacks
):
    make_endpoint(receiver.url, events=["invoice.overdue"])
    invoice = payable_invoice()
    today = invoice.due_date + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_overdue_announce(today=today) == 1
        assert webhook_overdue_announce(today=today + dt.timedelta(days=1)) == 0
    (received,) = receiver.wait_for(1)
    body = json.loads(received.body)
    assert (body["type"], body["data"]["id"]) == ("invoice.overdue", invoice.pk)
    Invoice.objects.filter(pk=invoice.pk).update(due_date=today)
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_overdue_announce(today=today) == 0  # not overdue on its day
        assert webhook_overdue_announce(today=today + dt.timedelta(days=1)) == 1


def test_a_broken_payload_shape_only_silences_its_own_dialect(
    receiver, make_endpoint, monkeypatch, django_capture_on_commit_callbacks
):
    from apps.webhooks import payloads

    def broken(pk):
        raise RuntimeError("shape bug")

    monkeypatch.setitem(payloads._shapes, ("fluidpay", "payment"), broken)
    make_endpoint(receiver.url, events=["payment.succeeded"], dialect="fluidpay")
    make_endpoint(receiver.url, events=["payment.succeeded"], dialect="fusebill")
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_record(invoice=invoice, amount=Decimal("1"), method="cash")
    (received,) = receiver.wait_for(1)
    assert json.loads(received.body)["data"]["paymentId"] == payment.pk
    assert WebhookDelivery.objects.get().endpoint.dialect == "fusebill"
