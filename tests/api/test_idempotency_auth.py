"""An `Idempotency-Key` replay goes only to a caller the dialect still accepts: once
the key behind a stored answer is revoked (or its user deactivated), a retry gets the
dialect's 401 in its envelope, not the stored answer. Real keys, CSRF checks on."""

import json

import pytest
from django.test import Client

from apps.accounts.services import api_key_create, api_key_revoke, session_token_create
from apps.api.common.models import IdempotencyKey
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory

from .fluidpay.helpers import invoice_body

pytestmark = pytest.mark.django_db


def _fusioninvoice(issued):
    customer = ClientFactory()
    return "/api/v1/invoices/store", {"client_id": customer.pk}, f"Bearer {issued.key}"


def _fluidpay(issued):
    return "/fluidpay/api/invoice", invoice_body(), issued.key


def _timetap(issued):
    customer = ClientFactory()
    token = session_token_create(api_key=issued.api_key)
    items = [{"description": "Class pass", "quantity": 3, "rate": 20}]
    return f"/timetap/live/invoices/client/{customer.pk}", items, f"Bearer {token}"


REFUSED = {
    "/api/v1/": lambda body: body == {"error": "Unauthenticated."},
    "/fluidpay/api/": lambda body: body == {"status": "failed", "msg": "unauthorized"},
    "/timetap/live/": lambda body: body["errorCode"] == "UNAUTHORIZED",
}


def _post(path, body, auth):
    return Client(enforce_csrf_checks=True).post(
        path,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
        HTTP_IDEMPOTENCY_KEY="once",
    )


@pytest.mark.parametrize("setup", [_fusioninvoice, _fluidpay, _timetap])
@pytest.mark.parametrize("how", ["revoke", "deactivate"])
def test_a_stored_answer_is_not_replayed_once_the_credential_is_refused(setup, how):
    CompanyProfileFactory(name="ACME Inc.")
    issued = api_key_create(user=UserFactory())
    path, body, auth = setup(issued)
    first = _post(path, body, auth)
    assert first.status_code in (200, 201), first.content[:300]
    assert IdempotencyKey.objects.filter(is_pending=False).count() == 1
    assert _post(path, body, auth)["Idempotent-Replayed"] == "true"

    if how == "revoke":
        api_key_revoke(api_key=issued.api_key)
    else:
        issued.api_key.user.is_active = False
        issued.api_key.user.save(update_fields=["is_active"])
    again = _post(path, body, auth)
    assert again.status_code == 401, again.content[:300]
    assert "Idempotent-Replayed" not in again
    prefix = next(p for p in REFUSED if path.startswith(p))
    assert REFUSED[prefix](again.json()), again.json()
