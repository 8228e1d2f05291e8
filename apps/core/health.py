"""`GET /healthz`: is this web server fit to take traffic? For a load balancer.

No sign-in, no session, three cheap probes, JSON:
- database: `SELECT 1` on the default connection;
- cache: a round trip to the configured cache (a raw Redis PING when Redis is used,
  since the fail-soft backend would otherwise hide an outage);
- tasks: the age of the oldest task ready to run in the database queue
  (django_tasks_db), i.e. how far the workers are behind.

200 `{"status": "ok"}` when all pass. 200 `{"status": "degraded"}` when only the
cache or the queue is unwell: the server still answers every page (rate limits count
per process, email waits), and taking every web server out of the balancer because
Redis or a worker is down would turn a degradation into an outage. 503
`{"status": "fail"}` when the database cannot be reached: nothing can be served.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, Min, When
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _timed(probe) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **(probe() or {})}
    except Exception as exc:  # a probe reports; it never raises
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> dict:
    ping = getattr(cache, "ping", None)
    if ping is not None:  # FailSoftRedisCache: ask Redis itself
        ping()
        return {"backend": "redis"}
    cache.set("remit:healthz", "1", timeout=10)
    if cache.get("remit:healthz") != "1":
        raise RuntimeError("the cache did not keep a value")
    return {"backend": type(cache).__name__}


def _tasks() -> dict:
    from django_tasks_db.models import DBTaskResult, get_date_max

    oldest = (
        DBTaskResult.objects.ready()
        .annotate(
            ready_since=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")),
                default=F("run_after"),
            )
        )
        .aggregate(oldest=Min("ready_since"))["oldest"]
    )
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    limit = settings.REMIT_HEALTH_QUEUE_MAX_AGE
    if age > limit:
        raise RuntimeError(f"oldest ready task waited {age:.0f}s (limit {limit}s)")
    return {"oldest_ready_age_s": round(age, 1)}


def health_report() -> dict:
    checks = {"database": _timed(_database)}
    checks["cache"] = _timed(_cache)
    checks["tasks"] = _timed(_tasks) if checks["database"]["ok"] else {"ok": False}
    if not checks["database"]["ok"]:
        status = "fail"
    elif all(check["ok"] for check in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return {"status": status, "checks": checks}


@never_cache
@require_GET
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=503 if report["status"] == "fail" else 200)
