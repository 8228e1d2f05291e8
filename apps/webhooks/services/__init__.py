"""Webhook writes: endpoints (Admin only), deliveries and their retries."""

from .deliveries import (
    MAX_ATTEMPTS,
    retry_delay,
    webhook_deliveries_run_due,
    webhook_delivery_attempt,
    webhook_delivery_redeliver,
    webhook_event_dispatch,
    webhook_overdue_announce,
)
from .endpoints import (
    IssuedEndpoint,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_secret_rotate,
    webhook_endpoint_update,
)

__all__ = [
    "MAX_ATTEMPTS",
    "IssuedEndpoint",
    "retry_delay",
    "webhook_deliveries_run_due",
    "webhook_delivery_attempt",
    "webhook_delivery_redeliver",
    "webhook_endpoint_create",
    "webhook_endpoint_delete",
    "webhook_endpoint_secret_rotate",
    "webhook_endpoint_update",
    "webhook_event_dispatch",
    "webhook_overdue_announce",
]
