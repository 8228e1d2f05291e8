"""Password reset by email and password change, through Django's views with
Remit's templates."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_password_reset_sends_a_link_that_sets_a_new_password(mailoutbox):
    user = UserFactory(email="ada@example.com")
    client = Client(enforce_csrf_checks=False)
    page = client.get(reverse("accounts:password-reset"))
    assert page.status_code == 200 and b"auth-card" in page.content
    response = client.post(
        reverse("accounts:password-reset"), {"email": "ADA@example.com"}
    )
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ada@example.com"]
    assert mailoutbox[0].subject == "Reset your Remit password"
    link = _reset_link(mailoutbox[0])
    form_page = client.get(link, follow=True)
    assert b"new_password1" in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a-brand-new-secret-7",
            "new_password2": "a-brand-new-secret-7",
        },
    )
    assert response["Location"] == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password("a-brand-new-secret-7")
    # the link worked once
    again = client.get(link, follow=True)
    assert b"expired or was already used" in again.content


def test_password_reset_answers_the_same_for_an_unknown_email(mailoutbox):
    response = Client().post(
        reverse("accounts:password-reset"), {"email": "ghost@example.com"}
    )
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mailoutbox == []


def test_password_change_needs_the_old_password(staff_client, staff_user):
    url = reverse("accounts:password-change")
    page = staff_client.get(url)
    assert page.status_code == 200 and b"old_password" in page.content
    wrong = staff_client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "another-long-secret-9",
            "new_password2": "another-long-secret-9",
        },
    )
    assert wrong.status_code == 200
    response = staff_client.post(
        url,
        {
            "old_password": "correct-horse-battery",
            "new_password1": "another-long-secret-9",
            "new_password2": "another-long-secret-9",
        },
    )
    assert response["Location"] == reverse("accounts:security")
    staff_user.refresh_from_db()
    assert staff_user.check_password("another-long-secret-9")
    assert staff_client.get(reverse("dashboard:home")).status_code == 200  # still in


def test_password_pages_use_the_project_layouts(staff_client):
    assert (
        b'class="topbar"'
        in staff_client.get(reverse("accounts:password-change")).content
    )
    assert b'class="topbar"' in staff_client.get(reverse("accounts:security")).content
    login = Client().get(reverse("accounts:login")).content
    assert reverse("accounts:password-reset").encode() in login
