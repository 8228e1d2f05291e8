"""The audit trail: one append-only table of events, hash-chained per document.

Chains: one per document (`subject_type`, `subject_id`), numbered by `position`
from 1. Each event's `hash` covers its canonical content and the previous event's
`hash` in the same chain (`apps/audit/chain.py`). One chain per document, not one for
the whole database, so writers to different documents never wait on one another, and
the unique (subject, position) constraint refuses a fork when two write at once.
`manage.py verify_ledger` checks every chain and that every document has one.

Append-only: `save()` refuses an update and `delete()` refuses; the queryset's
`update()` and `delete()` refuse too; on PostgreSQL a trigger refuses UPDATE and
DELETE on the table (migration 0002).
"""

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """A write that would change or remove a recorded event."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only; record a new event.")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only; they cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Rows are inserted once and never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(
                f"{type(self).__name__} rows are append-only; record a new one."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted.")


class AuditEvent(AppendOnlyModel):
    subject_type = models.CharField(max_length=32)  # invoice, quote, payment, ...
    subject_id = models.PositiveBigIntegerField()
    subject_label = models.CharField(max_length=200, blank=True)  # number, name
    position = models.PositiveIntegerField()  # 1, 2, ... within the subject's chain
    # The document a subordinate record belongs to (a payment's invoice), so the
    # document's history shows it:
    parent_type = models.CharField(max_length=32, blank=True)
    parent_id = models.PositiveBigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=32)
    door = models.CharField(max_length=16)  # apps.audit.context.Door
    # No database constraint: users are deactivated, not deleted, and an event must
    # never change when one is (SET NULL would be an UPDATE).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    api_key_id = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)  # canonical values only
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "position"],
                name="audit_event_chain_position_unique",
            )
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["parent_type", "parent_id"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.subject_type} {self.subject_label or self.subject_id}: {self.kind}"
        )

    def content(self) -> dict:
        """What the hash covers (besides the previous hash)."""
        return {
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "subject_label": self.subject_label,
            "position": self.position,
            "parent_type": self.parent_type,
            "parent_id": self.parent_id,
            "kind": self.kind,
            "door": self.door,
            "actor_id": self.actor_id,
            "api_key_id": self.api_key_id,
            "at": self.at,
            "data": self.data,
        }
