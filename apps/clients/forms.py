"""Client forms check shape only; client_create / client_update apply the rules."""

from django import forms
from django.forms.models import fields_for_model

from apps.core.forms import CustomFieldsFormMixin

from .models import Client

FORM_FIELDS = [
    "name",
    "type",
    "is_active",
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile",
    "fax",
    "website",
    "address_line_1",
    "address_line_2",
    "city",
    "state",
    "postal_code",
    "country",
    "currency",
    "language",
    "timezone",
    "reference",
    "vat_tax_id",
    "notes",
]

HELP = {
    "currency": "ISO 4217 code, e.g. USD, EUR. New invoices for this client use it.",
    "country": "Two-letter code, e.g. US, DE.",
    "reference": "Your own id for this client.",
    "is_active": "Inactive clients stay on record but are hidden from pickers.",
}


class ClientForm(CustomFieldsFormMixin, forms.Form):
    """Fields come from the model (lengths, choices); saving is the service's job."""

    custom_module = "clients"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Client, fields=FORM_FIELDS))
        for name, text in HELP.items():
            self.fields[name].help_text = text
        self.fields["name"].label = "Name (company or person)"
        self.fields["vat_tax_id"].label = "VAT / tax id"
        self.fields["currency"].widget.attrs.update(
            {"autocapitalize": "characters", "size": 3}
        )
        self.fields["country"].widget.attrs.update(
            {"autocapitalize": "characters", "size": 2}
        )
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["notes"].widget.attrs["rows"] = 3

    @classmethod
    def initial_for(cls, client: Client) -> dict:
        return {name: getattr(client, name) for name in [*FORM_FIELDS, "custom"]}

    def to_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["custom"] = self.custom_values(data)
        return data

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()
