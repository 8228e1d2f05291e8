"""The hosted page's pay form: shape only (numbers parse, card and bank details
via `card_clean` / `ach_clean`). Whether the payer may be charged (minimum, tip,
balance seen, method) is `payment_charge_check`'s decision, the same as for every
other door; the view maps its errors onto these fields.

Card number and CVC are never rendered back into a page (see `SecretInput`), and
a percentage tip is computed here from the amount, never taken from the page's total.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from apps.core.money import ZERO, minor_digits, money
from apps.invoices.calculations import tip_for_percent
from apps.invoices.models import Invoice, PaymentMethod

from .gateways import gateway_takes_raw_details
from .gateways.base import ach_clean, card_clean
from .services import payment_minimum

TIP_PERCENTS = (Decimal("10"), Decimal("15"), Decimal("20"))
ONE_TIME_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
EXPIRED = "This form has expired; reload the page and try again."
SENSITIVE_FIELDS = (
    "card_number",
    "card_expiry",
    "card_cvc",
    "routing_number",
    "account_number",
)


class SecretInput(forms.TextInput):
    """A text box that never echoes what was typed, even after a validation error."""

    def format_value(self, value):
        return None


class PublicPayForm(forms.Form):
    method = forms.ChoiceField(choices=[], widget=forms.RadioSelect)
    amount = forms.DecimalField(
        required=False, decimal_places=4, max_digits=20, label="Amount to pay"
    )
    tip_choice = forms.ChoiceField(
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("none", "No tip"),
            *((str(p), f"{p}%") for p in TIP_PERCENTS),
            ("custom", "Other amount"),
        ],
        initial="none",
    )
    tip_custom = forms.DecimalField(
        required=False, decimal_places=4, max_digits=20, label="Tip amount"
    )
    card_name = forms.CharField(required=False, max_length=100, label="Name on card")
    card_number = forms.CharField(
        required=False,
        max_length=30,
        label="Card number",
        widget=SecretInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    card_expiry = forms.CharField(
        required=False,
        max_length=7,
        label="Expiry (MM/YY)",
        widget=SecretInput(attrs={"autocomplete": "cc-exp", "placeholder": "MM/YY"}),
    )
    card_cvc = forms.CharField(
        required=False,
        max_length=4,
        label="Security code (CVC)",
        widget=SecretInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}),
    )
    account_name = forms.CharField(
        required=False, max_length=100, label="Account holder name"
    )
    routing_number = forms.CharField(
        required=False,
        max_length=9,
        label="Routing number",
        widget=SecretInput(attrs={"inputmode": "numeric"}),
    )
    account_number = forms.CharField(
        required=False,
        max_length=17,
        label="Account number",
        widget=SecretInput(attrs={"inputmode": "numeric"}),
    )
    account_type = forms.ChoiceField(
        required=False,
        choices=[("checking", "Checking"), ("savings", "Savings")],
        initial="checking",
    )
    one_time_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # The balance the page showed: without partial payment the payer agrees to pay
    # exactly that, so the service refuses a charge if it changed since.
    balance_seen = forms.DecimalField(
        widget=forms.HiddenInput,
        decimal_places=4,
        max_digits=20,
        error_messages=dict.fromkeys(
            ("required", "invalid", "max_digits", "max_decimal_places"), EXPIRED
        ),
    )

    def __init__(self, *args, invoice: Invoice, unsettled=ZERO, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice = invoice
        online = (PaymentMethod.CARD, PaymentMethod.ACH)
        methods = [m for m in online if m in invoice.payment_methods]
        # Any online method parses; the radios offer the invoice's own, and the
        # service refuses one the invoice does not accept.
        self.fields["method"].choices = [(m.value, m.label) for m in online]
        self.fields["method"].widget.choices = [(m.value, m.label) for m in methods]
        if methods:
            self.fields["method"].initial = methods[0].value
        step = Decimal(1).scaleb(-minor_digits(invoice.currency))
        # what the payer may pay now: the balance less money being confirmed
        balance = money(max(invoice.balance - unsettled, ZERO), invoice.currency)
        minimum = payment_minimum(invoice=invoice)
        self.fields["amount"].widget.attrs.update(
            {"min": str(minimum), "max": str(balance), "step": str(step)}
        )
        self.fields["amount"].initial = balance
        self.fields["balance_seen"].initial = balance
        self.minimum = minimum
        self.fields["tip_custom"].widget.attrs.update({"min": "0", "step": str(step)})
        # Methods whose details the gateway's own form takes (Stripe): none here.
        self.gateway_form_methods = [
            m.value for m in online if not gateway_takes_raw_details(m.value)
        ]

    @property
    def tip_percents(self):
        return TIP_PERCENTS

    def clean_one_time_key(self) -> str:
        key = self.cleaned_data["one_time_key"]
        if not ONE_TIME_KEY_RE.match(key):
            raise ValidationError(EXPIRED)
        return key

    def _amount(self) -> Decimal | None:
        """The posted amount; without partial payment, the balance if none was
        posted (the page shows no amount box then). Whether it may be charged is
        the payment service's decision."""
        amount = self.cleaned_data.get("amount")
        if amount is None and not self.invoice.allow_partial_payment:
            return self.invoice.balance
        return amount

    def _tip(self, amount: Decimal | None) -> Decimal:
        """The tip as chosen: a percentage of the amount, or a typed amount."""
        choice = self.cleaned_data.get("tip_choice") or "none"
        if choice == "none":
            return ZERO
        if choice == "custom":
            return self.cleaned_data.get("tip_custom") or ZERO
        if amount is None:
            return ZERO  # the amount's own error says what to fix
        return tip_for_percent(
            amount=amount, percent=Decimal(choice), currency=self.invoice.currency
        )

    def _details(self, method: str):
        if method in self.gateway_form_methods:
            return None  # entered on the gateway's form, never posted here
        data = self.cleaned_data
        try:
            if method == PaymentMethod.CARD:
                return card_clean(
                    number=data.get("card_number", ""),
                    expiry=data.get("card_expiry", ""),
                    cvc=data.get("card_cvc", ""),
                    name=data.get("card_name", ""),
                )
            return ach_clean(
                routing_number=data.get("routing_number", ""),
                account_number=data.get("account_number", ""),
                account_type=data.get("account_type", ""),
                name=data.get("account_name", ""),
            )
        except ValidationError as exc:
            renamed = {"expiry": "card_expiry", "cvc": "card_cvc"}
            for field, messages in exc.message_dict.items():
                self.add_error(renamed.get(field, field), messages)
        return None

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if not method:
            return data
        data["amount"] = self._amount()
        data["tip"] = self._tip(data["amount"])
        details = self._details(method)
        data["card"] = details if method == PaymentMethod.CARD else None
        data["ach"] = details if method == PaymentMethod.ACH else None
        return data
