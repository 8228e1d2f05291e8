import base64
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIRequestFactory

from apps.accounts.models import ApiKey
from apps.accounts.services import (
    api_key_create,
    login_token_create,
    session_token_create,
)
from apps.api.common.authentication import (
    ApiKeyBasicAuthentication,
    ApiKeyBearerAuthentication,
    ApiKeyHeaderAuthentication,
    LoginTokenAuthentication,
    SessionTokenAuthentication,
)
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _request(auth: str | None):
    extra = {"HTTP_AUTHORIZATION": auth} if auth is not None else {}
    return APIRequestFactory().get("/x", **extra)


def test_create_api_key_prints_the_three_secrets_once():
    user = UserFactory(email="ops@example.com")
    out = StringIO()
    call_command(
        "create_api_key",
        "OPS@example.com",
        "--name",
        "ci",
        "--expires-days",
        "30",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert set(data) == {"key", "api_key", "private_key"}
    stored = ApiKey.objects.get(user=user)
    assert stored.name == "ci" and stored.expires_at is not None
    row_text = json.dumps(list(ApiKey.objects.values()), default=str)
    for secret in data.values():
        assert secret not in row_text


def test_create_api_key_refuses_unknown_or_non_staff_user():
    with pytest.raises(CommandError):
        call_command("create_api_key", "nobody@example.com", stdout=StringIO())
    UserFactory(email="guest@example.com", is_staff=False)
    with pytest.raises(CommandError):
        call_command("create_api_key", "guest@example.com", stdout=StringIO())


def test_api_key_header_styles():
    user = UserFactory()
    issued = api_key_create(user=user)
    key = issued.key
    assert (
        ApiKeyBearerAuthentication().authenticate(_request(f"Bearer {key}"))[0] == user
    )
    assert ApiKeyBasicAuthentication().authenticate(_request(f"Basic {key}"))[0] == user
    encoded = base64.b64encode(f"{key}:".encode()).decode()
    assert (
        ApiKeyBasicAuthentication().authenticate(_request(f"Basic {encoded}"))[0]
        == user
    )
    assert ApiKeyHeaderAuthentication().authenticate(_request(key))[0] == user
    assert ApiKeyHeaderAuthentication().authenticate(_request(None)) is None
    assert ApiKeyBasicAuthentication().authenticate(_request(f"Bearer {key}")) is None
    with pytest.raises(AuthenticationFailed):
        ApiKeyHeaderAuthentication().authenticate(_request("wrong"))
    with pytest.raises(AuthenticationFailed):
        ApiKeyBasicAuthentication().authenticate(_request("Basic d3Jvbmc="))


def test_login_and_session_tokens():
    user = UserFactory()
    token = login_token_create(user=user)
    assert (
        LoginTokenAuthentication().authenticate(_request(f"Bearer {token}"))[0] == user
    )
    with pytest.raises(AuthenticationFailed):
        LoginTokenAuthentication().authenticate(_request(f"Bearer {token}x"))
    session = session_token_create(api_key=api_key_create(user=user).api_key)
    assert (
        SessionTokenAuthentication().authenticate(_request(f"Bearer {session}"))[0]
        == user
    )


def test_revoked_key_and_inactive_user_are_refused():
    user = UserFactory()
    issued = api_key_create(user=user)
    user.is_active = False
    user.save()
    with pytest.raises(AuthenticationFailed):
        ApiKeyBearerAuthentication().authenticate(_request(f"Bearer {issued.key}"))
