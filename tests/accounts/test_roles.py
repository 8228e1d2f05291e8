"""The role rules by name: user_role, user_can, require, the groups and their Django
permissions, the MANAGE services, create_staff and the demo users."""

import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from apps.accounts.models import ApiKey, User
from apps.accounts.roles import (
    ADMIN,
    BILLING,
    MANAGE,
    READ,
    VIEWER,
    WRITE,
    require,
    user_can,
    user_role,
)
from apps.accounts.services import (
    DEMO_PASSWORD,
    api_key_create,
    api_key_revoke,
    api_key_set_expiry,
    demo_users_create,
    role_groups_sync,
    staff_user_create,
    user_role_set,
)
from apps.companies.models import CompanyProfile
from apps.companies.services import company_profile_create, company_profile_update
from apps.invoices.models import TaxRate
from apps.invoices.services import tax_rate_create, tax_rate_update
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (ADMIN, {READ, WRITE, MANAGE}),
        (BILLING, {READ, WRITE}),
        (VIEWER, {READ}),
    ],
)
def test_user_can_follows_the_capability_table(role, allowed):
    user = UserFactory(role=role)
    assert user_role(user) == role
    assert {c for c in (READ, WRITE, MANAGE) if user_can(user, c)} == allowed


def test_user_role_superuser_is_admin_even_in_no_group():
    user = UserFactory(role=VIEWER, is_superuser=True)
    assert user_role(user) == ADMIN and user_can(user, MANAGE)


def test_user_role_staff_in_no_group_is_viewer():
    user = UserFactory()
    user.groups.clear()
    user = User.objects.get(pk=user.pk)
    assert user_role(user) == VIEWER
    assert not user_can(user, WRITE)


def test_user_role_strongest_group_wins():
    user = UserFactory(role=VIEWER)
    user.groups.add(Group.objects.get(name=BILLING))
    assert user_role(User.objects.get(pk=user.pk)) == BILLING


@pytest.mark.parametrize(
    "changes", [{"is_active": False}, {"is_staff": False}], ids=["inactive", "no-staff"]
)
def test_user_role_none_for_inactive_or_non_staff_even_admin(changes):
    user = UserFactory(role=ADMIN, is_superuser=True, **changes)
    assert user_role(user) is None
    assert not any(user_can(user, c) for c in (READ, WRITE, MANAGE))


def test_user_can_anonymous_and_none_can_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    for user in (None, AnonymousUser()):
        assert user_role(user) is None and not user_can(user, READ)


def test_require_names_the_role_needed():
    viewer = UserFactory(role=VIEWER)
    with pytest.raises(
        PermissionDenied, match="Billing or Admin role; you are a Viewer"
    ):
        require(viewer, WRITE)
    billing = UserFactory(role=BILLING)
    with pytest.raises(PermissionDenied, match="the Admin role; you are a Billing"):
        require(billing, MANAGE)
    require(billing, WRITE)  # no exception


def test_user_role_set_replaces_the_role_and_refuses_unknown():
    user = UserFactory(role=VIEWER)
    user_role_set(user=user, role=BILLING)
    assert list(user.groups.values_list("name", flat=True)) == [BILLING]
    assert user_role(user) == BILLING
    with pytest.raises(ValidationError) as exc:
        user_role_set(user=user, role="Owner")
    assert "role" in exc.value.message_dict


def test_user_role_set_needs_manage():
    with pytest.raises(PermissionDenied):
        user_role_set(
            user=UserFactory(role=VIEWER), role=ADMIN, by=UserFactory(role=BILLING)
        )


# ---- groups and Django permissions (the admin) -----------------------------------


def test_role_groups_hold_the_django_permissions_of_the_table():
    role_groups_sync()
    viewer = UserFactory(role=VIEWER)
    billing = UserFactory(role=BILLING)
    admin = UserFactory(role=ADMIN)  # not a superuser: the group alone
    assert viewer.has_perm("invoices.view_invoice")
    assert viewer.has_perm("accounts.view_apikey")
    assert not viewer.has_perm("clients.add_client")
    assert billing.has_perm("clients.add_client")
    assert billing.has_perm("payments.change_payment")
    assert billing.has_perm("quotes.delete_quote")
    assert billing.has_perm("invoices.view_taxrate")
    for perm in (
        "invoices.add_taxrate",
        "companies.change_companyprofile",
        "core.add_customfield",
        "accounts.add_apikey",
        "accounts.change_user",
        "auth.change_group",
    ):
        assert not billing.has_perm(perm), perm
        assert admin.has_perm(perm), perm


def test_migration_puts_existing_staff_in_admin():
    migration = importlib.import_module("apps.accounts.migrations.0003_role_groups")
    staff = UserFactory()
    staff.groups.clear()
    outsider = UserFactory(is_staff=False)
    outsider.groups.clear()
    migration.create_groups(apps, None)
    assert set(Group.objects.values_list("name", flat=True)) >= {ADMIN, BILLING, VIEWER}
    assert user_role(User.objects.get(pk=staff.pk)) == ADMIN
    assert not outsider.groups.exists()


