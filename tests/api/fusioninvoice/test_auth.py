import json

import pytest
from axes.models import AccessAttempt
from django.urls import get_resolver
from rest_framework.test import APIClient

from apps.accounts.models import ApiKey, LoginToken
from apps.accounts.services import api_key_create, login_token_create
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

ROUTES = [
    ("post", "/api/v1/logout"),
    ("get", "/api/v1/clients"),
    ("post", "/api/v1/clients/store"),
    ("patch", "/api/v1/clients/custom-fields/add"),
    ("get", "/api/v1/clients/1"),
    ("put", "/api/v1/clients/1"),
    ("delete", "/api/v1/clients/1"),
    ("get", "/api/v1/invoices"),
    ("post", "/api/v1/invoices/store"),
    ("put", "/api/v1/invoices/items/add"),
    ("post", "/api/v1/invoices/email"),
    ("patch", "/api/v1/invoices/custom-fields/add"),
    ("post", "/api/v1/invoices/apply/credit-memo"),
    ("get", "/api/v1/invoices/1"),
    ("put", "/api/v1/invoices/1"),
    ("delete", "/api/v1/invoices/1"),
    ("get", "/api/v1/invoices/1/pdf"),
    ("get", "/api/v1/quotes"),
    ("post", "/api/v1/quotes/store"),
    ("put", "/api/v1/quotes/items/add"),
    ("post", "/api/v1/quotes/email"),
    ("patch", "/api/v1/quotes/custom-fields/add"),
    ("get", "/api/v1/quotes/1"),
    ("put", "/api/v1/quotes/1"),
    ("delete", "/api/v1/quotes/1"),
    ("get", "/api/v1/quotes/1/pdf"),
    ("post", "/api/v1/quotes/1/convert"),
    ("get", "/api/v1/payments"),
    ("post", "/api/v1/payments/store"),
    ("patch", "/api/v1/payments/custom-fields/add"),
    ("get", "/api/v1/payments/1"),
    ("put", "/api/v1/payments/1"),
    ("delete", "/api/v1/payments/1"),
    ("get", "/api/v1/webhooks"),
    ("post", "/api/v1/webhooks/store"),
    ("get", "/api/v1/webhooks/1"),
    ("put", "/api/v1/webhooks/1"),
    ("delete", "/api/v1/webhooks/1"),
    ("post", "/api/v1/webhooks/1/rotate-secret"),
    ("get", "/api/v1/nowhere"),
    ("get", "/api/v1/invoices/abc"),
    ("delete", "/api/v1/clients/x1"),
]


def _login(email="api@example.com", password="correct-horse-battery", **kwargs):
    return APIClient().post(
        "/api/v1/login", {"email": email, "password": password}, **kwargs
    )


def test_every_route_is_listed_here():
    from apps.api.fusioninvoice import urls

    routes = {
        str(p.pattern) for p in urls.urlpatterns if not str(p.pattern).startswith("^")
    } - {"login"}
    listed = {
        path.removeprefix("/api/v1/").replace("/1", "/<int:pk>") for _, path in ROUTES
    }
    assert routes <= listed
    assert get_resolver() is not None


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_refuses_an_anonymous_call(method, path):
    response = getattr(APIClient(), method)(path, {}, format="json")
    assert response.status_code == 401
    assert response.json() == {"error": "Unauthenticated."}


@pytest.mark.parametrize(
    "header", ["Bearer nope", "Bearer 1|wrong", "Basic abc", "Bearer "]
)
def test_bad_credentials_are_refused(api_user, header):
    login_token_create(user=api_user)
    response = APIClient().get("/api/v1/clients", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"error": "Unauthenticated."}


def test_login_returns_a_token_that_works(api_user, profile):
    response = _login(format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    token_id, secret = token.split("|")
    assert token_id.isdigit() and len(secret) == 40
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/clients").status_code == 200


def test_login_accepts_form_data(api_user):
    assert _login().status_code == 200


def test_login_bad_password_is_unauthorised(api_user):
    response = _login(password="wrong", format="json")
    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorised"}
    assert AccessAttempt.objects.count() == 1  # counted by the one lockout (axes)


def test_login_refuses_non_staff_and_inactive_users():
    UserFactory(email="guest@example.com", is_staff=False)
    UserFactory(email="gone@example.com", is_active=False)
    assert _login(email="guest@example.com").status_code == 401
    assert _login(email="gone@example.com").status_code == 401


def test_login_validation_errors_are_401():
    response = APIClient().post("/api/v1/login", {"password": "x"}, format="json")
    assert response.status_code == 401
    assert "email" in response.json()["error"]


def test_login_locks_out_after_five_failures(api_user):
    for _ in range(4):
        assert _login(password="wrong").status_code == 401
    assert _login(password="wrong").status_code == 429  # the fifth locks
    response = _login()  # even the right password
    assert response.status_code == 429
    assert response.json()["success"] is False  # FusionInvoice's {success, message}


def test_logout_revokes_the_token(api_user):
    token = _login().json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post("/api/v1/logout")
    assert response.status_code == 200
    assert isinstance(response.json()["success"], str)
    assert client.get("/api/v1/clients").status_code == 401
    assert not LoginToken.objects.exists()


def test_api_key_works_as_bearer(api_key_client):
    assert api_key_client.get("/api/v1/invoices").status_code == 200


def test_logout_with_api_key_does_not_revoke_it(api_key_client):
    assert api_key_client.post("/api/v1/logout").status_code == 400
    assert api_key_client.get("/api/v1/invoices").status_code == 200


def test_no_token_or_key_is_stored_in_plain_text(api_user):
    token = _login().json()["token"]
    issued = api_key_create(user=api_user)
    stored = json.dumps(
        [list(LoginToken.objects.values()), list(ApiKey.objects.values())], default=str
    )
    for secret in (
        token,
        token.split("|")[1],
        issued.key,
        issued.timetap_api_key,
        issued.timetap_private_key,
    ):
        assert secret not in stored


def test_revoked_api_key_is_refused(api_user, profile):
    issued = api_key_create(user=api_user)
    from apps.accounts.services import api_key_revoke

    api_key_revoke(api_key=issued.api_key)
    response = APIClient().get(
        "/api/v1/clients", HTTP_AUTHORIZATION=f"Bearer {issued.key}"
    )
    assert response.status_code == 401


def test_login_is_throttled_per_address_across_emails(api_user):
    for number in range(29):
        # A new X-Forwarded-For on each guess does not make a new address.
        forwarded = f"203.0.113.{number}"
        response = _login(
            email=f"guess{number}@example.com",
            password="x",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        assert response.status_code == 401
    assert _login(email="guess29@example.com", password="x").status_code == 429
    response = _login()  # the right password, but this address is locked out
    assert response.status_code == 429
    assert not LoginToken.objects.exists()
    other_address = APIClient().post(
        "/api/v1/login",
        {"email": "api@example.com", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.9.8.7",
    )
    assert other_address.status_code == 200


def test_lockout_is_per_email_and_ends_after_the_window(api_user):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(5):
        _login(password="wrong")
    assert _login().status_code == 429
    assert (
        _login(email="API@example.com").status_code == 429
    )  # the email's case does not matter
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login().status_code == 200


def test_login_accepts_a_form_post_with_params_in_the_query_string(api_user):
    response = APIClient().post(
        "/api/v1/login?email=api@example.com&password=correct-horse-battery"
    )
    assert response.status_code == 200 and "|" in response.json()["token"]
