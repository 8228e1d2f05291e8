"""FluidPay, as the shared API plumbing sees it (apps/api/common/dialects.py)."""

from apps.api.common.dialects import Dialect, dialect_register

from .auth import AUTHENTICATION_CLASSES


def error_body(status: int, message: str, code: str) -> dict:
    if status == 400:  # FluidPay's wording for every refused request
        message = f"bad request error: {message}"
    return {"status": "failed", "msg": message}


DIALECT = dialect_register(
    Dialect(
        name="fluidpay",
        prefixes=("/fluidpay/api/",),
        error_body=error_body,
        authentication_classes=tuple(AUTHENTICATION_CLASSES),
    )
)