# ---- MANAGE services --------------------------------------------------------------


@pytest.mark.parametrize("role", [BILLING, VIEWER])
def test_api_key_services_need_manage(role):
    by = UserFactory(role=role)
    with pytest.raises(PermissionDenied, match="Admin role"):
        api_key_create(user=by, by=by)
    assert not ApiKey.objects.exists()
    key = api_key_create(user=by).api_key  # the operator's shell (by=None)
    with pytest.raises(PermissionDenied):
        api_key_revoke(api_key=key, by=by)
    with pytest.raises(PermissionDenied):
        api_key_set_expiry(api_key=key, expires_at=None, by=by)
    key.refresh_from_db()
    assert key.revoked_at is None


def test_api_key_create_by_admin_for_another_user_read_only():
    admin, billing = UserFactory(role=ADMIN), UserFactory(role=BILLING)
    issued = api_key_create(user=billing, read_only=True, by=admin)
    assert issued.api_key.user == billing and issued.api_key.read_only


@pytest.mark.parametrize("role", [BILLING, VIEWER])
def test_settings_services_need_manage(role):
    by = UserFactory(role=role)
    with pytest.raises(PermissionDenied):
        company_profile_create(name="Northwind", by=by)
    with pytest.raises(PermissionDenied):
        tax_rate_create(name="VAT", percent="20", by=by)
    assert not CompanyProfile.objects.exists() and not TaxRate.objects.exists()
    admin = UserFactory(role=ADMIN)
    profile = company_profile_create(name="Northwind", by=admin)
    rate = tax_rate_create(name="VAT", percent="20", by=admin)
    with pytest.raises(PermissionDenied):
        company_profile_update(profile=profile, name="Other", by=by)
    with pytest.raises(PermissionDenied):
        tax_rate_update(tax_rate=rate, name="Other", by=by)
    profile.refresh_from_db()
    rate.refresh_from_db()
    assert (profile.name, rate.name) == ("Northwind", "VAT")


# ---- create_staff, create_api_key --read-only, the demo users -----------------------


@pytest.mark.parametrize(("flag", "role"), [("admin", ADMIN), ("billing", BILLING)])
def test_create_staff_reads_the_password_from_the_environment(monkeypatch, flag, role):
    monkeypatch.setenv("REMIT_NEW_PASSWORD", "a-long-enough-secret")
    out = io.StringIO()
    call_command("create_staff", "New@Example.com", "--role", flag, stdout=out)
    user = User.objects.get(email="new@example.com")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert user.check_password("a-long-enough-secret")
    assert user_role(user) == role
    assert role in out.getvalue()


def test_create_staff_refuses_a_duplicate_and_a_weak_password(monkeypatch):
    monkeypatch.setenv("REMIT_NEW_PASSWORD", "a-long-enough-secret")
    UserFactory(email="taken@example.com")
    with pytest.raises(CommandError, match="exists"):
        call_command("create_staff", "taken@example.com", "--role", "viewer")
    monkeypatch.setenv("REMIT_NEW_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_staff", "weak@example.com", "--role", "viewer")
    assert not User.objects.filter(email="weak@example.com").exists()


def test_create_staff_without_the_variable_or_a_terminal_asks_for_one(monkeypatch):
    monkeypatch.delenv("REMIT_NEW_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(CommandError, match="REMIT_NEW_PASSWORD"):
        call_command("create_staff", "x@example.com", "--role", "viewer")


def test_create_staff_prompts_twice(monkeypatch):
    monkeypatch.delenv("REMIT_NEW_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    answers = iter(["a-long-enough-secret", "a-long-enough-secret"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command(
        "create_staff", "p@example.com", "--role", "viewer", stdout=io.StringIO()
    )
    assert user_role(User.objects.get(email="p@example.com")) == VIEWER


def test_createsuperuser_makes_an_admin():
    user = User.objects.create_superuser("root@example.com", "x")
    assert user_role(user) == ADMIN


def test_staff_user_create_needs_manage():
    with pytest.raises(PermissionDenied):
        staff_user_create(
            email="a@example.com",
            password="a-long-enough-secret",
            role=ADMIN,
            by=UserFactory(role=BILLING),
        )


def test_create_api_key_read_only_flag():
    import json

    user = UserFactory(role=BILLING)
    out = io.StringIO()
    call_command("create_api_key", user.email, "--read-only", stdout=out)
    assert set(json.loads(out.getvalue())) == {"key", "api_key", "private_key"}
    assert ApiKey.objects.get(user=user).read_only


def test_demo_users_create_one_of_each_role_and_is_repeatable():
    demo_users_create()
    users = demo_users_create()
    roles = {u.email: user_role(User.objects.get(pk=u.pk)) for u in users}
    assert roles == {
        "demo@remit.local": ADMIN,
        "billing@remit.local": BILLING,
        "viewer@remit.local": VIEWER,
    }
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    assert User.objects.filter(email__endswith="@remit.local").count() == 3
