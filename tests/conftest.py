import pytest

from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory


@pytest.fixture
def staff_user(db):
    return UserFactory()


@pytest.fixture
def company(db):
    return CompanyProfileFactory()


@pytest.fixture
def staff_client(client, staff_user):
    """Django's test client, signed in as a staff user."""
    client.force_login(staff_user)
    return client
