"""Property-based smoke test of every operation in the OpenAPI schema, all dialects:
generated requests, with a valid credential, must never get a server error."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from apps.accounts.services import api_key_create, session_token_create
from config.wsgi import application
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def credentials(db):
    # The raw WSGI handler closes the connection after each request, as in production;
    # the test database lives in that connection's transaction, so keep it open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield _credentials()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _credentials():
    user = UserFactory()
    profile = CompanyProfileFactory()
    invoice = InvoiceFactory(client=ClientFactory(), company_profile=profile, sent=True)
    assert invoice.pk
    issued = api_key_create(user=user)
    return {"key": issued.key, "session": session_token_create(api_key=issued.api_key)}


def _headers(path: str, credentials: dict) -> dict:
    lowered = path.lower()
    if lowered.startswith("/fusebill/"):
        return {"Authorization": f"Basic {credentials['key']}"}
    if lowered.startswith("/fluidpay/"):
        return {"Authorization": credentials["key"]}
    if lowered.startswith("/timetap/"):
        return {"Authorization": f"Bearer {credentials['session']}"}
    return {"Authorization": f"Bearer {credentials['key']}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],  # fmt: skip
)
def test_api_is_not_a_server_error(case, credentials):
    case.call_and_validate(headers=_headers(case.path, credentials), checks=[not_a_server_error])
