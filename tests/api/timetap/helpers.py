"""Shared set-up for the TimeTap tests: a signed-in API client and JSON reading."""

import json
from decimal import Decimal

from rest_framework.test import APIClient

from apps.accounts.services import api_key_create, session_token_create
from tests.factories.accounts import UserFactory

LIVE = "/timetap/live/"
TEST = "/timetap/test/"


def signed_in(user=None) -> APIClient:
    """An API client carrying a real session token for `user`.

    `user` defaults to a new staff user.
    """
    issued = api_key_create(user=user or UserFactory())
    token = session_token_create(api_key=issued.api_key)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.user = issued.api_key.user
    return client


def body(response):
    """The JSON answer, with numbers as Decimal so amounts compare exactly."""
    return json.loads(response.content, parse_float=Decimal)


def put_json(client, path, data):
    return client.put(
        path, data=json.dumps(data, default=str), content_type="application/json"
    )


def post_json(client, path, data):
    return client.post(
        path, data=json.dumps(data, default=str), content_type="application/json"
    )
