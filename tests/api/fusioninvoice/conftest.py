import pytest
from rest_framework.test import APIClient

from apps.accounts.services import api_key_create, login_token_create
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory


@pytest.fixture
def api_user(db):
    return UserFactory(email="api@example.com")


@pytest.fixture
def profile(db):
    return CompanyProfileFactory()


@pytest.fixture
def api(api_user, profile):
    """An APIClient signed in with a real login token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login_token_create(user=api_user)}")
    return client


@pytest.fixture
def api_key_client(api_user, profile):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_create(user=api_user).key}")
    return client


@pytest.fixture(autouse=True)
def _clear_throttles():
    from django.core.cache import cache

    cache.clear()
