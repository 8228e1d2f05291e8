"""TOTP second factor with recovery codes; the sign-in's second step; the account
policy; the admin's second factor."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import UserEvent
from apps.accounts.roles import BILLING
from apps.accounts.second_factor import (
    account_policy_get,
    account_policy_set,
    recovery_codes_replace,
    second_factor_confirm,
    second_factor_disable,
    second_factor_start,
    second_factor_verify,
    totp_qr_svg,
    user_has_second_factor,
    user_must_set_up_second_factor,
)
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (offset in 30-second steps)."""
    return f"{totp(device.bin_key, step=device.step, drift=offset):06d}"


def _unthrottle():
    """django-otp waits after a wrong code; tests that go on at once clear it."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


def _turn_on(user):
    device = second_factor_start(user=user)
    return second_factor_confirm(user=user, device=device, token=code_for(device))


# ---- services -------------------------------------------------------------------


def test_second_factor_confirm_needs_a_code_from_the_new_device():
    user = UserFactory()
    device = second_factor_start(user=user)
    assert not user_has_second_factor(user)
    with pytest.raises(ValidationError) as caught:
        second_factor_confirm(user=user, device=device, token="000000")
    assert "token" in caught.value.message_dict
    assert not user_has_second_factor(user)


def test_second_factor_confirm_turns_it_on_with_ten_hashed_recovery_codes():
    user = UserFactory()
    device, codes = _turn_on(user)
    assert device.confirmed and user_has_second_factor(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10 and not stored & set(codes)  # only digests are kept
    assert UserEvent.objects.filter(
        user=user, kind=UserEvent.Kind.SECOND_FACTOR_ON
    ).exists()


def test_second_factor_start_reuses_the_pending_key():
    user = UserFactory()
    assert second_factor_start(user=user).pk == second_factor_start(user=user).pk


def test_second_factor_verify_takes_app_codes_once_and_recovery_codes_once():
    user = UserFactory()
    device, codes = _turn_on(user)
    assert second_factor_verify(user=user, token=code_for(device, offset=1)) == device
    assert second_factor_verify(user=user, token="123") is None
    _unthrottle()
    recovery = codes[0]
    assert second_factor_verify(user=user, token=recovery.upper()) is not None
    assert second_factor_verify(user=user, token=recovery) is None  # used up
    assert StaticToken.objects.count() == 9


def test_a_wrong_code_makes_the_next_wait():
    user = UserFactory()
    device, _ = _turn_on(user)
    assert second_factor_verify(user=user, token="000000") is None
    assert second_factor_verify(user=user, token=code_for(device, offset=1)) is None
    _unthrottle()
    assert second_factor_verify(user=user, token=code_for(device, offset=1)) == device


def test_an_app_code_is_accepted_once():
    user = UserFactory()
    device, _ = _turn_on(user)
    code = code_for(device, offset=1)
    assert second_factor_verify(user=user, token=code) == device
    assert second_factor_verify(user=user, token=code) is None


def test_recovery_codes_replace_retires_the_old_ones():
    user = UserFactory()
    _, old = _turn_on(user)
    new = recovery_codes_replace(user=user)
    assert second_factor_verify(user=user, token=old[1]) is None
    _unthrottle()
    assert second_factor_verify(user=user, token=new[1]) is not None


def test_second_factor_disable_needs_a_code_and_is_refused_when_required():
    user = UserFactory()
    device, codes = _turn_on(user)
    with pytest.raises(ValidationError):
        second_factor_disable(user=user, token="000000", by=user)
    account_policy_set(require_second_factor=True, by=UserFactory())
    with pytest.raises(ValidationError):
        second_factor_disable(user=user, token=codes[0], by=user)
    account_policy_set(require_second_factor=False, by=UserFactory())
    second_factor_disable(user=user, token=codes[1], by=user)
    assert not user_has_second_factor(user)
    assert not StaticToken.objects.exists()


def test_account_policy_set_is_for_admins_and_recorded():
    with pytest.raises(PermissionDenied):
        account_policy_set(require_second_factor=True, by=UserFactory(role=BILLING))
    admin = UserFactory()
    account_policy_set(require_second_factor=True, by=admin)
    assert account_policy_get().require_second_factor
    event = UserEvent.objects.get(kind=UserEvent.Kind.POLICY_CHANGED)
    assert event.actor == admin and "required" in event.detail
    user = UserFactory()
    assert user_must_set_up_second_factor(user)
    _turn_on(user)
    assert not user_must_set_up_second_factor(user)


def test_totp_qr_svg_is_inline_svg_of_the_otpauth_uri():
    device = second_factor_start(user=UserFactory())
    svg = totp_qr_svg(device)
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg and "svg:" not in svg
    assert "<path" in svg  # drawn as one path HTML renders inline
    assert device.config_url.startswith("otpauth://totp/Remit")


# ---- the sign-in's second step --------------------------------------------------


def _password_step(client, email, next_url=""):
    data = {"username": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_sign_in_asks_for_the_code_after_the_password():
    user = UserFactory(email="ada@example.com")
    device, _ = _turn_on(user)
    client = Client(enforce_csrf_checks=False)
    response = _password_step(client, "ada@example.com")
    assert response["Location"] == reverse("accounts:login-verify")
    assert "_auth_user_id" not in client.session  # not signed in yet
    assert client.get(reverse("dashboard:home")).status_code == 302
    response = client.post(reverse("accounts:login-verify"), {"token": "000000"})
    assert response.status_code == 200 and b"not right" in response.content
    assert "_auth_user_id" not in client.session
    _unthrottle()
    response = client.post(
        reverse("accounts:login-verify"), {"token": code_for(device, offset=1)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_sign_in_takes_a_recovery_code_and_keeps_next():
    user = UserFactory(email="ada@example.com")
    _, codes = _turn_on(user)
    client = Client()
    _password_step(client, "ada@example.com", next_url="/invoices/")
    response = client.post(reverse("accounts:login-verify"), {"token": codes[3]})
    assert response["Location"] == "/invoices/"


def test_the_code_step_needs_the_password_step_first():
    response = Client().get(reverse("accounts:login-verify"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_a_session_from_before_the_second_factor_is_signed_out():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get(reverse("dashboard:home")).status_code == 200
    _turn_on(user)  # elsewhere
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_when_required_a_user_without_one_is_sent_to_set_it_up():
    account_policy_set(require_second_factor=True, by=UserFactory())
    client = Client()
    client.force_login(UserFactory())
    for path in (reverse("dashboard:home"), "/admin/", reverse("invoices:list")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("accounts:second-factor-setup")
    assert client.get(reverse("accounts:second-factor-setup")).status_code == 200


# ---- the settings pages -----------------------------------------------------------


def test_turning_it_on_from_the_settings_page_shows_codes_once(
    staff_client, staff_user
):
    page = staff_client.get(reverse("accounts:second-factor-setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'src="http' not in html  # drawn here, nothing fetched
    device = TOTPDevice.objects.get(user=staff_user, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', html).group(1)
    assert secret  # the key as text, for typing in
    response = staff_client.post(
        reverse("accounts:second-factor-setup"), {"token": code_for(device)}
    )
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert "no-store" in response["Cache-Control"]
    for cookie in response.cookies.values():
        assert not any(code in cookie.value for code in codes)
    # this session is verified, so the staff pages stay open
    assert staff_client.get(reverse("dashboard:home")).status_code == 200
    security = staff_client.get(reverse("accounts:security")).content.decode()
    assert not any(code in security for code in codes)


def test_a_wrong_first_code_keeps_it_off(staff_client, staff_user):
    staff_client.get(reverse("accounts:second-factor-setup"))
    response = staff_client.post(
        reverse("accounts:second-factor-setup"), {"token": "000000"}
    )
    assert response.status_code == 400
    assert not user_has_second_factor(staff_user)


def test_an_admin_requires_it_for_everyone_from_the_users_page(staff_client):
    response = staff_client.post(
        reverse("accounts:policy"), {"require_second_factor": "on"}
    )
    assert response.status_code == 302
    assert account_policy_get().require_second_factor


def test_a_billing_user_cannot_change_the_policy(client):
    client.force_login(UserFactory(role=BILLING))
    response = client.post(reverse("accounts:policy"), {"require_second_factor": "on"})
    assert response.status_code == 403
    assert not account_policy_get().require_second_factor


# ---- the admin ---------------------------------------------------------------------


def _admin_sign_in(client, email, token=""):
    return client.post(
        "/admin/login/",
        {
            "username": email,
            "password": PASSWORD,
            "otp_token": token,
            "next": "/admin/",
        },
    )


def test_the_admin_asks_for_the_code_of_a_user_who_has_one():
    user = UserFactory(email="ada@example.com")
    device, _ = _turn_on(user)
    client = Client()
    response = _admin_sign_in(client, "ada@example.com")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = _admin_sign_in(client, "ada@example.com", token="000000")
    assert "_auth_user_id" not in client.session
    _unthrottle()
    response = _admin_sign_in(
        client, "ada@example.com", token=code_for(device, offset=1)
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_signs_in_a_user_without_one_by_password():
    UserFactory(email="bob@example.com")
    client = Client()
    assert _admin_sign_in(client, "bob@example.com").status_code == 302
    assert client.get("/admin/").status_code == 200


# ---- FusionInvoice's login: no second page, so the code rides along ------------------


def _api_login(email, **extra):
    return Client(enforce_csrf_checks=True).post(
        "/api/v1/login",
        {"email": email, "password": PASSWORD, **extra},
        content_type="application/json",
    )


def test_the_api_login_needs_the_code_of_a_user_who_has_one():
    user = UserFactory(email="ada@example.com")
    device, _ = _turn_on(user)
    assert _api_login("ada@example.com").status_code == 401
    _unthrottle()
    assert _api_login("ada@example.com", otp_token="000000").status_code == 401
    _unthrottle()
    response = _api_login("ada@example.com", otp_token=code_for(device, offset=1))
    assert response.status_code == 200 and "|" in response.json()["token"]


def test_the_api_login_follows_the_policy_for_users_without_one():
    UserFactory(email="bob@example.com")
    assert _api_login("bob@example.com").status_code == 200
    account_policy_set(require_second_factor=True, by=UserFactory())
    assert _api_login("bob@example.com").status_code == 401
