"""A small fixed-window rate limit over Django's cache.

LocMem (the default cache) counts per process; with several processes use a shared
cache such as Redis so every worker sees the same counters.
"""

import hashlib

from django.core.cache import cache


def _cache_key(scope: str, identity: str) -> str:
    # Hash the identity: hosted-page hashes and addresses never appear in cache keys.
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def rate_limit_hit(*, scope: str, identity: str, limit: int, window: int) -> bool:
    """Count one attempt.

    True when this attempt is over `limit` in the current window.
    """
    key = _cache_key(scope, identity)
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=window)
            count = 1
    return count > limit


def client_address(request) -> str:
    """The caller's address.

    REMOTE_ADDR only: a proxy in front of Remit must set it (e.g. gunicorn's
    --forwarded-allow-ips), since X-Forwarded-For is caller-supplied.
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"
