"""`Idempotency-Key` for every API POST, in every dialect.

A POST under one of the API prefixes that carries the header is run once per
(credential, key): a retry with the same body replays the stored answer (same
status and body, header `Idempotent-Replayed: true`); the same key with another body
or path answers 422; a retry while the first request is still running answers 409.
Server errors (5xx) and answers that did nothing (401, 403, 429) are not stored, so
a retry runs again. Requests that issue or revoke credentials (FusionInvoice's
login and logout), and calls without credentials, are never stored: a stored answer
would keep a login token in plain text, and an anonymous call creates nothing.
The credential is authenticated (with the dialect's own classes) before anything is
claimed or replayed, so a revoked or expired key never gets a stored answer back.
Which dialect a path belongs to, its error envelope, whose credential a call carries
and which paths issue credentials come from the dialect registry (dialects.py).
Keys are kept `IDEMPOTENCY_KEY_TTL` (24 hours) and then expire: lazily when the
key is reused, and in bulk with `manage.py purge_idempotency_keys`.

A request still running holds its key by a lease: the pending row's `created_at`
is refreshed every `LEASE_REFRESH` while the request runs, and a pending row older
than `IDEMPOTENCY_LEASE` (60 s) belongs to a request that died (a killed worker, a
lost database connection): the next retry claims the key and runs. Payments stay
safe across that retry because the payment service and the gateway de-duplicate
by their own key (apps/payments/services/charging.py).
"""

import hashlib
import json
import logging
import threading
from datetime import timedelta

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from .dialects import Dialect, credential_authenticated, dialect_for_path
from .models import IdempotencyKey

HEADER = "HTTP_IDEMPOTENCY_KEY"
IDEMPOTENCY_KEY_TTL = timedelta(hours=24)
IDEMPOTENCY_LEASE = timedelta(seconds=60)
LEASE_REFRESH = timedelta(seconds=20)
logger = logging.getLogger(__name__)
MAX_KEY_LENGTH = 255
# Answers kept for replay: everything but server errors and refusals that did nothing.
_NOT_STORED = {401, 403, 408, 409, 429}


def error_response(
    dialect: Dialect, status: int, message: str, code: str = "IDEMPOTENCY_ERROR"
) -> HttpResponse:
    """An error in `dialect`'s own envelope."""
    return HttpResponse(
        json.dumps(dialect.error_body(status, message, code)),
        status=status,
        content_type="application/json",
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def idempotency_keys_purge(*, older_than: timedelta = IDEMPOTENCY_KEY_TTL) -> int:
    """Delete expired keys; returns how many went."""
    deleted, _ = IdempotencyKey.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted


def _keep_leased(row_id: int, done: threading.Event) -> None:
    """Refresh a running request's lease until it is done. Touches the database
    only for requests that run longer than LEASE_REFRESH."""
    from django.db import connection

    try:
        while not done.wait(LEASE_REFRESH.total_seconds()):
            IdempotencyKey.objects.filter(pk=row_id, is_pending=True).update(
                created_at=timezone.now()
            )
    except Exception:  # noqa: BLE001 a missed refresh only shortens the lease
        logger.warning("Could not refresh the idempotency lease of %s", row_id)
    finally:
        connection.close()


def _release(row_id: int) -> None:
    """Free the key of a request that failed. If the database is gone too (the
    connection was killed), the lease runs out instead."""
    try:
        IdempotencyKey.objects.filter(pk=row_id).delete()
    except Exception:  # noqa: BLE001
        logger.warning("Idempotency key %s is left to its lease", row_id)


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER)
        if request.method != "POST" or key is None:
            return self.get_response(request)
        dialect = dialect_for_path(request.path)
        if dialect is None or not request.META.get("HTTP_AUTHORIZATION"):
            return self.get_response(request)
        if request.path.rstrip("/").lower() in dialect.credential_paths:
            return self.get_response(request)
        if not credential_authenticated(dialect, request):
            # Nothing is stored or replayed for a caller the dialect refuses: a
            # revoked key gets the dialect's 401, never an answer kept from before.
            return self.get_response(request)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            return error_response(
                dialect,
                400,
                f"The Idempotency-Key header must be 1 to {MAX_KEY_LENGTH} characters.",
                "INVALID_IDEMPOTENCY_KEY",
            )
        try:
            body = request.body
        except RequestDataTooBig:
            return self.get_response(
                request
            )  # the dialect answers the oversize body itself
        credential = _sha256(dialect.credential_identity(request).encode())
        method_path = f"{request.method} {request.path}"[:600]
        request_hash = _sha256(body)
        row, earlier = self._claim(key, credential, method_path, request_hash)
        if earlier is not None:
            return self._answer_retry(dialect, earlier, method_path, request_hash)
        done = threading.Event()
        threading.Thread(target=_keep_leased, args=(row.pk, done), daemon=True).start()
        try:
            response = self.get_response(request)
        except BaseException:
            done.set()
            _release(row.pk)
            raise
        done.set()
        self._store(row, response)
        return response

    def _claim(self, key, credential, method_path, request_hash):
        """Insert the pending row; or return the earlier row for this key."""
        for _ in range(2):
            try:
                with transaction.atomic():
                    row = IdempotencyKey.objects.create(
                        key=key,
                        credential_hash=credential,
                        method_path=method_path,
                        request_hash=request_hash,
                    )
                return row, None
            except IntegrityError:
                earlier = IdempotencyKey.objects.filter(
                    credential_hash=credential, key=key
                ).first()
                if earlier is None:
                    continue  # deleted meanwhile: claim again
                if earlier.created_at < timezone.now() - IDEMPOTENCY_KEY_TTL or (
                    earlier.is_pending
                    and earlier.created_at < timezone.now() - IDEMPOTENCY_LEASE
                ):
                    # expired, or its request died (lease not refreshed): free
                    IdempotencyKey.objects.filter(pk=earlier.pk).delete()
                    continue
                return None, earlier
        raise IntegrityError("Could not claim the idempotency key.")

    def _answer_retry(
        self, dialect, earlier: IdempotencyKey, method_path: str, request_hash: str
    ) -> HttpResponse:
        if earlier.method_path != method_path or earlier.request_hash != request_hash:
            return error_response(
                dialect,
                422,
                "This Idempotency-Key was already used with a different request; "
                "use a new key for a new request.",
                "IDEMPOTENCY_KEY_REUSED",
            )
        if earlier.is_pending:
            return error_response(
                dialect,
                409,
                "A request with this Idempotency-Key is still being processed; "
                "retry later.",
                "IDEMPOTENCY_KEY_IN_USE",
            )
        response = HttpResponse(
            bytes(earlier.response_body),
            status=earlier.response_status,
            content_type=earlier.content_type or None,
        )
        response["Idempotent-Replayed"] = "true"
        return response

    def _store(self, row: IdempotencyKey, response) -> None:
        status = response.status_code
        if (
            status >= 500
            or status in _NOT_STORED
            or getattr(response, "streaming", False)
        ):
            IdempotencyKey.objects.filter(pk=row.pk).delete()
            return
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        IdempotencyKey.objects.filter(pk=row.pk).update(
            is_pending=False,
            response_status=status,
            response_body=response.content,
            content_type=response.get("Content-Type", "")[:100],
        )
