"""Staff pages for webhooks: Admins only (reading too)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.roles import BILLING, VIEWER
from apps.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "url": "https://hooks.example.invalid/remit",
    "description": "Accounting sync",
    "dialect": "fluidpay",
    "events": ["invoice.paid", "payment.refunded"],
}


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return client


def test_an_admin_adds_an_endpoint_and_sees_the_secret_once(staff_user):
    client = signed_in(staff_user)
    assert client.get(reverse("webhooks:list")).status_code == 200
    response = client.post(reverse("webhooks:list"), FORM)
    assert response.status_code == 200
    secret = re.search(r"whsec_[A-Za-z0-9+/=]+", response.content.decode()).group(0)
    assert "no-store" in response["Cache-Control"]
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.dialect, endpoint.events) == (
        "fluidpay",
        ["invoice.paid", "payment.refunded"],
    )
    for page in (reverse("webhooks:list"), endpoint.get_absolute_url()):
        html = client.get(page).content.decode()
        assert secret not in html and endpoint.secret_prefix in html


def test_a_bad_url_is_shown_on_the_form(staff_user):
    response = signed_in(staff_user).post(
        reverse("webhooks:list"), {**FORM, "url": "ftp://example.com"}
    )
    assert response.status_code == 400
    assert "http:// or https://" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_an_admin_edits_rotates_redelivers_and_deletes(
    staff_user, django_capture_on_commit_callbacks
):
    client = signed_in(staff_user)
    client.post(reverse("webhooks:list"), FORM)
    endpoint = WebhookEndpoint.objects.get()
    response = client.post(
        endpoint.get_absolute_url(),
        {**FORM, "events": ["quote.accepted"], "is_active": "on"},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["quote.accepted"]
    old = endpoint.secret_encrypted
    response = client.post(reverse("webhooks:rotate", args=[endpoint.pk]))
    assert "New signing secret" in response.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret_encrypted != old
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        message_id="msg_test",
        event="quote.accepted",
        body="{}",
        status=WebhookDelivery.Status.FAILED,
    )
    detail = client.get(endpoint.get_absolute_url()).content.decode()
    assert "msg_test" in detail and "Redeliver" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhooks:redeliver", args=[endpoint.pk, delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.attempts == 1  # tried again at once (the host does not resolve)
    client.post(reverse("webhooks:delete", args=[endpoint.pk]))
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("role", [BILLING, VIEWER])
def test_billing_and_viewer_are_refused_every_webhook_page(role, staff_user):
    admin = signed_in(staff_user)
    admin.post(reverse("webhooks:list"), FORM)
    endpoint = WebhookEndpoint.objects.get()
    client = signed_in(UserFactory(role=role))
    pages = [
        ("get", reverse("webhooks:list")),
        ("post", reverse("webhooks:list")),
        ("get", endpoint.get_absolute_url()),
        ("post", endpoint.get_absolute_url()),
        ("post", reverse("webhooks:rotate", args=[endpoint.pk])),
        ("post", reverse("webhooks:delete", args=[endpoint.pk])),
        ("post", reverse("webhooks:redeliver", args=[endpoint.pk, 1])),
    ]
    for method, path in pages:
        response = getattr(client, method)(path, FORM)
        assert response.status_code == 403, (method, path)
        assert "Admin role" in response.content.decode()
    assert WebhookEndpoint.objects.get().secret_encrypted == endpoint.secret_encrypted
    assert "Webhooks" not in client.get(reverse("dashboard:home")).content.decode()


def test_anonymous_visitors_go_to_sign_in():
    response = Client().get(reverse("webhooks:list"))
    assert response.status_code == 302 and "login" in response["Location"]
