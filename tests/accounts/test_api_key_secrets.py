"""API key secrets leave the server once: in the response of the request that
created them, never in the messages cookie, the session or any other cookie."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from apps.accounts.models import ApiKey
from apps.accounts.selectors import api_key_get_by_key

pytestmark = pytest.mark.django_db


def _secrets(issued) -> tuple[str, str, str]:
    return issued.key, issued.timetap_api_key, issued.timetap_private_key


def _nowhere_but_the_page(client, response, secrets):
    html = response.content.decode()
    assert all(secret in html for secret in secrets)
    assert "no-store" in response["Cache-Control"]
    cookies = " ".join(c.value for c in response.cookies.values())
    cookies += " ".join(c.value for c in client.cookies.values())
    sessions = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    for secret in secrets:
        assert secret not in cookies and secret not in sessions
    assert "messages" not in response.cookies


def test_admin_shows_a_new_key_once_in_its_own_response(admin_client, staff_user):
    response = admin_client.post(
        reverse("admin:accounts_apikey_add"), {"user": staff_user.pk, "name": "Zap"}
    )
    assert response.status_code == 200
    issued = response.context["issued"]
    secrets = _secrets(issued)
    _nowhere_but_the_page(admin_client, response, secrets)
    assert api_key_get_by_key(key=issued.key) == ApiKey.objects.get()
    later = admin_client.get(reverse("admin:accounts_apikey_changelist"))
    assert not any(secret in later.content.decode() for secret in secrets)


def test_staff_page_shows_a_new_key_once_in_its_own_response(staff_client):
    response = staff_client.post(
        reverse("accounts:api-key-create"), {"name": "Sync", "expires_on": ""}
    )
    assert response.status_code == 200
    secrets = _secrets(response.context["issued"])
    _nowhere_but_the_page(staff_client, response, secrets)
    later = staff_client.get(reverse("accounts:api-keys"))
    assert not any(secret in later.content.decode() for secret in secrets)
