import os
from pathlib import Path

import pytest

from apps.accounts.roles import BILLING, VIEWER
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory


@pytest.fixture
def staff_user(db):
    return UserFactory()


@pytest.fixture
def billing_user(db):
    return UserFactory(role=BILLING)


@pytest.fixture
def viewer_user(db):
    return UserFactory(role=VIEWER)


@pytest.fixture
def company(db):
    return CompanyProfileFactory()


@pytest.fixture
def staff_client(client, staff_user):
    """Django's test client, signed in as a staff user."""
    client.force_login(staff_user)
    return client


CHROMIUM = Path("/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
# the test itself (factories, refresh_from_db) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    assert CHROMIUM.exists(), (
        "Chromium is required for browser tests: apt-get install -y chromium"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()
