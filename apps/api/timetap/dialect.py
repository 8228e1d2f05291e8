"""TimeTap, as the shared API plumbing sees it (apps/api/common/dialects.py)."""

from django.http import HttpRequest

from apps.accounts.selectors import session_token_get
from apps.api.common.dialects import Dialect, authorization_header, dialect_register

from .auth import SessionTokenAuthentication


def error_body(status: int, message: str, code: str) -> dict:
    return {"errorMessage": message, "errorCode": code}


def credential_identity(request: HttpRequest) -> str:
    """The API key behind a session token: TimeTap clients fetch a fresh token before
    every call, so a retry carries another one. Else the header as sent."""
    header = authorization_header(request)
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() == "bearer":
        session = session_token_get(token=token.strip())
        if session is not None:
            return f"api-key:{session.api_key_id}"
    return header


DIALECT = dialect_register(
    Dialect(
        name="timetap",
        prefixes=("/timetap/live/", "/timetap/test/"),  # the same data at both
        error_body=error_body,
        credential_identity=credential_identity,
        authentication_classes=(SessionTokenAuthentication,),
    )
)
