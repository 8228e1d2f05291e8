"""Sets the audit context for every request: the door from the path, the signed-in
user as the actor. API paths start as `system` with no actor; the API's shared
authentication names the dialect, the user and the key (apps/api/common)."""

from django.conf import settings

from .context import Door, audit_context


def door_for_path(path: str) -> str:
    admin_prefix = getattr(settings, "REMIT_ADMIN_PATH_PREFIX", "/admin/")
    public_prefix = getattr(settings, "REMIT_PUBLIC_PATH_PREFIX", "/invoice/")
    api_prefixes = getattr(
        settings,
        "REMIT_API_PATH_PREFIXES",
        ("/api/", "/fusebill/", "/fluidpay/", "/timetap/"),
    )
    lowered = path.lower()
    if lowered.startswith(admin_prefix):
        return Door.ADMIN
    if lowered.startswith(public_prefix):
        return Door.HOSTED
    if lowered.startswith(tuple(api_prefixes)):
        return Door.SYSTEM  # until the API's authentication names the dialect
    return Door.STAFF


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        door = door_for_path(request.path)
        # The customer on the hosted page acts for nobody, even when a staff user
        # happens to be signed in in the same browser.
        actor = (
            getattr(request, "user", None) if door in (Door.STAFF, Door.ADMIN) else None
        )
        with audit_context(door=door, actor=actor):
            return self.get_response(request)
