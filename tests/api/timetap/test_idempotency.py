"""TimeTap clients fetch a fresh session token before every call, so an
Idempotency-Key belongs to the API key behind the token, not to the token."""

import json

import pytest
from rest_framework.test import APIClient

from apps.accounts.services import api_key_create, session_token_create
from apps.invoices.models import Invoice
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory

from .helpers import LIVE

pytestmark = pytest.mark.django_db

ITEMS = [{"description": "Class pass", "quantity": 3, "rate": 20}]


def _post(api_key, path, data, key):
    client = APIClient()
    token = session_token_create(api_key=api_key)  # a new token for every call
    return client.post(
        path,
        data=json.dumps(data),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_retry_with_a_new_session_token_replays_the_first_answer():
    CompanyProfileFactory()
    customer = ClientFactory()
    api_key = api_key_create(user=UserFactory()).api_key
    path = LIVE + f"invoices/client/{customer.pk}"
    first = _post(api_key, path, ITEMS, "tt-1")
    again = _post(api_key, path, ITEMS, "tt-1")
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert Invoice.objects.count() == 1
    other_body = _post(api_key, path, [{**ITEMS[0], "quantity": 4}], "tt-1")
    assert other_body.status_code == 422
    assert json.loads(other_body.content)["errorCode"] == "IDEMPOTENCY_KEY_REUSED"
    assert Invoice.objects.count() == 1


def test_the_same_key_from_another_api_key_is_a_new_request():
    CompanyProfileFactory()
    customer = ClientFactory()
    path = LIVE + f"invoices/client/{customer.pk}"
    user = UserFactory()
    for _ in range(2):
        api_key = api_key_create(user=user).api_key
        assert _post(api_key, path, ITEMS, "tt-shared").status_code == 200
    assert Invoice.objects.count() == 2
