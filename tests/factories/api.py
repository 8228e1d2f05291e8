import hashlib

import factory

from apps.api.common.models import IdempotencyKey


class IdempotencyKeyFactory(factory.django.DjangoModelFactory):
    """A finished, stored answer (is_pending=False) unless told otherwise."""

    class Meta:
        model = IdempotencyKey

    key = factory.Sequence(lambda n: f"idem-{n}")
    credential_hash = hashlib.sha256(b"Bearer test").hexdigest()
    method_path = "POST /api/v1/invoices/store"
    request_hash = hashlib.sha256(b"{}").hexdigest()
    is_pending = False
    response_status = 200
    response_body = b'{"success": true}'
    content_type = "application/json"
