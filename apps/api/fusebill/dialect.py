"""Fusebill, as the shared API plumbing sees it (apps/api/common/dialects.py)."""

from apps.api.common.dialects import Dialect, dialect_register


def error_body(status: int, message: str, code: str) -> dict:
    return {
        "ErrorId": 0,
        "HttpStatusCode": status,
        "Errors": [{"Key": "Idempotency-Key", "Value": message}],
    }


DIALECT = dialect_register(
    Dialect(name="fusebill", prefixes=("/fusebill/v1/",), error_body=error_body)
)
