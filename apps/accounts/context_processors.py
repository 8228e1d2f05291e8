"""`role`, `can_write` and `can_manage` in every template, to hide buttons a role
cannot use. Only a convenience: the server refuses the request either way."""

from django.utils.functional import SimpleLazyObject

from .roles import MANAGE, WRITE, user_can, user_role


def roles(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "role": SimpleLazyObject(lambda: user_role(user) or ""),
        "can_write": SimpleLazyObject(lambda: user_can(user, WRITE)),
        "can_manage": SimpleLazyObject(lambda: user_can(user, MANAGE)),
    }
