"""Forms for the staff account pages: shape only; services do the writes."""

import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from .roles import ROLES, is_active_staff


class EmailAuthenticationForm(AuthenticationForm):
    """Email + password. The lockout (django-axes, apps.accounts.lockout) sits in
    `authenticate`, so this form, the admin's and the API login share it."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That email and password do not match an account. Check both and try again."
        ),
        "not_staff": (
            "This account cannot use the staff pages. Ask an administrator for access."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "maxlength": 254}
        )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_active_staff(user):
            raise forms.ValidationError(
                self.error_messages["not_staff"], code="not_staff"
            )


def _end_of_day(day: dt.date | None) -> dt.datetime | None:
    """A key set to expire on a date stays usable through that whole day.

    The day ends at midnight local time.
    """
    if day is None:
        return None
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight)


class ApiKeyCreateForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        required=False,
        help_text="What uses this key, e.g. “Accounting sync”.",
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        help_text="Optional. The key works through the end of this day.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    read_only = forms.BooleanField(
        required=False,
        label="Read-only",
        help_text="The key can read but never change anything, whatever your role.",
    )

    @property
    def expires_at(self) -> dt.datetime | None:
        return _end_of_day(self.cleaned_data.get("expires_on"))


class ApiKeyExpiryForm(forms.Form):
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        help_text="Leave empty for no expiry.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and _end_of_day(day) <= timezone.now():
            raise forms.ValidationError("Choose today or a later date.")
        return day

    @property
    def expires_at(self) -> dt.datetime | None:
        return _end_of_day(self.cleaned_data.get("expires_on"))


class SecondFactorCodeForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows, or a recovery code.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
            }
        ),
    )


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label="Email", max_length=254)
    full_name = forms.CharField(label="Name", max_length=150, required=False)
    role = forms.ChoiceField(
        choices=[(role, role) for role in ROLES], initial=ROLES[-1]
    )


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(choices=[(role, role) for role in ROLES])


class AccountPolicyForm(forms.Form):
    require_second_factor = forms.BooleanField(
        required=False,
        label="Require a second factor for everyone",
        help_text="Users without one are asked to set it up at their next page.",
    )
