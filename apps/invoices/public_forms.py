"""The hosted page's pay form: shape checks and card/bank checks before any gateway.

Card number and CVC are never rendered back into a page (see `SecretInput`), and
the amounts are recomputed here from the invoice, never taken from the page's total.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from apps.core.money import ZERO, minor_digits, money
from apps.payments.gateways.base import ach_clean, card_clean

from .calculations import tip_for_percent
from .models import Invoice, PaymentMethod

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


def _minimum(invoice: Invoice) -> Decimal:
    return min(Decimal(1), invoice.balance)


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
        required=False, decimal_places=4, max_digits=20, min_value=0, label="Tip amount"
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
    # The balance the page showed: without partial payment the customer agrees to pay
    # exactly that, so a balance changed since (staff edited the invoice) is refused.
    balance_seen = forms.DecimalField(
        widget=forms.HiddenInput,
        decimal_places=4,
        max_digits=20,
        error_messages=dict.fromkeys(
            ("required", "invalid", "max_digits", "max_decimal_places"), EXPIRED
        ),
    )

    def __init__(self, *args, invoice: Invoice, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice = invoice
        methods = [
            m
            for m in (PaymentMethod.CARD, PaymentMethod.ACH)
            if m in invoice.payment_methods
        ]
        self.fields["method"].choices = [(m.value, m.label) for m in methods]
        if methods:
            self.fields["method"].initial = methods[0].value
        step = Decimal(1).scaleb(-minor_digits(invoice.currency))
        balance = money(invoice.balance, invoice.currency)
        minimum = money(_minimum(invoice), invoice.currency)
        self.fields["amount"].widget.attrs.update(
            {"min": str(minimum), "max": str(balance), "step": str(step)}
        )
        self.fields["amount"].initial = balance
        self.fields["balance_seen"].initial = balance
        self.minimum = minimum
        self.fields["tip_custom"].widget.attrs.update({"min": "0", "step": str(step)})

    @property
    def tip_percents(self):
        return TIP_PERCENTS

    def clean_one_time_key(self) -> str:
        key = self.cleaned_data["one_time_key"]
        if not ONE_TIME_KEY_RE.match(key):
            raise ValidationError(EXPIRED)
        return key

    def _check_balance_seen(self) -> None:
        seen = self.cleaned_data.get("balance_seen")
        balance = money(self.invoice.balance, self.invoice.currency)
        if seen is not None and seen != balance:
            self.add_error(
                None,
                f"The balance of this invoice changed to {balance} "
                f"{self.invoice.currency} since the page was opened. Check the new "
                "amount, then pay again.",
            )

    def _amount(self) -> Decimal | None:
        invoice = self.invoice
        if not invoice.allow_partial_payment:
            self._check_balance_seen()
            return invoice.balance
        amount = self.cleaned_data.get("amount")
        if amount is None:
            self.add_error("amount", "Enter the amount to pay.")
            return None
        amount = money(amount, invoice.currency)
        balance = money(invoice.balance, invoice.currency)
        if amount < self.minimum:
            self.add_error(
                "amount",
                f"The amount must be at least {self.minimum} {invoice.currency}.",
            )
        elif amount > balance:
            self.add_error(
                "amount",
                f"The amount cannot be more than the balance ({balance} "
                f"{invoice.currency}).",
            )
        else:
            return amount
        return None

    def _tip(self, amount: Decimal) -> Decimal:
        choice = self.cleaned_data.get("tip_choice") or "none"
        if not self.invoice.allow_tipping or choice == "none":
            return ZERO
        if choice == "custom":
            tip = money(
                self.cleaned_data.get("tip_custom") or ZERO, self.invoice.currency
            )
            if tip > amount:  # most likely a typo; nobody tips more than 100%
                self.add_error(
                    "tip_custom",
                    f"A tip cannot be more than the amount paid ({amount} "
                    f"{self.invoice.currency}); check the tip amount.",
                )
            return tip
        return tip_for_percent(
            amount=amount, percent=Decimal(choice), currency=self.invoice.currency
        )

    def _details(self, method: str):
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
        amount = self._amount()
        if amount is not None:
            data["amount"] = amount
            data["tip"] = self._tip(amount)
        details = self._details(method)
        data["card"] = details if method == PaymentMethod.CARD else None
        data["ach"] = details if method == PaymentMethod.ACH else None
        return data
