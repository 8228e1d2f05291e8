"""The company profile form checks shape; company_profile_* apply the rules."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import fields_for_model

from .models import CompanyProfile
from .services import EDITABLE_FIELDS

MAX_LOGO_BYTES = 2 * 1024 * 1024

HELP = {
    "address": "Street lines; printed as the remit-to address on pages and PDFs.",
    "country": "Two-letter code, e.g. US, DE.",
    "default_currency": "ISO 4217 code, e.g. USD. New clients start with it.",
    "payment_terms_days": "Days from the invoice date to the due date (Net 30: 30).",
    "quote_valid_days": "Days a new quote stays valid.",
    "invoice_prefix": "Invoice numbers are the prefix and the counter, e.g. INV-00042.",
    "number_padding": "Digits the counter is padded to.",
    "logo": "PNG or JPEG, up to 2 MB; printed on pages and PDFs.",
    "is_default": "New invoices and quotes come from the default profile.",
}


class CompanyProfileForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = [name for name in EDITABLE_FIELDS if name != "website"]
        self.fields.update(fields_for_model(CompanyProfile, fields=model_fields))
        self.fields["website"] = forms.URLField(
            max_length=200, required=False, assume_scheme="https"
        )
        for name, text in HELP.items():
            self.fields[name].help_text = text
        for name in ("address", "default_terms", "default_footer"):
            self.fields[name].widget.attrs["rows"] = 3
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg"

    @classmethod
    def initial_for(cls, profile: CompanyProfile) -> dict:
        return {name: getattr(profile, name) for name in EDITABLE_FIELDS}

    def clean_default_currency(self):
        return self.cleaned_data["default_currency"].strip().upper()

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile) and logo.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(
                "The logo is larger than 2 MB; use a smaller image."
            )
        return logo

    def to_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("logo") is None:  # no new file chosen: keep the one there is
            data.pop("logo", None)
        elif data["logo"] is False:  # "Clear" ticked
            data["logo"] = ""
        return data
