"""TimeTap sign-in: `GET sessionToken?apiKey=&timestamp=&signature=` answers a session
token, then every call sends `Authorization: Bearer <sessionToken>`.

`signature` is md5hex(apiKey + privateKey); the server keeps only a digest of it
(see `apps.accounts`). The timestamp (unix seconds, an integer or a float with
microseconds) must be within 15 minutes of the server clock. Tokens are cheap and
many stay valid at once (4 hours each), so clients may fetch one before every call.
"""

import math
import time

from rest_framework.exceptions import AuthenticationFailed, ValidationError

from apps.accounts.selectors import api_key_get_by_timetap_signature
from apps.accounts.services import session_token_create
from apps.api.common.authentication import SessionTokenAuthentication

__all__ = [
    "SessionTokenAuthentication",
    "session_token_issue",
    "TIMESTAMP_TOLERANCE_SECONDS",
]

TIMESTAMP_TOLERANCE_SECONDS = 15 * 60


def _timestamp(raw: str) -> float:
    try:
        # A clock (epoch seconds with microseconds), not money.
        value = float(raw)  # float ok
    except (TypeError, ValueError):
        raise ValidationError(
            {"timestamp": "Send the time as unix seconds, such as 1717200000."}
        ) from None
    if not math.isfinite(value):
        raise ValidationError(
            {"timestamp": "Send the time as unix seconds, such as 1717200000."}
        )
    if value > 1e11:  # milliseconds: accept them too, as some clients send Date.now()
        value /= 1000
    return value


def session_token_issue(
    *, api_key: str | None, timestamp: str | None, signature: str | None
) -> str:
    """A new session token for a correctly signed request; raises otherwise."""
    missing = {
        name: "This parameter is required."
        for name, value in (
            ("apiKey", api_key),
            ("timestamp", timestamp),
            ("signature", signature),
        )
        if not value
    }
    if missing:
        raise ValidationError(missing)
    if abs(time.time() - _timestamp(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS:
        raise AuthenticationFailed(
            "The timestamp is more than 15 minutes from the server time; "
            "check the clock."
        )
    found = api_key_get_by_timetap_signature(
        api_key=api_key.strip(), signature=signature.strip()
    )
    if found is None:
        raise AuthenticationFailed(
            "The apiKey or signature is not valid, "
            "or the key was revoked or has expired."
        )
    return session_token_create(api_key=found)
