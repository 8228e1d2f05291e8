"""API credentials are shown once and stored only as hashes; every lookup checks
the hash, the key's state and the user's."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.models import ApiKey, LoginToken, SessionToken
from apps.accounts.selectors import (
    api_key_get_by_key,
    api_key_get_by_timetap_signature,
    login_token_get,
    session_token_get,
)
from apps.accounts.services import (
    api_key_create,
    api_key_revoke,
    api_key_set_expiry,
    login_token_create,
    session_token_create,
    timetap_signature,
)
from tests.factories.accounts import ApiKeyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _all_stored_text() -> str:
    rows = [
        *ApiKey.objects.values(),
        *LoginToken.objects.values(),
        *SessionToken.objects.values(),
    ]
    return " ".join(str(value) for row in rows for value in row.values())


def test_api_key_create_stores_only_hashes(staff_user):
    issued = api_key_create(user=staff_user, name="Zapier")
    token = login_token_create(user=staff_user)
    session = session_token_create(api_key=issued.api_key)
    stored = _all_stored_text()
    for secret in (
        issued.key,
        issued.timetap_api_key,
        issued.timetap_private_key,
        token.split("|")[1],
        session,
    ):
        assert secret not in stored
    assert issued.api_key.prefix == issued.key[:10]
    assert set(issued.as_json()) == {"key", "api_key", "private_key"}


def test_lookup_by_key(staff_user):
    issued = api_key_create(user=staff_user)
    assert api_key_get_by_key(key=issued.key) == issued.api_key
    assert api_key_get_by_key(key=issued.key + "x") is None
    assert api_key_get_by_key(key="") is None


def test_lookup_by_timetap_signature(staff_user):
    issued = api_key_create(user=staff_user)
    signature = timetap_signature(issued.timetap_api_key, issued.timetap_private_key)
    assert (
        api_key_get_by_timetap_signature(
            api_key=issued.timetap_api_key, signature=signature
        )
        == issued.api_key
    )
    assert (
        api_key_get_by_timetap_signature(
            api_key=issued.timetap_api_key, signature=signature.upper()
        )
        == issued.api_key
    )
    wrong = timetap_signature(issued.timetap_api_key, "not-the-private-key")
    assert (
        api_key_get_by_timetap_signature(
            api_key=issued.timetap_api_key, signature=wrong
        )
        is None
    )
    assert (
        api_key_get_by_timetap_signature(api_key="tt_unknown", signature=signature)
        is None
    )


def test_login_token_lookup(staff_user):
    token = login_token_create(user=staff_user)
    token_id, secret = token.split("|")
    assert len(secret) == 40 and secret.isalnum()
    assert login_token_get(token=token).user == staff_user
    assert login_token_get(token=f"{token_id}|{'a' * 40}") is None
    assert login_token_get(token=secret) is None
    assert login_token_get(token=f"x|{secret}") is None


def test_revoked_and_expired_keys_refused(staff_user):
    revoked = api_key_create(user=staff_user)
    api_key_revoke(api_key=revoked.api_key)
    assert api_key_get_by_key(key=revoked.key) is None
    expiring = api_key_create(
        user=staff_user, expires_at=timezone.now() + dt.timedelta(days=1)
    )
    assert api_key_get_by_key(key=expiring.key) == expiring.api_key
    api_key_set_expiry(
        api_key=expiring.api_key, expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert api_key_get_by_key(key=expiring.key) is None
    signature = timetap_signature(
        expiring.timetap_api_key, expiring.timetap_private_key
    )
    assert (
        api_key_get_by_timetap_signature(
            api_key=expiring.timetap_api_key, signature=signature
        )
        is None
    )


def test_expiry_in_the_past_refused_at_creation(staff_user):
    with pytest.raises(ValidationError):
        api_key_create(
            user=staff_user, expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    assert not ApiKey.objects.exists()


def test_non_staff_refused():
    with pytest.raises(ValidationError, match="active staff"):
        api_key_create(user=UserFactory(is_staff=False))
    staff = UserFactory()
    issued = api_key_create(user=staff)
    token = login_token_create(user=staff)
    staff.is_staff = False
    staff.save()
    assert api_key_get_by_key(key=issued.key) is None
    assert login_token_get(token=token) is None
    staff.is_staff, staff.is_active = True, False
    staff.save()
    assert api_key_get_by_key(key=issued.key) is None


def test_session_token_expires_after_four_hours(staff_user):
    issued = api_key_create(user=staff_user)
    first = session_token_create(api_key=issued.api_key)
    second = session_token_create(api_key=issued.api_key)
    assert (
        session_token_get(token=first) is not None
        and session_token_get(token=second) is not None
    )
    row = SessionToken.objects.order_by("id").first()
    assert (
        dt.timedelta(hours=3, minutes=59)
        < row.expires_at - row.created_at
        <= dt.timedelta(hours=4, seconds=1)
    )
    SessionToken.objects.filter(pk=row.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert session_token_get(token=first) is None
    assert session_token_get(token=second) is not None
    assert session_token_get(token="st:api:api:" + "0" * 32) is None
    api_key_revoke(api_key=issued.api_key)
    assert session_token_get(token=second) is None


def test_last_used_is_recorded_at_most_once_a_minute():
    api_key = ApiKeyFactory()
    assert api_key.last_used_at is None
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {api_key.issued.key}")
    assert client.get("/fusebill/v1/Invoices").status_code == 200
    first = ApiKey.objects.get(pk=api_key.pk).last_used_at
    assert first is not None and timezone.now() - first < dt.timedelta(seconds=5)

    assert client.get("/fusebill/v1/Invoices").status_code == 200
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at == first  # no new write

    ApiKey.objects.filter(pk=api_key.pk).update(
        last_used_at=first - dt.timedelta(minutes=2)
    )
    assert client.get("/fusebill/v1/Invoices").status_code == 200
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at > first


def test_a_timetap_session_token_marks_its_api_key_used():
    api_key = ApiKeyFactory()
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {session_token_create(api_key=api_key)}"
    )
    assert client.get("/timetap/live/clients").status_code == 200
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at is not None
