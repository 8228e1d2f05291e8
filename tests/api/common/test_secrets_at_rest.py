"""No token or key is ever stored in plain text: after every way a credential is
issued and used (staff page, command, FusionInvoice login, TimeTap session token,
idempotent POSTs in each dialect), no row of any table holds a secret."""

import json
import re
import time
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from rest_framework.test import APIClient

from apps.accounts.services import timetap_signature
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory

pytestmark = pytest.mark.django_db


def _every_stored_value() -> str:
    """Every column of every row of every model, as text (binary columns decoded)."""
    parts = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.values():
            for value in row.values():
                if isinstance(value, bytes | memoryview):
                    value = bytes(value).decode("utf-8", "replace")
                parts.append(str(value))
    return "\n".join(parts)


def test_no_secret_is_stored_in_plain_text(client):
    CompanyProfileFactory()
    customer = ClientFactory()
    staff_user = UserFactory()
    staff_user.set_password("a-long-password-1")
    staff_user.save()
    staff_client = client
    staff_client.force_login(staff_user)
    secrets: list[str] = []

    # An API key from the staff page, and one from the command.
    page = staff_client.post("/accounts/api-keys/new/", {"name": "page"})
    assert page.status_code == 200
    out = StringIO()
    call_command("create_api_key", staff_user.email, stdout=out)
    issued = json.loads(out.getvalue())
    secrets += list(issued.values())
    shown = re.findall(r"rmt_[A-Za-z0-9_-]{40,}", page.content.decode())
    assert shown, "the page shows the new key once"
    secrets.append(shown[0])

    # FusionInvoice login, sent with an Idempotency-Key
    # (which must not keep the answer).
    anonymous = APIClient()
    login = anonymous.post(
        "/api/v1/login",
        {"email": staff_user.email, "password": "a-long-password-1"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="login-1",
    )
    assert login.status_code == 200
    token = login.json()["token"]
    secrets += [token, token.split("|", 1)[1]]
    again = anonymous.post(
        "/api/v1/login",
        {"email": staff_user.email, "password": "a-long-password-1"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="login-1",
    )
    assert again.json()["token"] != token  # a fresh token, not a replay

    # A TimeTap session token.
    session = APIClient().get(
        "/timetap/live/sessionToken",
        {
            "apiKey": issued["api_key"],
            "timestamp": str(time.time()),
            "signature": timetap_signature(issued["api_key"], issued["private_key"]),
        },
    )
    assert session.status_code == 200, session.content
    secrets.append(session.json()["sessionToken"])

    # Idempotent POSTs signed with each credential style.
    fi = APIClient()
    fi.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    store = fi.post(
        "/api/v1/invoices/store",
        {"client_id": customer.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY="i-1",
    )
    assert store.status_code == 201
    by_key = APIClient()
    by_key.credentials(HTTP_AUTHORIZATION=f"Bearer {issued['key']}")
    assert (
        by_key.post(
            "/api/v1/clients/store",
            {"name": "K", "type": "lead"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="c-1",
        ).status_code
        == 201
    )
    assert fi.post("/api/v1/logout", HTTP_IDEMPOTENCY_KEY="out-1").status_code == 200

    stored = _every_stored_value()
    assert len(secrets) >= 7
    for secret in secrets:
        assert len(secret) >= 20
        assert secret not in stored, f"a secret is stored in plain text: {secret[:6]}…"
