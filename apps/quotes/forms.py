"""Quote forms: the invoice header fields a quote has, plus its own dates."""

from django import forms

from apps.invoices.forms import DATE, DocumentHeaderForm

from .models import Quote


class QuoteForm(DocumentHeaderForm):
    custom_module = "quotes"

    quote_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs=DATE), help_text="Blank: today."
    )
    expires_at = forms.DateField(
        required=False,
        label="Valid until",
        widget=forms.DateInput(attrs=DATE),
        help_text="Blank: from the profile's quote validity.",
    )

    defaulted_on_create = (
        *DocumentHeaderForm.defaulted_on_create,
        "quote_date",
        "expires_at",
    )
    field_order = [
        "client",
        "company_profile",
        "quote_date",
        "expires_at",
        "currency",
        "summary",
        "discount_type",
        "discount_value",
        "tax_percent",
        "shipping",
        "adjustment",
        "terms",
        "notes",
        "footer",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company_profile"].label = "Quote from"

    def to_fields(self, *, creating: bool) -> dict:
        data = super().to_fields(creating=creating)
        if not creating:
            for name in ("quote_date", "expires_at"):
                if data.get(name) is None:
                    data.pop(name, None)
        return data


class QuoteStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Quote.Status.choices)
