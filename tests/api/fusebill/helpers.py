"""A Fusebill caller for the tests of the endpoints beyond the seeds: Django's test
client with CSRF checks on, sending a real `Authorization: Basic <key>`."""

import json
from decimal import Decimal

from django.test import Client

from apps.accounts.services import api_key_create

BASE = "/fusebill/v1/"


def fusebill_client(user, *, read_only: bool = False) -> Client:
    key = api_key_create(user=user, read_only=read_only).key
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Basic {key}")


def body(response):
    assert response["Content-Type"] == "application/json", response.content[:200]
    return json.loads(response.content, parse_float=Decimal)


def error_of(response) -> tuple[int, str]:
    data = body(response)
    assert data["HttpStatusCode"] == response.status_code
    assert data["Errors"][0]["Key"] == "Api Error"
    return response.status_code, data["Errors"][0]["Value"]


def post_json(api: Client, path: str, data=None, **extra):
    return api.post(
        BASE + path,
        "" if data is None else json.dumps(data),
        content_type="application/json",
        **extra,
    )
