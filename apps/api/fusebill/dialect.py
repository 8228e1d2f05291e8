"""Fusebill, as the shared API plumbing sees it (apps/api/common/dialects.py)."""

from apps.api.common.dialects import Dialect, dialect_register

from .auth import FusebillKeyAuthentication
from .errors import QUERY_NOT_VALID


def error_body(status: int, message: str, code: str) -> dict:
    if code == "NUL_IN_QUERY_STRING":  # what Fusebill says to a query it cannot read
        message = QUERY_NOT_VALID
    return {
        "ErrorId": 0,
        "HttpStatusCode": status,
        # an Idempotency-Key refusal names the header; anything else is Fusebill's
        "Errors": [
            {
                "Key": "Idempotency-Key" if "IDEMPOTENCY" in code else "Api Error",
                "Value": message,
            }
        ],
    }


DIALECT = dialect_register(
    Dialect(
        name="fusebill",
        prefixes=("/fusebill/v1/",),
        error_body=error_body,
        authentication_classes=(FusebillKeyAuthentication,),
    )
)
