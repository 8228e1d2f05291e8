"""Writes for clients."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from apps.accounts.roles import staff_write
from apps.audit.services import audit_record, audit_record_changes, model_values
from apps.core.custom_fields import custom_values_clean
from apps.core.money import is_known_currency

from .models import Client

EDITABLE_FIELDS = tuple(
    f.name
    for f in Client._meta.get_fields()
    if getattr(f, "editable", False)
    and f.concrete
    and f.name
    not in ("id", "created_at", "updated_at", "deleted_at", "created_by", "custom")
)


def _clean(client: Client) -> None:
    client.name = strip_tags(client.name or "").strip()
    errors = {}
    if not client.name:
        errors["name"] = "A client needs a name."
    if not is_known_currency(client.currency or ""):
        errors["currency"] = (
            f"'{client.currency}' is not a known currency code; "
            "use ISO 4217 such as USD."
        )
    else:
        client.currency = client.currency.upper()
    client.country = (client.country or "").upper()
    if errors:
        raise ValidationError(errors)
    client.full_clean(exclude=["created_by"])


@staff_write
@transaction.atomic
def client_create(*, by=None, custom: Mapping | None = None, **fields) -> Client:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown client fields: {', '.join(sorted(unknown))}.")
    client = Client(created_by=by, **fields)
    if custom:
        client.custom = custom_values_clean(module="clients", values=dict(custom))
    _clean(client)
    client.save()
    audit_record(
        subject_type="client",
        subject_id=client.pk,
        subject_label=client.name,
        kind="created",
        actor=by,
        data={"fields": model_values(client)},
    )
    return client


@staff_write
@transaction.atomic
def client_update(
    *, client: Client, by=None, custom: Mapping | None = None, **fields
) -> Client:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown client fields: {', '.join(sorted(unknown))}.")
    client = Client.objects.select_for_update().get(pk=client.pk)
    before = model_values(client)
    for name, value in fields.items():
        setattr(client, name, value)
    if custom:
        client.custom = custom_values_clean(
            module="clients", values=dict(custom), current=client.custom
        )
    _clean(client)
    client.save()
    audit_record_changes(subject_type="client", instance=client, before=before, by=by)
    return client


@staff_write
@transaction.atomic
def client_delete(*, client: Client, by=None) -> None:
    """Soft delete.

    A client with invoices, quotes or payments is kept (deactivate it instead).
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    related = [
        label
        for label, exists in (
            ("Payments", client.payments.exists()),
            ("Invoices", client.invoices.filter(deleted_at__isnull=True).exists()),
            ("Quotes", client.quotes.filter(deleted_at__isnull=True).exists()),
        )
        if exists
    ]
    if related:
        raise ValidationError(
            f"Sorry, the client has related records for: {', '.join(related)}. "
            "Clients with transaction history cannot be deleted."
        )
    before = model_values(client)
    client.deleted_at = timezone.now()
    client.is_active = False
    client.save(update_fields=["deleted_at", "is_active", "updated_at"])
    audit_record_changes(
        subject_type="client", instance=client, before=before, by=by, kind="deleted"
    )


@transaction.atomic
def client_custom_fields_set(*, client: Client, by=None, values: Mapping) -> Client:
    """Merge custom values (`column_N`) into the client's.

    The values are checked against their definitions.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    before = model_values(client)
    client.custom = custom_values_clean(
        module="clients", values=dict(values), current=client.custom
    )
    client.save(update_fields=["custom", "updated_at"])
    audit_record_changes(subject_type="client", instance=client, before=before, by=by)
    return client
