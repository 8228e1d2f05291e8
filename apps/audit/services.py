"""Writing the trail. `audit_record` is the one way an event is written; the owning
app's services call it (or `invoice_event_record`, which calls it) inside their own
transaction, after they locked the document, so an event commits or rolls back with
the change it describes."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from .chain import GENESIS, canonical, changes, event_hash
from .context import audit_context_get
from .models import AuditEvent


def audit_record(
    *,
    subject_type: str,
    subject_id: int,
    kind: str,
    data: dict | None = None,
    actor=None,
    subject_label: str = "",
    parent_type: str = "",
    parent_id: int | None = None,
) -> AuditEvent:
    """Append an event to the subject's chain.

    Who and which door come from the audit context (`apps/audit/context.py`);
    `actor` (a service's `by`) wins over the context's user when given.
    """
    context = audit_context_get()
    actor = actor if actor is not None else context.acting_user
    last = (
        AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .order_by("-position")
        .values_list("position", "hash")
        .first()
    )
    position, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = AuditEvent(
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=str(subject_label)[:200],
        position=position,
        parent_type=parent_type,
        parent_id=parent_id,
        kind=kind,
        door=context.door,
        actor=actor,
        api_key_id=context.api_key_id,
        at=timezone.now(),
        data=canonical(data or {}),
        prev_hash=prev_hash,
    )
    event.hash = event_hash(event.content(), prev_hash)
    event.save()
    return event


def audit_event_first(
    *,
    subject_type: str,
    subject_id: int,
    kind: str,
    actor=None,
    subject_label: str = "",
    data: dict | None = None,
    door: str = "command",
) -> AuditEvent:
    """An unsaved first event of a new chain, hashed, for bulk loaders that write
    rows without the services (benchmarks/seed.py): `bulk_create` them."""
    event = AuditEvent(
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=str(subject_label)[:200],
        position=1,
        kind=kind,
        door=door,
        actor=actor,
        at=timezone.now(),
        data=canonical(data or {}),
        prev_hash=GENESIS,
    )
    event.hash = event_hash(event.content(), GENESIS)
    return event


@transaction.atomic
def audit_purge_demo(
    *, subjects: Iterable[tuple[str, int]], also: Iterable = ()
) -> int:
    """Remove whole chains of documents the demo loader is about to delete
    (`load_demo --reset`). The one exception to append-only, for demo data only:
    whole chains go, so every chain left still verifies. `also`: querysets of other
    append-only rows tied to those documents (an invoice's InvoiceEvents), removed
    first. On PostgreSQL the trigger lets a DELETE through only inside this
    transaction (SET LOCAL)."""
    subjects = list(subjects)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL remit.audit_purge = 'on'")
    removed = 0
    for rows in also:
        removed += rows._raw_delete(rows.db)
    by_type: dict[str, list[int]] = {}
    for subject_type, subject_id in subjects:
        by_type.setdefault(subject_type, []).append(subject_id)
    for subject_type, ids in by_type.items():
        rows = AuditEvent.objects.filter(subject_type=subject_type, subject_id__in=ids)
        # QuerySet.delete() refuses by design; the raw delete is this purge's own.
        removed += rows._raw_delete(rows.db)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL remit.audit_purge = 'off'")
    return removed


def model_values(instance, *, exclude: Iterable[str] = ()) -> dict:
    """A row's concrete field values for the trail (foreign keys as ids)."""
    skip = {"id", "created_at", "updated_at", *exclude}
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in skip
    }


def audit_record_changes(
    *,
    subject_type: str,
    instance,
    before: dict,
    by=None,
    kind: str = "updated",
    exclude: Iterable[str] = (),
) -> AuditEvent | None:
    """Record `instance`'s fields that differ from `before` (from `model_values`),
    each with its before and after; nothing when nothing changed."""
    changed = changes(before, model_values(instance, exclude=exclude))
    if not changed:
        return None
    return audit_record(
        subject_type=subject_type,
        subject_id=instance.pk,
        subject_label=str(instance),
        kind=kind,
        actor=by,
        data={"changed": changed},
    )
