"""Who may do what: three roles, three capabilities, decided here and nowhere else.

Every door asks `user_can` (staff pages through `StaffRequiredMixin`, the admin
through the groups' Django permissions and `run_service_action`, the four APIs
through `apps.api.common.permissions.RolePermission`), and the services that manage
users, API keys and settings call `require`.

| role    | READ | WRITE (clients, quotes, invoices, payments, emails) | MANAGE (users, API keys, settings) |
| ------- | ---- | ----- | ------ |
| Admin   | yes  | yes   | yes    |
| Billing | yes  | yes   | no     |
| Viewer  | yes  | no    | no     |

A role is a Django group of the same name (created by a migration). A superuser is
an Admin. An active staff user in no role group is a Viewer: a forgotten group
assignment gives too little, never too much. Inactive or non-staff users have no
role and can do nothing.
"""  # noqa: E501

import functools

from django.core.exceptions import PermissionDenied
from django.db.models import Q

ADMIN = "Admin"
BILLING = "Billing"
VIEWER = "Viewer"
ROLES = (ADMIN, BILLING, VIEWER)  # strongest first
ROLE_CHOICES = {"admin": ADMIN, "billing": BILLING, "viewer": VIEWER}

READ = "read"
WRITE = "write"
MANAGE = "manage"

CAPABILITIES = {
    ADMIN: frozenset({READ, WRITE, MANAGE}),
    BILLING: frozenset({READ, WRITE}),
    VIEWER: frozenset({READ}),
}

# What a refusal tells the caller: the weakest role that has the capability.
_NEEDED = {
    READ: "any staff role (Viewer, Billing or Admin)",
    WRITE: "the Billing or Admin role",
    MANAGE: "the Admin role",
}
_WHAT = {
    READ: "Reading Remit's records",
    WRITE: "Changing clients, quotes, invoices, payments and emails",
    MANAGE: "Managing users, API keys and settings",
}

# Models whose rows are users, credentials or settings: changing them is MANAGE.
# Every other model of Remit's apps is WRITE. The groups' Django permissions (and so
# the admin) follow the same table: see `group_permission_codenames`.
MANAGED_MODELS = frozenset(
    {
        "accounts.user",
        "accounts.apikey",
        "accounts.logintoken",
        "accounts.sessiontoken",
        "accounts.userevent",
        "accounts.accountpolicy",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
        "otp_static.statictoken",
        "auth.group",
        "auth.permission",
        "companies.companyprofile",
        "invoices.taxrate",
        "core.customfield",
    }
)
# Rows holding secrets (second-factor keys, recovery codes): not even viewable
# below Admin, so a Viewer browsing the admin cannot read another user's TOTP key.
SECRET_MODELS = frozenset(
    {"otp_totp.totpdevice", "otp_static.staticdevice", "otp_static.statictoken"}
)
# Apps whose records Billing may add, change and delete (except MANAGED_MODELS).
BILLING_APPS = frozenset({"clients", "quotes", "invoices", "payments"})


# Active staff as a query (`User.objects.filter(ACTIVE_STAFF)`); `is_active_staff`
# below is the same rule for one user. Keep the two together.
ACTIVE_STAFF = Q(is_active=True, is_staff=True)


class _System:
    """Remit itself acting with no person behind it: a queued task, a management
    command, the hosted page finding an invoice by its secret link. Code that acts
    for a person passes that person instead."""

    is_authenticated = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def is_active_staff(user) -> bool:
    """The one definition of who may use the staff pages, the admin and the APIs."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
    )


def user_role(user) -> str | None:
    """The user's role, or None for anyone who is not active staff."""
    if not is_active_staff(user):
        return None
    if user.is_superuser:
        return ADMIN
    cached = getattr(user, "_remit_role", None)
    if cached is None:
        names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        cached = next((role for role in ROLES if role in names), VIEWER)
        user._remit_role = cached
    return cached


# Capabilities every role holds: asking for them needs no group lookup.
_EVERY_ROLE = frozenset.intersection(*CAPABILITIES.values())


def user_can(user, capability: str) -> bool:
    if user is SYSTEM:
        return True
    if capability in _EVERY_ROLE:
        return is_active_staff(user)
    role = user_role(user)
    return role is not None and capability in CAPABILITIES[role]


def readable(queryset, user):
    """`queryset` when `user` may read Remit's records, otherwise an empty one: every
    list selector scopes through this, so a non-staff caller reads nothing."""
    return queryset if user_can(user, READ) else queryset.none()


def denial_message(user, capability: str) -> str:
    role = user_role(user)
    you = f"you are a {role}" if role else "you are not an active staff user"
    return f"{_WHAT[capability]} needs {_NEEDED[capability]}; {you}."


def require(user, capability: str) -> None:
    """Raise PermissionDenied, naming the role needed, unless `user` may do this."""
    if not user_can(user, capability):
        raise PermissionDenied(denial_message(user, capability))


def staff_write(service):
    """A service that changes clients, quotes, invoices or payments: the person in its
    `by` must hold WRITE, whatever door called it. `by=None` is Remit itself (a task,
    a command) or the payer on the hosted page, whose own rules the service applies."""

    @functools.wraps(service)
    def checked(*args, **kwargs):
        by = kwargs.get("by")
        if by is not None:
            require(by, WRITE)
        return service(*args, **kwargs)

    return checked


def model_capability(label_lower: str) -> str:
    """What changing rows of a model (`app_label.modelname`) needs."""
    return MANAGE if label_lower in MANAGED_MODELS else WRITE


def group_permission_codenames(
    role: str, permissions: list[tuple[str, str, str]]
) -> set[tuple[str, str]]:
    """The (app_label, codename) pairs a role's group holds, from all permissions
    given as (app_label, model, codename): Viewer views everything but
    SECRET_MODELS; Billing also
    adds, changes and deletes in BILLING_APPS except MANAGED_MODELS; Admin has all."""
    chosen = set()
    for app_label, model, codename in permissions:
        action = codename.split("_", 1)[0]
        label = f"{app_label}.{model}"
        if (
            role == ADMIN
            or (action == "view" and label not in SECRET_MODELS)
            or (
                role == BILLING
                and app_label in BILLING_APPS
                and model_capability(label) == WRITE
            )
        ):
            chosen.add((app_label, codename))
    return chosen
