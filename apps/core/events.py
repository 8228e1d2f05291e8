"""Domain events: a tiny publish/subscribe registry, so a lower app can announce
"invoice 7 was paid" without knowing who listens (webhooks sit above the domain and
subscribe; nothing here imports an app).

A service calls `event_publish("invoice.paid", invoice_id=7)` inside its
transaction. Subscribers run once the transaction commits (`on_commit`), so a rolled
back write announces nothing and a listener always reads committed rows. Outside a
transaction they run at once. A failing subscriber is logged and never undoes the
write that published the event, nor stops the other subscribers.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

# Every event the domain announces, with what it carries. A name not listed here is
# refused, so a typo in a service fails its tests instead of announcing nothing.
EVENTS: dict[str, str] = {
    "invoice.sent": "invoice_id",
    "invoice.viewed": "invoice_id",
    "invoice.paid": "invoice_id",
    "invoice.partially_paid": "invoice_id",
    "invoice.overdue": "invoice_id",
    "invoice.voided": "invoice_id",
    "payment.succeeded": "payment_id",
    "payment.failed": "payment_id",
    "payment.refunded": "payment_id",
    "payment.returned": "payment_id",
    "quote.accepted": "quote_id",
    "quote.declined": "quote_id",
}

Subscriber = Callable[..., None]  # subscriber(name, **ids)
_subscribers: list[Subscriber] = []


def event_subscribe(subscriber: Subscriber) -> Subscriber:
    """Register `subscriber(name, **ids)` for every event (an app's `ready()`)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def event_unsubscribe(subscriber: Subscriber) -> None:
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def event_publish(name: str, **ids: int) -> None:
    """Announce `name` with the ids of what it is about, after the current commit."""
    if name not in EVENTS:
        raise ValueError(f"Unknown event {name!r}; add it to apps.core.events.EVENTS.")
    transaction.on_commit(lambda: _deliver(name, ids))


def _deliver(name: str, ids: dict) -> None:
    for subscriber in list(_subscribers):
        try:
            subscriber(name, **ids)
        except Exception:
            logger.exception("Subscriber %r failed on %s %s", subscriber, name, ids)
