"""Forms for the staff account pages: shape only; services do the writes."""

import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from .roles import is_active_staff
from .selectors import login_is_locked_out
from .services import login_failure_record, login_failures_clear


class EmailAuthenticationForm(AuthenticationForm):
    """Email + password, with the same lockout the API login uses."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That email and password do not match an account. Check both and try again."
        ),
        "not_staff": (
            "This account cannot use the staff pages. Ask an administrator for access."
        ),
        "locked_out": (
            "Too many failed sign-ins for this email. Wait 15 minutes and try again."
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

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip()
        if email and login_is_locked_out(email=email):
            raise forms.ValidationError(
                self.error_messages["locked_out"], code="locked_out"
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email:
                login_failure_record(email=email, ip_address=_client_ip(self.request))
            raise
        login_failures_clear(email=email)
        return cleaned


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


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
