"""Who may call which API endpoint: the same roles as every other door.

`RolePermission` asks `apps.accounts.roles.user_can`: READ for GET, HEAD and
OPTIONS, WRITE for every other method. A view whose POST only reads or only handles
the caller's own credential (FluidPay `POST invoices/search`, FusionInvoice
`logout`) sets `api_capability = READ`. A read-only API key (and a TimeTap session
token made from one) only READs, whatever its user's role.

A refusal raises DRF's PermissionDenied with a message naming the role needed; each
dialect's exception handler answers it as 403 in its own envelope. The view never
runs, so nothing changes, and the idempotency middleware does not store a 403.
"""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from apps.accounts.roles import (
    READ,
    WRITE,
    denial_message,
    is_active_staff,
    user_can,
)


def credential_read_only(credential) -> bool:
    """True when the credential is a read-only API key or a session token of one."""
    api_key = getattr(credential, "api_key", credential)
    return bool(getattr(api_key, "read_only", False))


def request_can(request, capability: str) -> bool:
    """May this API request's user, through this credential, do `capability`?
    For a side effect a read may carry (FusionInvoice's PDF download sends a
    draft): skip the side effect rather than refuse the read."""
    if capability != READ and credential_read_only(request.auth):
        return False
    return user_can(request.user, capability)


def view_capability(request, view) -> str:
    declared = getattr(view, "api_capability", None)
    if declared is not None:
        return declared
    return READ if request.method in SAFE_METHODS else WRITE


class RolePermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not is_active_staff(user):
            return False  # no credential: the dialect answers 401
        needed = view_capability(request, view)
        if needed != READ and credential_read_only(request.auth):
            raise PermissionDenied(
                "This API key is read-only; create a key without "
                "the read-only limit to change records."
            )
        if not user_can(user, needed):
            raise PermissionDenied(denial_message(user, needed))
        return True
