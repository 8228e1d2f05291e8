"""Reads for credentials: every lookup is by hash, compared in constant time."""

import hmac

from django.utils import timezone

from apps.core.text import is_digits

from .models import ApiKey, LoginToken, SessionToken, User, UserEvent
from .roles import MANAGE, is_active_staff, user_can
from .services import sha256_hex


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


def user_get_for_sign_in(*, email: str) -> User | None:
    """The user an email signs in as, matched as authentication matches it
    (`email__iexact`, `UserManager.get_by_natural_key`); the oldest if several."""
    return User.objects.filter(email__iexact=email.strip()).order_by("pk").first()


def api_key_list(*, user: User):
    return ApiKey.objects.filter(user=user).order_by("-created_at")


def staff_user_list(*, user: User):
    """Every account that is or was staff, for an Admin; nothing for anyone else."""
    if not user_can(user, MANAGE):
        return User.objects.none()
    return (
        User.objects.filter(is_staff=True)
        .prefetch_related("groups")
        .order_by("-is_active", "email")
    )


def user_event_list(*, user: User):
    if not user_can(user, MANAGE):
        return UserEvent.objects.none()
    return UserEvent.objects.select_related("user", "actor").order_by("-at", "-id")
