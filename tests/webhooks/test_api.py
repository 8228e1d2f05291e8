"""The FusionInvoice extension `/api/v1/webhooks`: Admin keys only, FusionInvoice's
envelope, the secret in the store and rotate answers only."""

import json

import pytest
from django.test import Client

from apps.accounts.roles import BILLING, VIEWER
from apps.accounts.services import api_key_create
from apps.webhooks import secrets
from apps.webhooks.models import WebhookEndpoint
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

BODY = {
    "url": "https://hooks.example.invalid/remit",
    "events": ["invoice.paid", "payment.succeeded"],
    "dialect": "fusebill",
    "description": "ERP",
}


class Api:
    def __init__(self, user, *, read_only=False):
        self.key = api_key_create(user=user, read_only=read_only).key
        self.client = Client(enforce_csrf_checks=True)

    def call(self, method, path, data=None):
        response = getattr(self.client, method)(
            f"/api/v1/{path}",
            data=json.dumps(data) if data is not None else None,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.key}",
        )
        assert response["Content-Type"].startswith("application/json")
        return response.status_code, response.json()


def test_an_admin_key_stores_lists_shows_updates_and_deletes(staff_user):
    api = Api(staff_user)
    status, body = api.call("post", "webhooks/store", BODY)
    assert status == 201 and body["success"] is True
    secret = body["data"]["secret"]
    assert secret.startswith("whsec_")
    endpoint = WebhookEndpoint.objects.get()
    assert secrets.secret_decrypt(endpoint.secret_encrypted) == secret
    pk = body["data"]["id"]

    status, body = api.call("get", "webhooks")
    assert status == 200 and [row["id"] for row in body["data"]] == [pk]
    assert "secret" not in body["data"][0]
    assert body["data"][0]["secret_prefix"] == secret[:14]

    status, body = api.call("get", f"webhooks/{pk}")
    assert status == 200 and body["data"]["dialect"] == "fusebill"
    assert body["data"]["deliveries"] == [] and "secret" not in body["data"]

    status, body = api.call("put", f"webhooks/{pk}", {"events": ["quote.accepted"]})
    assert (status, body["data"]["events"]) == (200, ["quote.accepted"])
    assert body["data"]["url"] == BODY["url"]  # fields not sent are kept

    status, body = api.call("post", f"webhooks/{pk}/rotate-secret")
    assert status == 200 and body["data"]["secret"] not in (secret, None)

    status, body = api.call("delete", f"webhooks/{pk}")
    assert (status, body["success"]) == (200, True)
    assert not WebhookEndpoint.objects.exists()


def test_validation_errors_are_422_by_field_and_missing_records_400(
    staff_user, settings
):
    api = Api(staff_user)
    status, body = api.call("post", "webhooks/store", {**BODY, "events": ["nope"]})
    assert status == 422 and "events" in body["errors"]
    settings.REMIT_WEBHOOKS_REQUIRE_HTTPS = True
    status, body = api.call(
        "post", "webhooks/store", {**BODY, "url": "http://hooks.example.invalid/"}
    )
    assert status == 422 and "https://" in body["errors"]["url"][0]
    assert api.call("get", "webhooks/999") == (
        400,
        {"success": False, "message": "Record not found"},
    )
    assert api.call("get", "webhooks/abc")[0] == 400


@pytest.mark.parametrize("role", [BILLING, VIEWER])
def test_billing_and_viewer_keys_are_refused(role, staff_user):
    Api(staff_user).call("post", "webhooks/store", BODY)
    pk = WebhookEndpoint.objects.get().pk
    api = Api(UserFactory(role=role))
    for method, path, data in [
        ("get", "webhooks", None),
        ("post", "webhooks/store", BODY),
        ("get", f"webhooks/{pk}", None),
        ("put", f"webhooks/{pk}", {"url": "https://evil.example.invalid/"}),
        ("delete", f"webhooks/{pk}", None),
        ("post", f"webhooks/{pk}/rotate-secret", None),
    ]:
        status, body = api.call(method, path, data)
        assert status == 403 and "Admin role" in body["message"], (method, path)
    assert WebhookEndpoint.objects.get().url == BODY["url"]


def test_a_read_only_admin_key_is_refused_too(staff_user):
    status, body = Api(staff_user, read_only=True).call("get", "webhooks")
    assert status == 403


def test_without_a_credential_the_answer_is_401():
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/webhooks/store", data=BODY, content_type="application/json"
    )
    assert response.status_code == 401
