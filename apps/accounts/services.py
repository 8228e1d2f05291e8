"""Writes for users and API credentials. Secrets are returned once, stored hashed."""

import hashlib
import secrets
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ApiKey, LoginAttempt, LoginToken, SessionToken, User

SESSION_TOKEN_LIFETIME = timedelta(hours=4)
LOGIN_LOCKOUT_FAILURES = 5
LOGIN_LOCKOUT_WINDOW = timedelta(minutes=15)
_ALPHANUMERIC = string.ascii_letters + string.digits


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def timetap_signature(api_key: str, private_key: str) -> str:
    """What a TimeTap client sends as `signature`: md5hex(apiKey + privateKey)."""
    return hashlib.md5((api_key + private_key).encode()).hexdigest()  # noqa: S324 vendor protocol


def _random_alphanumeric(length: int) -> str:
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(length))


@dataclass(frozen=True)
class IssuedApiKey:
    api_key: ApiKey
    key: str  # what Fusebill, FluidPay and FusionInvoice (as Bearer) clients send
    timetap_api_key: str
    timetap_private_key: str

    def as_json(self) -> dict[str, str]:
        return {
            "key": self.key,
            "api_key": self.timetap_api_key,
            "private_key": self.timetap_private_key,
        }


@transaction.atomic
def api_key_create(
    *, user: User, name: str = "", expires_at: datetime | None = None
) -> IssuedApiKey:
    """Create a key for an active staff user; the secrets are in the result only."""
    if not (user.is_active and user.is_staff):
        raise ValidationError("API keys can only be created for active staff users.")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    key = "rmt_" + secrets.token_urlsafe(32)
    timetap_api_key = "tt_" + _random_alphanumeric(24)
    private_key = secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        user=user,
        name=name,
        prefix=key[:10],
        key_hash=sha256_hex(key),
        timetap_api_key_hash=sha256_hex(timetap_api_key),
        timetap_signature_hash=sha256_hex(
            timetap_signature(timetap_api_key, private_key)
        ),
        expires_at=expires_at,
    )
    return IssuedApiKey(
        api_key=api_key,
        key=key,
        timetap_api_key=timetap_api_key,
        timetap_private_key=private_key,
    )


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


@transaction.atomic
def api_key_set_expiry(*, api_key: ApiKey, expires_at: datetime | None) -> ApiKey:
    api_key.expires_at = expires_at
    api_key.save(update_fields=["expires_at"])
    return api_key


@transaction.atomic
def login_token_create(*, user: User) -> str:
    """Issue a FusionInvoice token `<id>|<40 alphanumerics>`; only its hash is kept."""
    secret = _random_alphanumeric(40)
    token = LoginToken.objects.create(user=user, token_hash=sha256_hex(secret))
    return f"{token.pk}|{secret}"


@transaction.atomic
def login_token_revoke(*, token: LoginToken) -> None:
    token.delete()


@transaction.atomic
def session_token_create(*, api_key: ApiKey) -> str:
    """Issue a TimeTap session token valid for four hours. Many may be valid at once."""
    secret = "st:api:api:" + secrets.token_hex(16)
    SessionToken.objects.create(
        api_key=api_key,
        token_hash=sha256_hex(secret),
        expires_at=timezone.now() + SESSION_TOKEN_LIFETIME,
    )
    return secret


def login_failure_record(*, email: str, ip_address: str | None) -> None:
    LoginAttempt.objects.create(email=email.lower()[:254], ip_address=ip_address)


def login_failures_clear(*, email: str) -> None:
    LoginAttempt.objects.filter(email=email.lower()).delete()


# "Last used" is for people deciding what to revoke: to the minute is plenty, and it
# keeps a busy key from writing its row on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def credential_mark_used(*, credential: ApiKey | LoginToken) -> None:
    """Record that `credential` was just used (at most one write a minute)."""
    now = timezone.now()
    if (
        credential.last_used_at is None
        or credential.last_used_at < now - LAST_USED_RESOLUTION
    ):
        type(credential).objects.filter(pk=credential.pk).update(last_used_at=now)
        credential.last_used_at = now
