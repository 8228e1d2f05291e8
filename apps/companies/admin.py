from django.contrib import admin

from .models import CompanyProfile
from .services import company_profile_create


@admin.register(CompanyProfile)
class CompanyProfileAdmin(admin.ModelAdmin):
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
        if change:
            super().save_model(request, obj, form, change)
            return
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in {f.name for f in CompanyProfile._meta.concrete_fields}
        }
        created = company_profile_create(**fields)
        obj.pk = created.pk
        obj.is_default = created.is_default
