"""The admin site with the second factor: a user who turned it on types a code at
the admin's sign-in too, and a session not verified with it is not let in. Users
without one sign in with their password, unless the account policy requires one
(then SecondFactorMiddleware sends them to set it up). The lockout is the same as
everywhere: it sits in `authenticate`."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp.admin import OTPAdminSite

from .second_factor import second_factor_verify, user_has_second_factor


class AdminSignInForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        required=False,
        label="Second-factor code",
        help_text="Only if you turned on a second factor: your app's 6-digit code, "
        "or a recovery code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_second_factor(user):
            device = second_factor_verify(
                user=user, token=cleaned.get("otp_token") or ""
            )
            if device is None:
                raise forms.ValidationError(
                    "Enter the current code from your authenticator app "
                    "(or a recovery code).",
                    code="otp_token",
                )
            user.otp_device = device  # django-otp keeps it in the session at login
        return cleaned


class RemitAdminSite(OTPAdminSite):
    login_form = AdminSignInForm
    login_template = "accounts/admin_login.html"

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def has_permission(self, request) -> bool:
        user = request.user
        return super(OTPAdminSite, self).has_permission(request) and (
            user.is_verified() or not user_has_second_factor(user)
        )
