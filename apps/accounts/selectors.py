"""Reads for credentials: every lookup is by hash, compared in constant time."""

import hmac

from django.utils import timezone

from apps.core.text import is_digits

from .models import ApiKey, LoginAttempt, LoginToken, SessionToken, User
from .roles import is_active_staff
from .services import LOGIN_LOCKOUT_FAILURES, LOGIN_LOCKOUT_WINDOW, sha256_hex


def api_key_get_by_key(*, key: str) -> ApiKey | None:
    """The usable key whose secret is `key`, or None."""
    if not key:
        return None
    digest = sha256_hex(key)
    api_key = ApiKey.objects.select_related("user").filter(key_hash=digest).first()
    if api_key is None or not hmac.compare_digest(api_key.key_hash, digest):
        return None
    if not api_key.is_usable() or not is_active_staff(api_key.user):
        return None
    return api_key


def api_key_get_by_timetap_signature(*, api_key: str, signature: str) -> ApiKey | None:
    if not api_key or not signature:
        return None
    found = (
        ApiKey.objects.select_related("user")
        .filter(timetap_api_key_hash=sha256_hex(api_key))
        .first()
    )
    if found is None:
        return None
    if not hmac.compare_digest(
        found.timetap_signature_hash, sha256_hex(signature.lower())
    ):
        return None
    if not found.is_usable() or not is_active_staff(found.user):
        return None
    return found


def login_token_get(*, token: str) -> LoginToken | None:
    """The login token for `<id>|<secret>`, or None."""
    token_id, sep, secret = (token or "").partition("|")
    if not sep or not is_digits(token_id):
        return None
    found = LoginToken.objects.select_related("user").filter(pk=int(token_id)).first()
    if found is None or not hmac.compare_digest(found.token_hash, sha256_hex(secret)):
        return None
    return found if is_active_staff(found.user) else None


def session_token_get(*, token: str) -> SessionToken | None:
    if not token:
        return None
    digest = sha256_hex(token)
    found = (
        SessionToken.objects.select_related("api_key__user")
        .filter(token_hash=digest, expires_at__gt=timezone.now())
        .first()
    )
    if found is None or not hmac.compare_digest(found.token_hash, digest):
        return None
    if not found.api_key.is_usable() or not is_active_staff(found.api_key.user):
        return None
    return found


def login_is_locked_out(*, email: str) -> bool:
    since = timezone.now() - LOGIN_LOCKOUT_WINDOW
    return (
        LoginAttempt.objects.filter(email=email.lower(), at__gte=since).count()
        >= LOGIN_LOCKOUT_FAILURES
    )


def api_key_list(*, user: User):
    return ApiKey.objects.filter(user=user).order_by("-created_at")
