"""Deliveries: one per event and endpoint, tried until the endpoint answers 2xx.

The retry schedule is exponential: after the n-th failed try of a round the next
comes `retry_delay(n)` later (10 s, 40 s, 2m40s, ... x4 each time, at most 12 h), and
a round has MAX_ATTEMPTS tries, so the last comes about 27 hours after the first. A
delivery that runs out of tries is failed; an Admin can redeliver it (a new round).

An endpoint is disabled, and the Admins told by email, when DISABLE_AFTER_FAILED
deliveries in a row ran out of tries, or when it has answered nothing but failures
for DISABLE_AFTER_DAYS. Any 2xx resets both counts.

Tries are claimed with a conditional UPDATE (the row's next_attempt_at moves past
now for LEASE), so the task queue and `manage.py webhooks_run_due` never send one
message twice at once; the HTTP request runs outside any transaction.
"""

import datetime as dt
import logging
import secrets as random

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import MANAGE, require
from apps.core.events import event_publish
from apps.invoices.models import Invoice
from apps.invoices.pdf import public_url_for

from .. import secrets, transport
from ..models import (
    OverdueAnnouncement,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from ..payloads import payload_body
from ..selectors import admin_emails, webhook_endpoints_for

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 9
FIRST_DELAY = dt.timedelta(seconds=10)
MAX_DELAY = dt.timedelta(hours=12)
DISABLE_AFTER_FAILED = 5
DISABLE_AFTER_DAYS = 5
LEASE = dt.timedelta(minutes=2)  # longer than one try can take (10 s timeout)


def retry_delay(tries: int) -> dt.timedelta:
    """The wait after the `tries`-th failed try of a round (1-based)."""
    return min(FIRST_DELAY * 4 ** (tries - 1), MAX_DELAY)


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    """Queue a try. A backend that cannot defer (the immediate one) gets no delayed
    task: `manage.py webhooks_run_due`, run periodically, sends what is due."""
    from ..tasks import webhook_deliver_task

    task = webhook_deliver_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id=delivery_id)


def webhook_event_dispatch(name: str, **ids) -> list[int]:
    """The domain-event subscriber (runs after the publishing write committed): one
    delivery per active endpoint that chose `name`, each queued after this commits.
    Returns the new deliveries' ids."""
    endpoints = webhook_endpoints_for(event=name)
    bodies: dict[str, str | None] = {}
    created: list[int] = []
    with transaction.atomic():
        for endpoint in endpoints:
            if endpoint.dialect not in bodies:
                try:
                    bodies[endpoint.dialect] = payload_body(
                        event=name, dialect=endpoint.dialect, ids=ids
                    )
                except ObjectDoesNotExist:
                    bodies[endpoint.dialect] = None  # deleted since: nothing to say
                except Exception:  # one dialect's bug must not silence the others
                    logger.exception(
                        "No %s payload for %s %s", endpoint.dialect, name, ids
                    )
                    bodies[endpoint.dialect] = None
            if bodies[endpoint.dialect] is None:
                continue
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint,
                message_id="msg_" + random.token_urlsafe(18),
                event=name,
                body=bodies[endpoint.dialect],
                next_attempt_at=timezone.now(),
            )
            created.append(delivery.pk)
        transaction.on_commit(lambda: [_enqueue(pk) for pk in created])
    return created


