"""Stored answers to API POSTs that carried an `Idempotency-Key` header."""

from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """One key per credential. The row is inserted (pending) before the request runs,
    in its own committed transaction, so a concurrent retry sees it and gets 409."""

    key = models.CharField(max_length=255)  # as the client sent it
    credential_hash = models.CharField(
        max_length=64
    )  # sha256 of the Authorization header
    method_path = models.CharField(max_length=600)  # "POST /api/v1/invoices/store"
    request_hash = models.CharField(max_length=64)  # sha256 of the request body
    is_pending = models.BooleanField(default=True)  # the first request is still running
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.BinaryField(default=b"", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["credential_hash", "key"],
                name="idempotency_key_unique_per_credential",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.method_path})"
