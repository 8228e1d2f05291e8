"""The sign-in lockout, configured for django-axes (see AXES_* in settings).

Every password sign-in (the staff page, the admin, FusionInvoice's POST /api/v1/login)
goes through `django.contrib.auth.authenticate`, so axes counts them all in one place.
Two counters, each with its own limit:

- per account: keyed by the canonical user, found the way authentication finds it
  (`email__iexact`, which PostgreSQL folds: `fıo@x` and `fſo@x` are the user
  `fio@x`), so no spelling of an email gets extra tries. An email with no account is
  keyed by the same folding, so the answer never tells whether the account exists;
- per client address, across every account: one address cannot lock out many
  accounts (nor guess many passwords) before it is locked itself.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from .selectors import user_get_for_sign_in

# What the person is told, the same whether or not the account exists.
LOCKOUT_MESSAGE = (
    "Too many failed sign-ins for this account or from this address. "
    "Wait {minutes} minutes and try again, or reset your password."
)


def _fold(email: str) -> str:
    # upper() first: "ı" and "ſ" upper-case to "I" and "S", as PostgreSQL's UPPER
    # (behind iexact) does, and lower() then gives one spelling.
    return email.strip().upper().lower()[:255]


def lockout_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the key the per-account counter uses."""
    credentials = credentials or {}
    email = credentials.get("username") or credentials.get("email")
    if email is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        email = data.get("username") or data.get("email")
    if not isinstance(email, str) or not email.strip():
        return None
    user = user_get_for_sign_in(email=email)
    return _fold(user.email if user is not None else email)


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the connection's address, never a header the
    client chose."""
    return request.META.get("REMOTE_ADDR") or None


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return LOCKOUT_MESSAGE.format(minutes=lockout_minutes())


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE for the HTML sign-in pages (staff and admin). The API
    login answers its own lockout in its envelope (it checks `axes_locked_out`)."""
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message()},
        status=429,
    )


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with one limit per counter: AXES_FAILURE_LIMIT per
    account, REMIT_LOGIN_ADDRESS_FAILURE_LIMIT per address.

    Axes compares one number with AXES_FAILURE_LIMIT, so the address count is scaled
    onto the account's scale: floor(n * account_limit / address_limit) reaches
    account_limit exactly when n reaches address_limit."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"], (
            "LockoutHandler counts per account, then per address: keep "
            'AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"].'
        )
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if lockout_username(request, credentials) is None:
            by_account = 0  # no email: only the address counts
        account_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.REMIT_LOGIN_ADDRESS_FAILURE_LIMIT
        return max(by_account, by_address * account_limit // address_limit)
