"""Staff forms for payments. They check shape only; the services hold every rule."""

import uuid

from django import forms

from apps.core.forms import CustomFieldsFormMixin

from .models import Payment

_MONEY = {"max_digits": 20, "decimal_places": 4}


class PaymentRecordForm(CustomFieldsFormMixin, forms.Form):
    custom_module = "payments"

    METHODS = [
        (Payment.Method.CASH, "Cash"),
        (Payment.Method.CHECK, "Check"),
        (Payment.Method.MAIL, "Mailed payment"),
        (Payment.Method.ACH, "ACH / bank transfer"),
        (Payment.Method.CARD, "Card (taken elsewhere)"),
        (Payment.Method.OTHER, "Other"),
    ]

    amount = forms.DecimalField(
        **_MONEY, widget=forms.NumberInput(attrs={"step": "any"})
    )
    tip = forms.DecimalField(
        **_MONEY,
        label="Tip",
        required=False,
        initial=0,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    method = forms.ChoiceField(choices=METHODS, initial=Payment.Method.CHECK)
    paid_at = forms.DateField(
        label="Date received",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reference = forms.CharField(
        max_length=100, required=False, help_text="Check number, transfer id..."
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # One key per rendered form: a double-submitted form records one payment.
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, max_length=100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", f"staff-{uuid.uuid4().hex}")

    def to_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["custom"] = self.custom_values(data)
        data["tip"] = data.get("tip") or 0
        data["idempotency_key"] = data.get("idempotency_key") or None
        return data
