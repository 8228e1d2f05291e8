"""Registering, changing and removing webhook endpoints: Admin only (MANAGE). The
signing secret is in the result of create and rotate, and nowhere else."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import MANAGE, require
from apps.core.events import EVENTS

from .. import secrets
from ..models import WebhookEndpoint
from ..transport import url_check

# How long the old secret keeps signing after a rotation.
ROTATION_OVERLAP = dt.timedelta(hours=24)


@dataclass(frozen=True)
class IssuedEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # "whsec_...": shown once


def _clean_events(events) -> list[str]:
    if not isinstance(events, list | tuple) or not events:
        raise ValidationError({"events": "Choose at least one event."})
    unknown = sorted({str(e) for e in events} - set(EVENTS))
    if unknown:
        raise ValidationError(
            {
                "events": (
                    f"Unknown events: {', '.join(unknown)}. "
                    f"Choose from {', '.join(EVENTS)}."
                )
            }
        )
    return [name for name in EVENTS if name in events]  # EVENTS order, no repeats


def _clean(endpoint: WebhookEndpoint) -> None:
    url_check(endpoint.url)
    endpoint.events = _clean_events(endpoint.events)
    endpoint.full_clean(exclude=["secret_encrypted", "secret_prefix", "created_by"])


def _new_secret(endpoint: WebhookEndpoint) -> str:
    secret = secrets.secret_generate()
    endpoint.secret_encrypted = secrets.secret_encrypt(secret)
    endpoint.secret_prefix = secret[:14]
    return secret


@transaction.atomic
def webhook_endpoint_create(
    *,
    url: str,
    events: list[str],
    dialect: str = WebhookEndpoint.Dialect.FUSIONINVOICE,
    description: str = "",
    by,
) -> IssuedEndpoint:
    """Register an endpoint; its signing secret is in the result only."""
    require(by, MANAGE)
    endpoint = WebhookEndpoint(
        url=url,
        events=events,
        dialect=dialect,
        description=description,
        created_by=by,
    )
    secret = _new_secret(endpoint)
    _clean(endpoint)
    endpoint.save()
    return IssuedEndpoint(endpoint=endpoint, secret=secret)


@transaction.atomic
def webhook_endpoint_update(*, endpoint: WebhookEndpoint, by, **fields):
    """Change url, events, dialect, description or is_active. Turning an endpoint
    back on (is_active=True) clears a disablement and its failure count."""
    require(by, MANAGE)
    allowed = {"url", "events", "dialect", "description", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            {name: "This field cannot be changed." for name in sorted(unknown)}
        )
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    for name, value in fields.items():
        setattr(endpoint, name, value)
    if fields.get("is_active"):
        endpoint.disabled_at = None
        endpoint.disabled_reason = ""
        endpoint.consecutive_failures = 0
        endpoint.first_failure_at = None
    _clean(endpoint)
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_secret_rotate(*, endpoint: WebhookEndpoint, by) -> IssuedEndpoint:
    """A new signing secret, shown once. The old one keeps signing alongside it for
    ROTATION_OVERLAP, so consumers can switch without missing a delivery."""
    require(by, MANAGE)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted
    endpoint.previous_secret_expires_at = timezone.now() + ROTATION_OVERLAP
    secret = _new_secret(endpoint)
    endpoint.save()
    return IssuedEndpoint(endpoint=endpoint, secret=secret)


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, by) -> None:
    """Remove an endpoint with its delivery log; nothing more is sent to it."""
    require(by, MANAGE)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).delete()
