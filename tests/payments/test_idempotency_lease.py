"""A stuck Idempotency-Key (its request died) is released by a short lease, not
after 24 hours (issue 10); a live request keeps its key by refreshing the lease."""

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.api.common import idempotency
from apps.api.common.idempotency import IDEMPOTENCY_LEASE, _keep_leased, _sha256
from apps.api.common.models import IdempotencyKey
from tests.api.common import urls as echo_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.common.urls")]
AUTH = "Bearer some-credential"


@pytest.fixture(autouse=True)
def _any_credential_authenticates(monkeypatch):
    """The lease plumbing is pinned with a made-up credential on a test URLconf; that
    only an authenticated caller claims or replays a key is pinned with real keys in
    tests/api/test_idempotency_auth.py."""
    monkeypatch.setattr(idempotency, "credential_authenticated", lambda d, r: True)


def _stuck(age: timedelta) -> IdempotencyKey:
    row = IdempotencyKey.objects.create(
        key="key-1",
        credential_hash=_sha256(AUTH.encode()),
        method_path="POST /api/v1/echo",
        request_hash=_sha256(b'{"a": 1}'),
    )
    IdempotencyKey.objects.filter(pk=row.pk).update(created_at=timezone.now() - age)
    return row


def _post(client):
    echo_urls.CALLS.clear()
    return client.post(
        "/api/v1/echo",
        data='{"a": 1}',
        content_type="application/json",
        HTTP_AUTHORIZATION=AUTH,
        HTTP_IDEMPOTENCY_KEY="key-1",
    )


def test_a_running_request_inside_its_lease_still_answers_409(client):
    _stuck(IDEMPOTENCY_LEASE - timedelta(seconds=5))
    assert _post(client).status_code == 409 and echo_urls.CALLS == []


def test_a_dead_request_past_its_lease_is_released_and_runs_again(client):
    _stuck(IDEMPOTENCY_LEASE + timedelta(seconds=1))
    response = _post(client)
    assert response.status_code == 201 and len(echo_urls.CALLS) == 1
    assert not IdempotencyKey.objects.get().is_pending


@pytest.mark.django_db(transaction=True)  # the refresher has its own connection
def test_the_lease_is_refreshed_while_the_request_runs(monkeypatch):
    row = _stuck(IDEMPOTENCY_LEASE - timedelta(seconds=1))
    monkeypatch.setattr(idempotency, "LEASE_REFRESH", timedelta(milliseconds=10))
    done = threading.Event()
    refresher = threading.Thread(target=_keep_leased, args=(row.pk, done))
    refresher.start()
    threading.Event().wait(0.2)
    done.set()
    refresher.join(5)
    row.refresh_from_db()
    assert row.created_at > timezone.now() - timedelta(seconds=5)
