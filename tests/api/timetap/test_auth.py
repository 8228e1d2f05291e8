import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.models import SessionToken
from apps.accounts.services import (
    api_key_create,
    api_key_revoke,
    sha256_hex,
    timetap_signature,
)
from apps.api.timetap.views import SessionTokenView
from tests.factories.accounts import UserFactory

from .helpers import LIVE, TEST, body

pytestmark = pytest.mark.django_db
TOKEN_RE = re.compile(r"^st:api:api:[0-9a-f]{32}$")


def _issue(**overrides):
    issued = api_key_create(user=UserFactory())
    params = {
        "apiKey": issued.timetap_api_key,
        "timestamp": str(int(time.time())),
        "signature": timetap_signature(
            issued.timetap_api_key, issued.timetap_private_key
        ),
    }
    params.update(overrides)
    return issued, APIClient().get(LIVE + "sessionToken", params)


def _get(path, token):
    return APIClient().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_session_token_good_signature_answers_exactly_the_token_and_it_works():
    _, response = _issue()
    assert response.status_code == 200
    data = body(response)
    assert list(data) == ["sessionToken"] and TOKEN_RE.match(data["sessionToken"])
    assert response["Content-Type"].startswith("application/json")
    assert response["Cache-Control"] == "no-store"
    assert _get(LIVE + "clients/count", data["sessionToken"]).status_code == 200


def test_session_token_accepts_float_timestamp_with_microseconds():
    _, response = _issue(timestamp=f"{time.time():.6f}")
    assert response.status_code == 200
    assert TOKEN_RE.match(body(response)["sessionToken"])


def test_session_token_bad_signature_is_401():
    _, response = _issue(signature="0" * 32)
    assert response.status_code == 401
    assert body(response)["errorCode"] == "UNAUTHORIZED"
    assert "signature" in body(response)["errorMessage"]


def test_session_token_unknown_api_key_is_401():
    issued, response = _issue(apiKey="tt_nobody")
    assert response.status_code == 401


@pytest.mark.parametrize("offset", [-16 * 60, 16 * 60])
def test_session_token_timestamp_more_than_15_minutes_off_is_401(offset):
    _, response = _issue(timestamp=str(int(time.time()) + offset))
    assert response.status_code == 401
    assert "timestamp" in body(response)["errorMessage"]


def test_session_token_timestamp_within_15_minutes_is_accepted():
    _, response = _issue(timestamp=str(time.time() - 14 * 60))
    assert response.status_code == 200


@pytest.mark.parametrize("missing", ["apiKey", "timestamp", "signature"])
def test_session_token_missing_parameter_is_400_naming_it(missing):
    _, response = _issue(**{missing: ""})
    assert response.status_code == 400
    assert body(response) == {
        "errorMessage": f"{missing}: This parameter is required.",
        "errorCode": "BAD_REQUEST",
    }


def test_session_token_timestamp_not_a_number_is_400():
    _, response = _issue(timestamp="yesterday")
    assert response.status_code == 400 and "timestamp" in body(response)["errorMessage"]


def test_session_tokens_many_valid_at_once_and_on_both_hosts():
    _, first = _issue()
    _, second = _issue()
    for token in (body(first)["sessionToken"], body(second)["sessionToken"]):
        assert _get(LIVE + "clients", token).status_code == 200
        assert _get(TEST + "clients", token).status_code == 200


def test_session_token_endpoint_is_not_throttled():
    assert SessionTokenView.throttle_classes == []
    issued = api_key_create(user=UserFactory())
    signature = timetap_signature(issued.timetap_api_key, issued.timetap_private_key)
    client = APIClient()
    for _ in range(40):
        response = client.get(
            LIVE + "sessionToken",
            {
                "apiKey": issued.timetap_api_key,
                "timestamp": time.time(),
                "signature": signature,
            },
        )
        assert response.status_code == 200


def test_expired_session_token_is_401_with_envelope():
    _, response = _issue()
    token = body(response)["sessionToken"]
    SessionToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _get(LIVE + "invoices/status/OPEN", token)
    assert response.status_code == 401
    assert body(response)["errorCode"] == "UNAUTHORIZED"
    assert response["WWW-Authenticate"] == "Bearer"


def test_session_token_lifetime_is_four_hours():
    _issue()
    token = SessionToken.objects.get()
    assert (
        timedelta(hours=3, minutes=59)
        < token.expires_at - token.created_at
        <= timedelta(hours=4, seconds=1)
    )


def test_revoked_key_refuses_new_tokens_and_its_tokens():
    issued, response = _issue()
    token = body(response)["sessionToken"]
    api_key_revoke(api_key=issued.api_key)
    assert _get(LIVE + "clients", token).status_code == 401
    again = APIClient().get(
        LIVE + "sessionToken",
        {
            "apiKey": issued.timetap_api_key,
            "timestamp": int(time.time()),
            "signature": timetap_signature(
                issued.timetap_api_key, issued.timetap_private_key
            ),
        },
    )
    assert again.status_code == 401


def test_missing_or_wrong_authorization_is_401():
    assert APIClient().get(LIVE + "clients").status_code == 401
    response = _get(LIVE + "clients", "st:api:api:" + "0" * 32)
    assert response.status_code == 401
    assert body(response)["errorCode"] == "UNAUTHORIZED"


def test_session_token_is_never_stored_in_plain_text():
    _, response = _issue()
    token = body(response)["sessionToken"]
    row = SessionToken.objects.get()
    assert row.token_hash == sha256_hex(token)
    stored = [str(v) for v in SessionToken.objects.values_list().get()]
    assert all(token not in value and token[11:] not in value for value in stored)


def test_session_token_of_a_deactivated_user_stops_working():
    issued, response = _issue()
    token = body(response)["sessionToken"]
    assert _get(LIVE + "clients/count", token).status_code == 200
    user = issued.api_key.user
    user.is_active = False
    user.save()
    response = _get(LIVE + "clients/count", token)
    assert response.status_code == 401
    assert body(response)["errorCode"] == "UNAUTHORIZED"
    again = APIClient().get(
        LIVE + "sessionToken",
        {
            "apiKey": issued.timetap_api_key,
            "timestamp": str(int(time.time())),
            "signature": timetap_signature(
                issued.timetap_api_key, issued.timetap_private_key
            ),
        },
    )
    assert again.status_code == 401
