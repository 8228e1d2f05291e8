"""In a real browser: turn on the second factor, sign out, sign in with the code;
a wrong code is refused."""

import base64
import time

import pytest
from django_otp.oath import totp

from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def _code(secret: str, offset: int = 0) -> str:
    """What an authenticator app shows for the key the page displayed."""
    return f"{totp(base64.b32decode(secret), drift=offset):06d}"


def _password_step(page, email):
    page.goto("/accounts/login/")
    page.fill("[name=username]", email)
    page.fill("[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_turn_on_totp_sign_out_and_sign_in_with_the_code(page):
    UserFactory(email="ada@example.com")
    _password_step(page, "ada@example.com")
    page.wait_for_url("**/")
    page.click("text=Your account")
    page.click("#second-factor-on")
    qr = page.locator(".qr-code svg")
    assert qr.count() == 1 and qr.locator("path").is_visible()
    box = qr.bounding_box()
    assert box["width"] > 150 and box["height"] > 150  # drawn, big enough to scan
    secret = page.text_content("#totp-secret").strip()
    page.fill("[name=token]", _code(secret))
    page.click("button:has-text('Turn on')")
    page.wait_for_selector("#recovery-codes")
    assert page.locator("#recovery-codes li").count() == 10
    page.click("text=Done")
    assert page.is_visible("text=Make new recovery codes")

    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/accounts/login/")
    _password_step(page, "ada@example.com")
    page.wait_for_url("**/accounts/login/verify/")
    page.fill("[name=token]", "000000")
    page.click("button:has-text('Verify')")
    page.wait_for_selector("text=That code is not right")
    assert "/accounts/login/verify/" in page.url
    page.goto("/invoices/")  # not signed in: back to the sign-in page
    assert "/accounts/login/" in page.url

    time.sleep(1.2)  # django-otp makes the next try wait after a wrong code
    page.goto("/accounts/login/verify/")
    page.fill("[name=token]", _code(secret, offset=1))  # a newer code than set-up's
    page.click("button:has-text('Verify')")
    page.wait_for_selector("text=Sign out")
    page.goto("/invoices/")
    assert "/invoices/" in page.url and "/accounts/login/" not in page.url
