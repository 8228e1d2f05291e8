"""Staff user management for Admins (invite, change role, deactivate), audited."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from apps.accounts.models import LoginToken, User, UserEvent
from apps.accounts.roles import ADMIN, BILLING, VIEWER, user_role
from apps.accounts.services import login_token_create
from apps.accounts.staff_users import (
    staff_user_deactivate,
    staff_user_invite,
    staff_user_role_change,
)
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_user_invite_creates_a_passwordless_user_and_mails_a_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    admin = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user = staff_user_invite(
            email=" New@Example.com ", full_name="Nia", role=BILLING, by=admin
        )
    assert user.email == "new@example.com" and user.is_staff and user.is_active
    assert not user.has_usable_password() and user_role(user) == BILLING
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new@example.com"]
    event = UserEvent.objects.get(kind=UserEvent.Kind.INVITED)
    assert (event.user, event.actor, event.detail) == (user, admin, "as Billing")
    # the link sets the password, then the user signs in
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mailoutbox[0].body)[1]
    client = Client()
    page = client.get(path, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "chosen-secret-42x", "new_password2": "chosen-secret-42x"},
    )
    response = client.post(
        reverse("accounts:login"),
        {"username": "new@example.com", "password": "chosen-secret-42x"},
    )
    assert response.status_code == 302


def test_staff_user_invite_refuses_an_existing_email_and_non_admins():
    admin = UserFactory(email="taken@example.com")
    with pytest.raises(ValidationError) as caught:
        staff_user_invite(email="TAKEN@example.com", role=VIEWER, by=admin)
    assert "email" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        staff_user_invite(
            email="x@example.com", role=VIEWER, by=UserFactory(role=BILLING)
        )
    assert not User.objects.filter(email="x@example.com").exists()


def test_staff_user_role_change_is_recorded_and_keeps_an_admin():
    admin = UserFactory()
    user = UserFactory(role=VIEWER)
    staff_user_role_change(user=user, role=BILLING, by=admin)
    assert user_role(User.objects.get(pk=user.pk)) == BILLING
    event = UserEvent.objects.get(kind=UserEvent.Kind.ROLE_CHANGED)
    assert event.detail == "Viewer -> Billing" and event.actor == admin
    with pytest.raises(ValidationError):
        staff_user_role_change(user=admin, role=VIEWER, by=admin)  # the only Admin
    assert user_role(User.objects.get(pk=admin.pk)) == ADMIN


def test_staff_user_deactivate_stops_every_sign_in():
    admin = UserFactory()
    user = UserFactory(email="leaver@example.com")
    token = login_token_create(user=user)
    staff_user_deactivate(user=user, by=admin)
    user.refresh_from_db()
    assert not user.is_active and not LoginToken.objects.filter(user=user).exists()
    assert UserEvent.objects.filter(kind=UserEvent.Kind.DEACTIVATED, user=user).exists()
    client = Client()
    client.post(
        reverse("accounts:login"),
        {"username": "leaver@example.com", "password": "correct-horse-battery"},
    )
    assert "_auth_user_id" not in client.session
    api = Client().get("/api/v1/invoices", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 401
    with pytest.raises(ValidationError):
        staff_user_deactivate(user=admin, by=admin)


def test_users_page_is_for_admins_only(client):
    client.force_login(UserFactory(role=BILLING))
    assert client.get(reverse("accounts:users")).status_code == 403
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:users"))
    assert page.status_code == 200 and b"Invite a user" in page.content


def test_users_pages_invite_change_role_and_deactivate(
    staff_client, staff_user, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("accounts:user-invite"),
            {"email": "new@example.com", "full_name": "", "role": VIEWER},
        )
    assert response.status_code == 302 and len(mailoutbox) == 1
    new = User.objects.get(email="new@example.com")
    staff_client.post(reverse("accounts:user-role", args=[new.pk]), {"role": BILLING})
    assert user_role(User.objects.get(pk=new.pk)) == BILLING
    staff_client.post(reverse("accounts:user-deactivate", args=[new.pk]))
    new.refresh_from_db()
    assert not new.is_active
    page = staff_client.get(reverse("accounts:users")).content.decode()
    assert "Deactivated" in page and "Role changed" in page and "Invited" in page
    refused = staff_client.post(
        reverse("accounts:user-invite"),
        {"email": "new@example.com", "full_name": "", "role": VIEWER},
    )
    assert refused.status_code == 400 and b"already has an account" in refused.content


def test_the_account_trail_is_read_only_in_the_admin(admin_client):
    admin = UserFactory()
    staff_user_role_change(user=UserFactory(role=VIEWER), role=BILLING, by=admin)
    event = UserEvent.objects.get()
    listing = admin_client.get(reverse("admin:accounts_userevent_changelist"))
    assert listing.status_code == 200 and b"Role changed" in listing.content
    change = reverse("admin:accounts_userevent_change", args=[event.pk])
    admin_client.post(change, {"detail": "rewritten"})
    event.refresh_from_db()
    assert event.detail == "Viewer -> Billing"
    assert admin_client.get(reverse("admin:accounts_userevent_add")).status_code == 403
