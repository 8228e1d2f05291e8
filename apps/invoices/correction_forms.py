"""Forms for corrections: a credit note from an invoice, credit refunded to the
customer, a write-off with a reason. They check shape only; the services in
`services/credit_notes.py` and `services/lifecycle.py` hold every rule."""

from django import forms

from .forms import DATE
from .models import CreditNoteRefund

_MONEY = {"max_digits": 20, "decimal_places": 4}


def _amount(label: str, *, required: bool = True, help_text: str = ""):
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any"}),
        **_MONEY,
    )


class CreditNoteForm(forms.Form):
    """How much of an invoice to credit: all of it, chosen items, or an amount."""

    FULL, LINES, AMOUNT = "full", "lines", "amount"
    mode = forms.ChoiceField(
        label="Credit",
        choices=[
            (FULL, "The whole invoice"),
            (LINES, "Chosen items"),
            (AMOUNT, "An amount"),
        ],
        initial=FULL,
        widget=forms.RadioSelect,
    )
    lines = forms.MultipleChoiceField(
        label="Items", required=False, widget=forms.CheckboxSelectMultiple
    )
    amount = _amount("Amount", required=False, help_text="Credited without tax.")
    reason = forms.CharField(
        label="Reason", max_length=500, required=False, help_text="Printed as a note."
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [(str(i.pk), i.name) for i in items]

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == self.LINES and not data.get("lines"):
            self.add_error("lines", "Choose the items to credit.")
        if mode == self.AMOUNT and data.get("amount") is None:
            self.add_error("amount", "Enter the amount to credit.")
        return data

    def to_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"reason": data["reason"]}
        if data["mode"] == self.LINES:
            kwargs["lines"] = [int(pk) for pk in data["lines"]]
        elif data["mode"] == self.AMOUNT:
            kwargs["amount"] = data["amount"]
        return kwargs


class CreditNoteRefundForm(forms.Form):
    amount = _amount("Amount refunded")
    method = forms.ChoiceField(
        label="Paid out by", choices=CreditNoteRefund.Method.choices
    )
    refunded_on = forms.DateField(
        label="Date", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    reference = forms.CharField(
        label="Reference",
        max_length=100,
        required=False,
        help_text="Cheque number, bank reference.",
    )
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InvoiceWriteOffForm(forms.Form):
    amount = _amount(
        "Amount",
        required=False,
        help_text="Leave empty to write off the whole balance.",
    )
    reason = forms.CharField(label="Reason", max_length=500)
