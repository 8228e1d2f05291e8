"""Hosted-page browser tests: a fresh Playwright page on live_server per test.

The session-wide `chromium` fixture lives in tests/conftest.py.
"""

import pytest
from django.core.cache import cache


@pytest.fixture
def page(chromium, live_server):
    cache.clear()
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    cache.clear()
