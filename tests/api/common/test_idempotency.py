from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.api.common import idempotency
from apps.api.common.idempotency import _sha256
from apps.api.common.models import IdempotencyKey
from tests.api.common import urls as echo_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.common.urls")]

AUTH = "Bearer some-credential"


@pytest.fixture(autouse=True)
def _reset_calls():
    echo_urls.CALLS.clear()


@pytest.fixture(autouse=True)
def _any_credential_authenticates(monkeypatch):
    """These tests pin the storage and replay plumbing with made-up credentials on a
    test URLconf; that only an authenticated caller gets a replay is pinned with
    real keys in tests/api/test_idempotency_auth.py."""
    monkeypatch.setattr(idempotency, "credential_authenticated", lambda d, r: True)


def _post(client, path, body, key="key-1", auth=AUTH, **extra):
    headers = {"HTTP_AUTHORIZATION": auth}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        path, data=body, content_type="application/json", **headers, **extra
    )


def test_idempotency_replays_the_first_answer(client):
    first = _post(client, "/api/v1/echo", '{"a": 1}')
    second = _post(client, "/api/v1/echo", '{"a": 1}')
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second["Idempotent-Replayed"] == "true"
    assert second["Content-Type"] == "application/json"
    assert "Idempotent-Replayed" not in first
    assert len(echo_urls.CALLS) == 1


def test_idempotency_same_key_different_body_is_422(client):
    _post(client, "/api/v1/echo", '{"a": 1}')
    response = _post(client, "/api/v1/echo", '{"a": 2}')
    assert response.status_code == 422
    assert response.json()["success"] is False
    assert "different request" in response.json()["message"]
    assert len(echo_urls.CALLS) == 1


def test_idempotency_same_key_other_path_is_422(client):
    _post(client, "/api/v1/echo", '{"a": 1}')
    assert _post(client, "/fluidpay/api/echo", '{"a": 1}').status_code == 422


def test_idempotency_while_running_is_409(client):
    IdempotencyKey.objects.create(
        key="key-1",
        credential_hash=_sha256(AUTH.encode()),
        method_path="POST /api/v1/echo",
        request_hash=_sha256(b'{"a": 1}'),
    )
    response = _post(client, "/api/v1/echo", '{"a": 1}')
    assert response.status_code == 409
    assert "still being processed" in response.json()["message"]
    assert echo_urls.CALLS == []


def test_idempotency_keys_are_per_credential(client):
    _post(client, "/api/v1/echo", '{"a": 1}')
    other = _post(client, "/api/v1/echo", '{"a": 1}', auth="Bearer another")
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert len(echo_urls.CALLS) == 2


def test_idempotency_credential_is_stored_hashed(client):
    _post(client, "/api/v1/echo", '{"a": 1}')
    row = IdempotencyKey.objects.get()
    assert row.credential_hash == _sha256(AUTH.encode())
    assert "some-credential" not in row.credential_hash
    assert not row.is_pending and row.response_status == 201


def test_idempotency_does_not_store_server_errors(client):
    assert _post(client, "/api/v1/echo?fail=1", "{}").status_code == 500
    assert not IdempotencyKey.objects.exists()
    assert _post(client, "/api/v1/echo?fail=1", "{}").status_code == 500
    assert len(echo_urls.CALLS) == 2


def test_idempotency_expired_key_runs_again(client):
    _post(client, "/api/v1/echo", '{"a": 1}')
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = _post(client, "/api/v1/echo", '{"a": 2}')
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert len(echo_urls.CALLS) == 2


def test_idempotency_key_kept_for_a_day(client):
    _post(client, "/api/v1/echo", '{"a": 1}')
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=23))
    assert _post(client, "/api/v1/echo", '{"a": 1}')["Idempotent-Replayed"] == "true"


def test_purge_command_deletes_only_expired_keys(client):
    _post(client, "/api/v1/echo", "{}", key="old")
    _post(client, "/api/v1/echo", "{}", key="new")
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    out = StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_idempotency_ignores_requests_without_key_get_and_other_paths(client):
    _post(client, "/api/v1/echo", "{}", key=None)
    _post(client, "/api/v1/echo", "{}", key=None)
    _post(client, "/elsewhere/echo", "{}")
    client.get("/api/v1/echo", HTTP_IDEMPOTENCY_KEY="k")
    assert not IdempotencyKey.objects.exists()
    assert len(echo_urls.CALLS) == 4


def test_idempotency_key_too_long_is_400(client):
    response = _post(client, "/api/v1/echo", "{}", key="x" * 256)
    assert response.status_code == 400
    assert echo_urls.CALLS == []


@pytest.mark.parametrize(
    ("path", "check"),
    [
        (
            "/api/v1/echo",
            lambda b: b["success"] is False and "different" in b["message"],
        ),
        (
            "/fusebill/v1/echo",
            lambda b: (
                b["HttpStatusCode"] == 422
                and b["Errors"][0]["Key"] == "Idempotency-Key"
            ),
        ),
        ("/FuseBill/V1/echo", lambda b: b["ErrorId"] == 0),
        (
            "/fluidpay/api/echo",
            lambda b: b["status"] == "failed" and "different" in b["msg"],
        ),
        (
            "/timetap/live/echo",
            lambda b: b["errorCode"] == "IDEMPOTENCY_KEY_REUSED" and b["errorMessage"],
        ),
        ("/timetap/test/echo", lambda b: "errorMessage" in b),
    ],
)
def test_idempotency_errors_use_each_dialects_envelope(client, path, check):
    if path == "/FuseBill/V1/echo":
        # the test URLconf is case-sensitive; the middleware's prefix match is not
        IdempotencyKey.objects.create(
            key="key-1",
            credential_hash=_sha256(AUTH.encode()),
            method_path="POST /other",
            request_hash="x",
            is_pending=False,
            response_status=201,
        )
    else:
        _post(client, path, '{"a": 1}')
    response = _post(client, path, '{"a": 2}')
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json"
    assert check(response.json())
