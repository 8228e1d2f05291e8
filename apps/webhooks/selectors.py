"""Reads for the webhook pages and API: Admin only, like the writes."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from apps.accounts.roles import ACTIVE_STAFF, ADMIN, MANAGE, user_can

from .models import WebhookDelivery, WebhookEndpoint


def webhook_endpoint_list(*, user) -> QuerySet[WebhookEndpoint]:
    """Every endpoint for an Admin; nothing for anyone else (URLs and delivery logs
    say where Remit's data goes)."""
    qs = WebhookEndpoint.objects.order_by("-created_at", "-id")
    return qs if user_can(user, MANAGE) else qs.none()


def webhook_delivery_list(*, user, endpoint: WebhookEndpoint) -> QuerySet:
    qs = WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related(
        "attempt_log"
    )
    return qs if user_can(user, MANAGE) else qs.none()


def webhook_endpoints_for(*, event: str) -> list[WebhookEndpoint]:
    """Active endpoints subscribed to `event` (a JSON list; filtered in Python so
    SQLite and PostgreSQL agree)."""
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if event in endpoint.events
    ]


def admin_emails() -> list[str]:
    """Addresses of the active Admins (superusers and the Admin group)."""
    users = (
        get_user_model()
        .objects.filter(ACTIVE_STAFF)
        .filter(Q(is_superuser=True) | Q(groups__name=ADMIN))
        .exclude(email="")
        .distinct()
    )
    return sorted(users.values_list("email", flat=True))
