"""The registry of API dialects: what the shared plumbing needs to know about each.

A dialect describes itself once, in `apps/api/<dialect>/dialect.py`, and registers
with `dialect_register`; `ApiCommonConfig.ready()` imports those modules, so the
registry is full before the first request. Shared plumbing (the `Idempotency-Key`
middleware today) looks a request's dialect up by its path with `dialect_for_path`
and never names a dialect itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from apps.accounts.roles import is_active_staff


def authorization_header(request: HttpRequest) -> str:
    """The default credential identity: the `Authorization` header as sent."""
    return request.META.get("HTTP_AUTHORIZATION", "")


@dataclass(frozen=True)
class Dialect:
    name: str
    # URL path prefixes the dialect is mounted at, lower-case, with both slashes.
    # Paths are matched case-insensitively (Fusebill clients mix the case).
    prefixes: tuple[str, ...]
    # (HTTP status, message, machine code) -> the dialect's JSON error envelope, for
    # errors the shared plumbing answers before the dialect's views run.
    error_body: Callable[[int, str, str], dict]
    # Who is calling, as a stable string: a retry must map to the same identity even
    # when the dialect re-issues tokens (TimeTap fetches one per call).
    credential_identity: Callable[[HttpRequest], str] = authorization_header
    # Paths (no trailing slash, lower-case) whose answers issue or end a credential:
    # never stored for replay, since credentials are kept only hashed.
    credential_paths: frozenset[str] = field(default_factory=frozenset)
    # The dialect's DRF authentication classes: the shared plumbing replays a stored
    # answer only to a caller they accept (a revoked key gets the dialect's 401).
    authentication_classes: tuple[type, ...] = ()

    def __post_init__(self):
        for prefix in self.prefixes:
            if prefix != prefix.lower() or not (
                prefix.startswith("/") and prefix.endswith("/")
            ):
                raise ValueError(
                    f"Dialect {self.name}: write prefix {prefix!r} lower-case, "
                    "with a leading and a trailing slash."
                )


def credential_authenticated(dialect: Dialect, request: HttpRequest) -> bool:
    """Whether `request` carries a credential `dialect` accepts, for an active staff
    user: the check a dialect's views make first, made here for plumbing that
    answers before them. A dialect with no authentication classes accepts no one."""
    drf_request = Request(request)
    for authentication_class in dialect.authentication_classes:
        try:
            found = authentication_class().authenticate(drf_request)
        except AuthenticationFailed:
            return False
        if found is not None:
            return is_active_staff(found[0])
    return False


_REGISTRY: dict[str, Dialect] = {}


def dialect_register(dialect: Dialect) -> Dialect:
    """Add `dialect`; registering the same description again is harmless."""
    taken = {
        prefix: other.name
        for other in _REGISTRY.values()
        if other.name != dialect.name
        for prefix in other.prefixes
    }
    clashes = [p for p in dialect.prefixes if p in taken]
    if clashes:
        raise ValueError(
            f"Dialect {dialect.name}: prefixes {clashes} belong to "
            f"{[taken[p] for p in clashes]}; mount it somewhere else."
        )
    _REGISTRY[dialect.name] = dialect
    return dialect


def dialect_list() -> list[Dialect]:
    return list(_REGISTRY.values())


def dialect_for_path(path: str) -> Dialect | None:
    """The dialect mounted at the start of `path`, or None for every other page."""
    lowered = path.lower()
    for dialect in _REGISTRY.values():
        if lowered.startswith(dialect.prefixes):
            return dialect
    return None
