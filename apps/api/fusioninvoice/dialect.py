"""FusionInvoice, as the shared API plumbing sees it (apps/api/common/dialects.py)."""

from apps.api.common.dialects import Dialect, dialect_register

from .auth import FusionInvoiceAuthentication


def error_body(status: int, message: str, code: str) -> dict:
    return {"success": False, "message": message}


DIALECT = dialect_register(
    Dialect(
        name="fusioninvoice",
        prefixes=("/api/v1/",),
        error_body=error_body,
        # login answers a token and logout ends one: never kept for replay
        credential_paths=frozenset({"/api/v1/login", "/api/v1/logout"}),
        authentication_classes=(FusionInvoiceAuthentication,),
    )
)
