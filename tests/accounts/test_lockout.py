"""One sign-in lockout (django-axes) for every door: the staff page, the admin and
FusionInvoice's POST /api/v1/login; per canonical user and per client address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.lockout import lockout_message, lockout_username
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
STAFF = "/accounts/login/"
ADMIN = "/admin/login/"
API = "/api/v1/login"


def _staff(email, password="wrong", client=None, **extra):
    client = client or Client(enforce_csrf_checks=False)
    return client.post(STAFF, {"username": email, "password": password}, **extra)


def _admin(email, password="wrong", client=None, **extra):
    client = client or Client()
    return client.post(
        ADMIN, {"username": email, "password": password, "next": "/admin/"}, **extra
    )


def _api(email, password="wrong", **extra):
    return Client(enforce_csrf_checks=True).post(
        API, {"email": email, "password": password}, **extra
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "spelling",
    ["fio@example.com", "FIO@example.com", "f\u0131o@example.com", " Fio@Example.COM "],
)
def test_lockout_username_is_one_key_for_every_spelling(spelling):
    UserFactory(email="fio@example.com")
    assert lockout_username(None, {"username": spelling}) == "fio@example.com"
    assert lockout_username(None, {"email": spelling}) == "fio@example.com"


def test_lockout_username_folds_an_unknown_email_the_same_way():
    """No account: the key is folded the same way, so the counter (and the answer)
    cannot tell an existing account from a missing one."""
    assert lockout_username(None, {"username": "\u017fam@example.com"}) == (
        "sam@example.com"
    )
    assert lockout_username(None, {"username": "  "}) is None


def test_dotless_i_and_long_s_spellings_share_one_lockout():
    UserFactory(email="fis@example.com")
    spellings = [
        "fis@example.com",
        "f\u0131s@example.com",  # dotless ı
        "fi\u017f@example.com",  # long ſ
        "FIS@EXAMPLE.COM",
        "f\u0131\u017f@example.com",
    ]
    for number, spelling in enumerate(spellings, start=1):
        response = _staff(spelling)
        assert response.status_code == (429 if number == 5 else 200), spelling
    client = Client()
    response = _staff("fis@example.com", PASSWORD, client=client)
    assert response.status_code == 429 and not _signed_in(client)
    assert AccessAttempt.objects.values("username").distinct().count() == 1


def test_six_wrong_admin_passwords_lock_the_admin_sign_in_too():
    UserFactory(email="ada@example.com")
    answers = [_admin("ada@example.com").status_code for _ in range(6)]
    assert answers == [200, 200, 200, 200, 429, 429]
    client = Client()
    response = _admin("ada@example.com", PASSWORD, client=client)
    assert response.status_code == 429 and not _signed_in(client)
    assert lockout_message().encode() in response.content
    # ... and the same lockout holds on the staff page and the API
    assert _staff("ada@example.com", PASSWORD).status_code == 429
    assert _api("ada@example.com", PASSWORD).status_code == 429


def test_every_door_adds_to_one_counter():
    UserFactory(email="ada@example.com")
    assert _staff("ada@example.com").status_code == 200
    assert _staff("ADA@example.com").status_code == 200
    assert _admin("ada@example.com").status_code == 200
    assert _api("Ada@Example.com").status_code == 401
    assert _admin("ada@example.com").status_code == 429  # the fifth, at any door
    client = Client()
    assert _staff("ada@example.com", PASSWORD, client=client).status_code == 429
    assert not _signed_in(client)
    assert _api("ada@example.com", PASSWORD).json() == {
        "success": False,
        "message": lockout_message(),
    }


def test_the_lockout_answers_the_same_whether_or_not_the_account_exists():
    UserFactory(email="real@example.com")
    for _ in range(5):
        _staff("real@example.com", REMOTE_ADDR="10.0.0.1")
        _staff("ghost@example.com", REMOTE_ADDR="10.0.0.2")
        _api("real@example.com", REMOTE_ADDR="10.0.0.3")
        _api("ghost@example.com", REMOTE_ADDR="10.0.0.4")
    real = _staff("real@example.com", PASSWORD, REMOTE_ADDR="10.0.0.1")
    ghost = _staff("ghost@example.com", PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert (real.status_code, real.content) == (ghost.status_code, ghost.content)
    assert real.status_code == 429
    real = _api("real@example.com", PASSWORD, REMOTE_ADDR="10.0.0.3")
    ghost = _api("ghost@example.com", PASSWORD, REMOTE_ADDR="10.0.0.4")
    assert (real.status_code, real.json()) == (ghost.status_code, ghost.json())


def test_thirty_failures_across_accounts_from_one_address_are_throttled():
    """One address spraying many accounts: locked after 30 failures in all, so it
    cannot lock out more than a handful of accounts (30 / 5)."""
    users = [UserFactory(email=f"user{n}@example.com") for n in range(31)]
    answers = [
        _staff(user.email, REMOTE_ADDR="198.51.100.7").status_code
        for user in users[:30]
    ]
    assert answers == [200] * 29 + [429]
    client = Client()
    fresh = users[30].email  # never tried, right password, same address
    response = _staff(fresh, PASSWORD, client=client, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429 and not _signed_in(client)
    assert _admin(fresh, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    # Each sprayed account had one failure: from elsewhere it signs in.
    other = Client()
    response = _staff(users[0].email, PASSWORD, client=other, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302 and _signed_in(other)


def test_a_forwarded_for_header_does_not_make_a_new_address():
    for n in range(30):
        _staff(f"nobody{n}@example.com", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert _staff("someone@example.com").status_code == 429


def test_the_lockout_lapses_after_the_cool_off():
    user = UserFactory(email="ada@example.com")
    for _ in range(5):
        _staff("ada@example.com")
    assert _staff("ada@example.com", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    client = Client()
    response = _staff("ADA@example.com", PASSWORD, client=client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_lockout_page_offers_a_password_reset():
    for _ in range(5):
        response = _staff("ada@example.com")
    assert response.status_code == 429
    assert reverse("accounts:password-reset").encode() in response.content


def test_the_key_is_the_users_however_the_database_folds_the_spelling():
    """PostgreSQL's UPPER folds ı and ſ (authentication finds the user by them);
    SQLite's does not. Either way the counter's key is the user's."""
    from django.db import connection

    from apps.accounts.selectors import user_get_for_sign_in

    user = UserFactory(email="fis@example.com")
    found = user_get_for_sign_in(email="f\u0131\u017f@example.com")
    assert found == (user if connection.vendor == "postgresql" else None)
    assert lockout_username(None, {"username": "f\u0131\u017f@example.com"}) == (
        user.email
    )


def test_attempts_never_store_the_typed_password_or_code():
    _staff("ada@example.com", password="hunter2-almost-right")
    _admin("ada@example.com", password="hunter3-almost-right")
    Client().post(
        ADMIN,
        {"username": "ada@example.com", "password": "hunter4", "otp_token": "246810"},
    )
    stored = " ".join(
        f"{a.get_data} {a.post_data}" for a in AccessAttempt.objects.all()
    )
    for secret in ("hunter2", "hunter3", "hunter4", "246810"):
        assert secret not in stored
