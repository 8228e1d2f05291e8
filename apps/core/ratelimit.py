"""A small fixed-window rate limit over Django's cache.

LocMem (the default cache) counts per process; with several processes use a shared
cache such as Redis so every worker sees the same counters.

Degrade, don't fail: when the cache cannot be reached (Redis down or unreachable),
the attempt is counted in this process instead and a warning is logged. The limit
then holds per process (a little looser with several workers) until the cache is
back; a rate limit never turns a customer's request into a server error.
"""

import hashlib
import logging
import threading
import time

from django.core.cache import cache

logger = logging.getLogger("remit.ratelimit")

# key -> (expires at, count): the per-process fallback while the cache is down.
_local_counts: dict[str, tuple[float, int]] = {}
_local_lock = threading.Lock()
_LOCAL_MAX_KEYS = 10_000


def _cache_key(scope: str, identity: str) -> str:
    # Hash the identity: hosted-page hashes and addresses never appear in cache keys.
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def _cache_count(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return 1


def _local_count(key: str, window: int) -> int:
    now = time.monotonic()
    with _local_lock:
        if len(_local_counts) >= _LOCAL_MAX_KEYS:
            for stale in [k for k, (end, _) in _local_counts.items() if end <= now]:
                del _local_counts[stale]
        expires, count = _local_counts.get(key, (0.0, 0))
        if expires <= now:
            expires, count = now + window, 0
        _local_counts[key] = (expires, count + 1)
        return count + 1


def rate_limit_hit(*, scope: str, identity: str, limit: int, window: int) -> bool:
    """Count one attempt.

    True when this attempt is over `limit` in the current window.
    """
    key = _cache_key(scope, identity)
    try:
        count = _cache_count(key, window)
    except Exception:  # any cache failure: a limit must never take the page down
        logger.warning(
            "Rate-limit cache unavailable; counting %s in this process instead",
            scope,
            exc_info=True,
        )
        count = _local_count(key, window)
    return count > limit


def client_address(request) -> str:
    """The caller's address.

    REMOTE_ADDR only: a proxy in front of Remit must make it the customer's (the
    PROXY protocol, REMIT_PROXY_PROTOCOL=1 in scripts/serve.sh), since
    X-Forwarded-For is caller-supplied.
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"
