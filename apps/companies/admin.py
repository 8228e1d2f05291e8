import copy

from django import forms
from django.contrib import admin
from django.db import models

from .models import CompanyProfile
from .services import (
    EDITABLE_FIELDS,
    company_profile_create,
    company_profile_errors,
    company_profile_update,
)


class CompanyProfileAdminForm(forms.ModelForm):
    """Shows the services' refusals on the form, before save_model calls them."""

    website = forms.URLField(max_length=200, required=False, assume_scheme="https")

    class Meta:
        model = CompanyProfile
        # Not "website": it is declared above and the services save it from
        # cleaned_data. The sequences are read-only in the admin.
        fields = [
            "name",
            "address",
            "city",
            "state",
            "postal_code",
            "country",
            "email",
            "phone",
            "logo",
            "default_currency",
            "payment_terms_days",
            "quote_valid_days",
            "default_terms",
            "default_footer",
            "invoice_prefix",
            "quote_prefix",
            "number_padding",
            "next_invoice_sequence",
            "next_quote_sequence",
            "is_default",
        ]

    def clean(self):
        cleaned = super().clean()
        was_default = (
            bool(self.instance.pk)
            and CompanyProfile.objects.filter(
                pk=self.instance.pk, is_default=True
            ).exists()
        )
        probe = copy.copy(
            self.instance
        )  # the instance gets the values only after clean()
        for name, value in cleaned.items():
            if name in EDITABLE_FIELDS and name != "logo":
                setattr(probe, name, value)
        if errors := company_profile_errors(probe, was_default=was_default):
            raise forms.ValidationError(errors)
        return cleaned


@admin.register(CompanyProfile)
class CompanyProfileAdmin(admin.ModelAdmin):
    form = CompanyProfileAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "name",
        "default_currency",
        "invoice_prefix",
        "quote_prefix",
        "is_default",
    ]
    list_filter = ["default_currency", "is_default"]
    search_fields = ["name", "email"]
    # The counters advance only under a row lock in the services.
    readonly_fields = [
        "next_invoice_sequence",
        "next_quote_sequence",
        "created_at",
        "updated_at",
    ]

    def save_model(self, request, obj, form, change):
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in EDITABLE_FIELDS
        }
        if change:
            company_profile_update(profile=obj, by=request.user, **fields)
            return
        created = company_profile_create(by=request.user, **fields)
        obj.pk = created.pk
        obj.is_default = created.is_default