def _signature_header(endpoint: WebhookEndpoint, message_id: str, stamp: int, body):
    keys = [endpoint.secret_encrypted]
    if (
        endpoint.previous_secret_encrypted
        and endpoint.previous_secret_expires_at
        and endpoint.previous_secret_expires_at > timezone.now()
    ):
        keys.append(endpoint.previous_secret_encrypted)
    return " ".join(
        secrets.signature(
            secret=secrets.secret_decrypt(key),
            message_id=message_id,
            timestamp=stamp,
            body=body,
        )
        for key in keys
    )


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """Try one due delivery now. None when it is not due, already taken by another
    worker, finished, or its endpoint is off."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lte=now,
        endpoint__is_active=True,
    ).update(next_attempt_at=now + LEASE)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    stamp = int(now.timestamp())
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Remit-Webhooks/1.0",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": _signature_header(
            delivery.endpoint, delivery.message_id, stamp, body
        ),
    }
    outcome = transport.post(url=delivery.endpoint.url, body=body, headers=headers)
    return _record(delivery_id=delivery_id, outcome=outcome, attempted_at=now)


@transaction.atomic
def _record(*, delivery_id: int, outcome, attempted_at) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    now = timezone.now()
    delivery.attempts += 1
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        attempted_at=attempted_at,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    delivery.last_attempt_at = attempted_at
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    if outcome.succeeded:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.next_attempt_at = None
        endpoint.consecutive_failures = 0
        endpoint.first_failure_at = None
    else:
        endpoint.first_failure_at = endpoint.first_failure_at or attempted_at
        tries = delivery.attempts - delivery.round_start
        if tries < MAX_ATTEMPTS:
            delivery.next_attempt_at = now + retry_delay(tries)
            run_after = delivery.next_attempt_at
            transaction.on_commit(lambda: _enqueue(delivery_id, run_after))
        else:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
            endpoint.consecutive_failures += 1
            _disable_if_failing(endpoint, now)
    delivery.save()
    endpoint.save()
    return delivery


def _disable_if_failing(endpoint: WebhookEndpoint, now) -> None:
    failing_for = now - endpoint.first_failure_at
    if endpoint.consecutive_failures >= DISABLE_AFTER_FAILED:
        reason = (
            f"{endpoint.consecutive_failures} deliveries in a row ran out of retries."
        )
    elif failing_for >= dt.timedelta(days=DISABLE_AFTER_DAYS):
        reason = f"Every attempt failed for {failing_for.days} days."
    else:
        return
    endpoint.is_active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = reason
    endpoint.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED,
        next_attempt_at=None,
        last_error="Not sent: the endpoint was disabled.",
    )
    url, pk = endpoint.url, endpoint.pk
    transaction.on_commit(lambda: _tell_admins(endpoint_url=url, pk=pk, reason=reason))


def _tell_admins(*, endpoint_url: str, pk: int, reason: str) -> None:
    recipients = admin_emails()
    if not recipients:
        return
    page = public_url_for(reverse("webhooks:detail", kwargs={"pk": pk}))
    send_mail(
        subject=f"Webhook endpoint disabled: {endpoint_url}",
        message=(
            f"Remit stopped sending webhooks to {endpoint_url}.\n\n{reason}\n\n"
            f"Fix the receiver, then enable the endpoint again and redeliver "
            f"the failed messages: {page}\n"
        ),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,
    )


@transaction.atomic
def webhook_delivery_redeliver(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """Send a delivery again now, with a fresh round of retries (same webhook-id,
    so a consumer that already has it can tell)."""
    require(by, MANAGE)
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if not WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, is_active=True):
        raise ValidationError("The endpoint is disabled; enable it first.")
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.round_start = delivery.attempts
    delivery.next_attempt_at = timezone.now()
    delivery.save()
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def webhook_deliveries_run_due(*, limit: int = 500) -> int:
    """Try every due delivery (for a periodic job when the task backend cannot
    defer). Returns how many were tried."""
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lte=timezone.now(),
        endpoint__is_active=True,
    ).order_by("next_attempt_at", "id")
    tried = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        tried += webhook_delivery_attempt(delivery_id=pk) is not None
    return tried


@transaction.atomic
def webhook_overdue_announce(*, today: dt.date) -> int:
    """Publish `invoice.overdue` once for each invoice that is overdue on `today`
    (again if its due date changed since). Returns how many were announced."""
    overdue = dict(Invoice.objects.overdue(today=today).values_list("pk", "due_date"))
    known = dict(
        OverdueAnnouncement.objects.filter(invoice_id__in=overdue).values_list(
            "invoice_id", "due_date"
        )
    )
    announced = 0
    for pk, due in overdue.items():
        if known.get(pk) == due:
            continue
        OverdueAnnouncement.objects.update_or_create(
            invoice_id=pk, defaults={"due_date": due}
        )
        event_publish("invoice.overdue", invoice_id=pk)
        announced += 1
    return announced
