"""Django's Redis cache, failing soft.

`FailSoftRedisCache` is what `DJANGO_CACHE_URL=redis://...` selects (see
config/settings/base.py). While Redis cannot be reached, every operation falls back
to a per-process LocMem cache and a warning is logged (at most once a minute per
process), so DRF's login and list throttles and the hosted page's limits keep
counting per process instead of answering 500. Short socket timeouts keep a
black-holed Redis from stalling requests.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("remit.cache")

_WARN_EVERY = 60.0  # seconds between warnings per process
_FAIL_SOFT_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        params["OPTIONS"].setdefault("socket_connect_timeout", 0.5)
        params["OPTIONS"].setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"remit-fail-soft-{id(self)}",
            {"TIMEOUT": self.default_timeout, "OPTIONS": {"MAX_ENTRIES": 10_000}},
        )
        self._warned_at = 0.0

    def ping(self) -> None:
        """Ask Redis itself (no fallback); raises RedisError when it is down."""
        self._cache.get_client().ping()

    def _degraded(self, name: str, exc: Exception):
        now = time.monotonic()
        if now - self._warned_at >= _WARN_EVERY:
            self._warned_at = now
            logger.warning(
                "Redis cache unavailable (%s: %s); using a per-process cache",
                name,
                exc,
            )
        return getattr(self._fallback, name)


def _fail_soft(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        try:
            return redis_method(self, *args, **kwargs)
        except RedisError as exc:
            return self._degraded(name, exc)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in _FAIL_SOFT_METHODS:
    setattr(FailSoftRedisCache, _name, _fail_soft(_name))
