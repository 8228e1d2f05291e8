"""/healthz for a load balancer: no auth, JSON, cheap; 503 only when the database
is gone, "degraded" (200) when the cache or the task queue is unwell."""

import datetime as dt
import json
import logging
import socket
import uuid

import pytest
from django.db.utils import OperationalError
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.core.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(client=None):
    response = (client or Client()).get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def test_healthz_is_ok_without_signing_in(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        code, body = _health()
    assert code == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["tasks"]["oldest_ready_age_s"] == 0.0


def test_healthz_reports_redis_down_as_degraded_not_failed():
    down = {
        "BACKEND": "apps.core.cache.FailSoftRedisCache",
        "LOCATION": f"redis://127.0.0.1:{_closed_port()}/9",
    }
    with override_settings(CACHES={"default": down}):
        code, body = _health()
    assert code == 200 and body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert "ConnectionError" in body["checks"]["cache"]["error"]


def test_healthz_ok_with_live_redis():
    live = {
        "BACKEND": "apps.core.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/9",
        "KEY_PREFIX": uuid.uuid4().hex,
    }
    with override_settings(CACHES={"default": live}):
        code, body = _health()
    assert (code, body["checks"]["cache"]["backend"]) == (200, "redis")


def _queued(*, minutes_ago: int) -> DBTaskResult:
    result = DBTaskResult.objects.create(
        task_path="apps.invoices.tasks.invoice_email_task",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        priority=0,
        run_after=timezone.now() - dt.timedelta(minutes=minutes_ago),
        status="READY",
    )
    return result


def test_healthz_measures_the_oldest_ready_task(settings):
    settings.REMIT_HEALTH_QUEUE_MAX_AGE = 600
    _queued(minutes_ago=5)
    code, body = _health()
    assert code == 200 and body["status"] == "ok"
    assert 295 <= body["checks"]["tasks"]["oldest_ready_age_s"] <= 310
    _queued(minutes_ago=20)
    code, body = _health()
    assert (code, body["status"]) == (200, "degraded")
    assert "waited" in body["checks"]["tasks"]["error"]


def test_healthz_is_503_when_the_database_is_gone(monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr("apps.core.health._database", broken)
    code, body = _health()
    assert (code, body["status"]) == (503, "fail")
    assert body["checks"]["database"]["ok"] is False


def test_every_answer_carries_a_request_id_and_keeps_a_sane_given_one():
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="lb-1234567890")
    assert response["X-Request-ID"] == "lb-1234567890"
    forged = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert forged["X-Request-ID"] != "bad id\nwith newline"
    assert len(forged["X-Request-ID"]) == 32


def test_request_log_lines_are_json_with_the_request_id_and_no_secret_path(caplog):
    from tests.factories.invoices import InvoiceFactory

    invoice = InvoiceFactory(sent=True)
    with caplog.at_level(logging.INFO, logger="remit.request"):
        response = Client().get(
            f"/invoice/{invoice.public_hash}", HTTP_X_REQUEST_ID="req-abcdef12"
        )
    assert response.status_code == 200
    record = next(r for r in caplog.records if r.name == "remit.request")
    assert RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-abcdef12"
    assert (line["method"], line["status"]) == ("GET", 200)
    assert line["route"] == "invoice/<str:public_hash>"
    assert invoice.public_hash not in json.dumps(line)
