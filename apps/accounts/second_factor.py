"""Second factor: TOTP (an authenticator app) plus ten single-use recovery codes,
on django-otp's TOTPDevice and StaticDevice; and the account policy that can
require it of everyone.

Recovery codes are kept only as SHA-256 digests (cut to StaticToken's 16 characters),
so they are shown once, like API keys. The TOTP key itself has to stay readable:
the server computes the same codes from it.
"""

import hashlib
import secrets
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .events import user_event_record
from .models import AccountPolicy, User, UserEvent
from .roles import MANAGE, require

RECOVERY_CODE_COUNT = 10
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def recovery_code_digest(code: str) -> str:
    """What is stored for a recovery code: spaces, dashes and case do not matter."""
    normal = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normal.encode()).hexdigest()[:16]


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


# ---- reads -----------------------------------------------------------------------


def account_policy_get() -> AccountPolicy:
    """The policy row, or the defaults (unsaved) until an Admin first sets it: a
    read never writes."""
    return AccountPolicy.objects.filter(pk=1).first() or AccountPolicy(pk=1)


def user_has_second_factor(user) -> bool:
    """A confirmed authenticator app (recovery codes alone do not count)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def user_must_set_up_second_factor(user) -> bool:
    """Everyone needs a second factor (the policy) and this user has none yet."""
    return (
        account_policy_get().require_second_factor
        and getattr(user, "is_authenticated", False)
        and not user_has_second_factor(user)
    )


def second_factor_check(*, user: User, token: str | None) -> bool:
    """For a sign-in that has no second page (FusionInvoice's POST /api/v1/login):
    a user with a second factor must send a valid code with the password; a user
    without one passes unless the account policy requires one."""
    if user_has_second_factor(user):
        return second_factor_verify(user=user, token=str(token or "")) is not None
    return not account_policy_get().require_second_factor


def totp_secret(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it when typed in (base32)."""
    return b32encode(device.bin_key).decode()


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code, drawn on the server: one path on
    a white square, in the SVG namespace (django-otp's `qr` helper writes
    `svg:rect` elements, which HTML does not draw inline)."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=16,  # 1.6 mm a module: about 6 cm across, easy to scan
    )
    return image.to_string(encoding="unicode")


# ---- writes ----------------------------------------------------------------------


@transaction.atomic
def second_factor_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (a new key unless one is pending).
    Nothing changes at sign-in until `second_factor_confirm` accepts a code from it."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is not None:
        return pending
    return TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


def _recovery_codes_issue(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(code)) for code in codes
    )
    return codes


@transaction.atomic
def second_factor_confirm(
    *, user: User, device: TOTPDevice, token: str
) -> tuple[TOTPDevice, list[str]]:
    """Turn the second factor on once `token` comes from the new authenticator.
    Returns the device and the recovery codes: shown once, kept only hashed."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed:
        raise ValidationError({"token": "This authenticator is already set up."})
    if not device.verify_token((token or "").strip()):
        raise ValidationError(
            {
                "token": "That code does not match. Enter the 6-digit code the app "
                "shows now (codes change every 30 seconds)."
            }
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_issue(user)
    user_event_record(kind=UserEvent.Kind.SECOND_FACTOR_ON, user=user, actor=user)
    return device, codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not user_has_second_factor(user):
        raise ValidationError("Turn on the second factor before making recovery codes.")
    codes = _recovery_codes_issue(user)
    user_event_record(kind=UserEvent.Kind.RECOVERY_CODES, user=user, actor=user)
    return codes


def second_factor_verify(*, user: User, token: str):
    """The device that accepts `token`, or None: six digits are an app code, anything
    else a recovery code (used up once accepted). django-otp throttles each device
    after a failure (1, 2, 4... seconds), so codes cannot be guessed quickly."""
    token = "".join((token or "").split())
    if not token:
        return None
    is_app_code = token.isdigit() and len(token) == 6
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if isinstance(device, StaticDevice):
                if not is_app_code and device.verify_token(recovery_code_digest(token)):
                    return device
            elif is_app_code and device.verify_token(token):
                return device
    return None


def second_factor_disable(*, user: User, token: str, by: User) -> None:
    """Turn the second factor off; it takes a current code, and the account policy
    may forbid it. The code is checked in its own transaction, so a wrong guess
    still counts toward django-otp's throttle."""
    if account_policy_get().require_second_factor:
        raise ValidationError(
            {"token": "Your administrator requires a second factor for everyone."}
        )
    if second_factor_verify(user=user, token=token) is None:
        raise ValidationError(
            {"token": "Enter a current code from your app, or a recovery code."}
        )
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        user_event_record(kind=UserEvent.Kind.SECOND_FACTOR_OFF, user=user, actor=by)


@transaction.atomic
def account_policy_set(*, require_second_factor: bool, by: User) -> AccountPolicy:
    """Require a second factor of every staff user, or not (Admins only)."""
    require(by, MANAGE)
    AccountPolicy.objects.get_or_create(pk=1)
    policy = AccountPolicy.objects.select_for_update().get(pk=1)
    if policy.require_second_factor != require_second_factor:
        policy.require_second_factor = require_second_factor
        policy.save()
        user_event_record(
            kind=UserEvent.Kind.POLICY_CHANGED,
            actor=by,
            detail="second factor "
            + ("required" if require_second_factor else "optional"),
        )
    return policy
