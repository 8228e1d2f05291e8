"""The endpoint form: shape only; the rules (URL, events) are in the services."""

from django import forms

from apps.core.events import EVENTS

from .models import WebhookEndpoint


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(
        label="URL",
        max_length=500,
        help_text="Where Remit POSTs each event (https:// in production).",
    )
    description = forms.CharField(max_length=200, required=False)
    dialect = forms.ChoiceField(
        label="Payload shape",
        choices=WebhookEndpoint.Dialect.choices,
        help_text="Whose API the event's invoice, payment or quote looks like.",
    )
    events = forms.MultipleChoiceField(
        choices=[(name, name) for name in EVENTS],
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label="Active", required=False, initial=True)
