import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import ApiKey
from apps.accounts.services import api_key_create
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_renders_and_signs_in_with_email(client):
    user = UserFactory(email="ada@example.com")
    assert client.get(reverse("accounts:login")).status_code == 200
    response = client.post(
        reverse("accounts:login"),
        {"username": "ada@example.com", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_wrong_password_shows_error_and_records_attempt(client):
    UserFactory(email="ada@example.com")
    response = client.post(
        reverse("accounts:login"), {"username": "ada@example.com", "password": "nope"}
    )
    assert response.status_code == 200
    assert b"do not match" in response.content
    assert "_auth_user_id" not in client.session


def test_login_refuses_non_staff_accounts(client):
    UserFactory(email="guest@example.com", is_staff=False)
    response = client.post(
        reverse("accounts:login"),
        {"username": "guest@example.com", "password": "correct-horse-battery"},
    )
    assert b"cannot use the staff pages" in response.content
    assert "_auth_user_id" not in client.session


def test_login_locks_out_after_repeated_failures(client):
    UserFactory(email="ada@example.com")
    for _ in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": "ada@example.com", "password": "nope"},
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": "ada@example.com", "password": "correct-horse-battery"},
    )
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only_and_signs_out(staff_client):
    assert staff_client.get(reverse("accounts:logout")).status_code == 405
    response = staff_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in staff_client.session


def test_api_keys_page_requires_staff(client):
    url = reverse("accounts:api-keys")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory(is_staff=False))
    assert client.get(url).status_code == 403


def test_api_keys_page_lists_only_own_keys(staff_client, staff_user):
    own = api_key_create(user=staff_user, name="Accounting sync").api_key
    other = api_key_create(user=UserFactory(), name="Someone else").api_key
    response = staff_client.get(reverse("accounts:api-keys"))
    assert response.status_code == 200
    assert own.prefix in response.content.decode()
    assert other.prefix not in response.content.decode()


def test_api_key_create_shows_secrets_once_and_stores_only_hashes(
    staff_client, staff_user
):
    response = staff_client.post(
        reverse("accounts:api-key-create"), {"name": "Sync", "expires_on": ""}
    )
    assert response.status_code == 200
    issued = response.context["issued"]
    html = response.content.decode()
    for secret in (issued.key, issued.timetap_api_key, issued.timetap_private_key):
        assert secret in html
    assert "no-store" in response["Cache-Control"]

    row = ApiKey.objects.values().get(user=staff_user)
    for column, value in row.items():
        for secret in (issued.key, issued.timetap_api_key, issued.timetap_private_key):
            assert secret not in str(value), f"{column} holds a plain secret"

    listing = staff_client.get(reverse("accounts:api-keys")).content.decode()
    assert issued.key not in listing
    assert issued.key[:10] in listing


def test_api_key_create_rejects_past_expiry_and_writes_nothing(staff_client):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = staff_client.post(
        reverse("accounts:api-key-create"),
        {"name": "x", "expires_on": yesterday.isoformat()},
    )
    assert response.status_code == 400
    assert b"future" in response.content
    assert not ApiKey.objects.exists()


def test_api_key_create_is_post_only(staff_client):
    assert staff_client.get(reverse("accounts:api-key-create")).status_code == 405


def test_api_key_revoke_and_set_expiry(staff_client, staff_user):
    api_key = api_key_create(user=staff_user).api_key
    day = timezone.localdate() + dt.timedelta(days=30)
    response = staff_client.post(
        reverse("accounts:api-key-expiry", args=[api_key.pk]),
        {"expires_on": day.isoformat()},
    )
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert timezone.localtime(api_key.expires_at).date() == day + dt.timedelta(days=1)

    staff_client.post(
        reverse("accounts:api-key-expiry", args=[api_key.pk]), {"expires_on": ""}
    )
    api_key.refresh_from_db()
    assert api_key.expires_at is None

    assert (
        staff_client.get(
            reverse("accounts:api-key-revoke", args=[api_key.pk])
        ).status_code
        == 405
    )
    staff_client.post(reverse("accounts:api-key-revoke", args=[api_key.pk]))
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None


def test_api_key_revoke_refuses_another_users_key(staff_client):
    other = api_key_create(user=UserFactory()).api_key
    assert (
        staff_client.post(
            reverse("accounts:api-key-revoke", args=[other.pk])
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.revoked_at is None
