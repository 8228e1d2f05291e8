import pytest

from apps.accounts.services import api_key_create


@pytest.fixture
def api(client, staff_user):
    """Django's test client sending a real Fusebill `Authorization: Basic <key>`."""
    key = api_key_create(user=staff_user).key
    client.defaults["HTTP_AUTHORIZATION"] = f"Basic {key}"
    return client
