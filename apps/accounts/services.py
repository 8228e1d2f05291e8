"""Writes for users and API credentials. Secrets are returned once, stored hashed."""

import hashlib
import secrets
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ApiKey, LoginToken, SessionToken, User
from .roles import (
    ADMIN,
    BILLING,
    MANAGE,
    ROLES,
    VIEWER,
    group_permission_codenames,
    is_active_staff,
    require,
)

SESSION_TOKEN_LIFETIME = timedelta(hours=4)
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


def _require_manage(by: User | None) -> None:
    """`by` is the acting user; None is the operator at the command line (a
    management command or the demo loader), who already holds the whole database."""
    if by is not None:
        require(by, MANAGE)


@transaction.atomic
def api_key_create(
    *,
    user: User,
    name: str = "",
    expires_at: datetime | None = None,
    read_only: bool = False,
    by: User | None = None,
) -> IssuedApiKey:
    """Create a key for an active staff user; the secrets are in the result only.

    The key acts with its user's role; `read_only` narrows it to reads. Only an
    Admin (`by`) may issue keys."""
    _require_manage(by)
    if not is_active_staff(user):
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
        read_only=read_only,
    )
    return IssuedApiKey(
        api_key=api_key,
        key=key,
        timetap_api_key=timetap_api_key,
        timetap_private_key=private_key,
    )


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: User | None = None) -> ApiKey:
    _require_manage(by)
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


@transaction.atomic
def api_key_set_expiry(
    *, api_key: ApiKey, expires_at: datetime | None, by: User | None = None
) -> ApiKey:
    _require_manage(by)
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


# ---- roles ----------------------------------------------------------------------


def role_groups_sync() -> dict[str, Group]:
    """Create the three role groups and give each its Django permissions (the admin
    reads these). Runs after every migrate (see AccountsConfig), so permissions of
    models added later join the groups too."""
    permissions = list(
        Permission.objects.select_related("content_type").values_list(
            "pk", "content_type__app_label", "content_type__model", "codename"
        )
    )
    by_key = {(app, codename): pk for pk, app, _, codename in permissions}
    rows = [(app, model, codename) for _, app, model, codename in permissions]
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = group_permission_codenames(role, rows)
        group.permissions.set([by_key[key] for key in wanted])
        groups[role] = group
    return groups


@transaction.atomic
def user_role_set(*, user: User, role: str, by: User | None = None) -> User:
    """Put `user` in exactly one role group (`role` is Admin, Billing or Viewer)."""
    _require_manage(by)
    if role not in ROLES:
        raise ValidationError(
            {"role": f"Choose one of {', '.join(ROLES)}; '{role}' is not a role."}
        )
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(pk=group.pk))
    user.groups.add(group)
    user.__dict__.pop("_remit_role", None)
    return user


@transaction.atomic
def staff_user_create(
    *,
    email: str,
    password: str,
    role: str,
    full_name: str = "",
    by: User | None = None,
) -> User:
    """Create an active staff user in `role` (the createsuperuser path makes Admins)."""
    _require_manage(by)
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email:
        raise ValidationError({"email": "Enter the new user's email address."})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"A user with the email {email} exists."})
    if not password:
        raise ValidationError({"password": "Enter a password for the new user."})
    user = User(email=email, full_name=full_name, is_staff=True, is_active=True)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user_role_set(user=user, role=role, by=by)


DEMO_PASSWORD = "remit-demo"
# One user of each role for the demo; all share DEMO_PASSWORD.
DEMO_USERS = (
    ("demo@remit.local", ADMIN, "Demo Admin"),
    ("billing@remit.local", BILLING, "Demo Billing"),
    ("viewer@remit.local", VIEWER, "Demo Viewer"),
)


@transaction.atomic
def demo_users_create() -> list[User]:
    """The demo's three users: demo@ (a superuser, so Admin), billing@ and viewer@,
    all with the password `remit-demo`. Safe to run again."""
    users = []
    for email, role, name in DEMO_USERS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(email=email, full_name=name)
        user.is_staff = user.is_active = True
        user.is_superuser = role == ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        users.append(user_role_set(user=user, role=role))
    return users
