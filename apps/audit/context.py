"""Who is acting, and through which door: set once per request (or command, or task)
and read by `audit_record` when a service writes an event.

The staff pages, the admin and the hosted page get theirs from
`AuditContextMiddleware`; the API's shared authentication fills in the dialect, the
user and the API key once it knows them; commands and tasks wrap their work in
`audit_context(door=...)`. With no context at all (a shell, a test calling a service
directly) the door is `system`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


class Door:
    """The ways into Remit an event can come through (stored as these words)."""

    STAFF = "staff"
    ADMIN = "admin"
    HOSTED = "hosted"
    FUSIONINVOICE = "fusioninvoice"
    FUSEBILL = "fusebill"
    FLUIDPAY = "fluidpay"
    TIMETAP = "timetap"
    COMMAND = "command"
    TASK = "task"
    SYSTEM = "system"  # no door set: a shell or a direct call

    ALL = (
        STAFF,
        ADMIN,
        HOSTED,
        FUSIONINVOICE,
        FUSEBILL,
        FLUIDPAY,
        TIMETAP,
        COMMAND,
        TASK,
        SYSTEM,
    )


@dataclass
class AuditContext:
    door: str = Door.SYSTEM
    # The signed-in user, or the API key's user. May be a lazy request.user: read
    # through `acting_user`, which drops anonymous users.
    actor: Any = None
    api_key_id: int | None = None

    @property
    def acting_user(self):
        actor = self.actor
        if actor is None or not getattr(actor, "is_authenticated", False):
            return None
        return actor


_current: ContextVar[AuditContext | None] = ContextVar("remit_audit", default=None)


def audit_context_get() -> AuditContext:
    """The current context, or a fresh `system` one (never stored)."""
    return _current.get() or AuditContext()


def audit_context_is_set() -> bool:
    return _current.get() is not None


@contextmanager
def audit_context(
    *, door: str, actor=None, api_key_id: int | None = None
) -> Iterator[AuditContext]:
    """Run a block as `door` (and `actor`); the previous context comes back after."""
    if door not in Door.ALL:
        raise ValueError(f"Unknown door {door!r}; use one of {', '.join(Door.ALL)}.")
    token = _current.set(AuditContext(door=door, actor=actor, api_key_id=api_key_id))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@contextmanager
def audit_context_unless_set(*, door: str) -> Iterator[AuditContext]:
    """For tasks: run as `door` when nothing set a context (a worker process); an
    immediate backend running inside a request keeps the request's who and door."""
    if audit_context_is_set():
        yield audit_context_get()
        return
    with audit_context(door=door) as context:
        yield context
