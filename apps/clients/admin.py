from django import forms
from django.contrib import admin

from apps.core.admin import run_service_action
from apps.core.money import is_known_currency

from .models import Client
from .services import EDITABLE_FIELDS, client_create, client_delete, client_update


class ClientAdminForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = list(EDITABLE_FIELDS)

    def clean_currency(self) -> str:
        currency = (self.cleaned_data.get("currency") or "").upper()
        if not is_known_currency(currency):
            raise forms.ValidationError("Use an ISO 4217 currency code such as USD.")
        return currency


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    form = ClientAdminForm
    list_display = [
        "name",
        "email",
        "type",
        "currency",
        "country",
        "is_active",
        "deleted_at",
    ]
    list_filter = ["type", "is_active", "currency", "country"]
    search_fields = ["name", "email", "first_name", "last_name", "reference"]
    list_select_related = ["created_by"]
    # Custom values are checked against their definitions by the staff pages and API.
    readonly_fields = ["custom", "deleted_at", "created_by", "created_at", "updated_at"]
    actions = ["soft_delete"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # clients are soft-deleted by the service
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        names = form.changed_data if change else list(form.cleaned_data)
        fields = {n: form.cleaned_data[n] for n in names if n in EDITABLE_FIELDS}
        if change:
            saved = client_update(client=obj, by=request.user, **fields)
        else:
            saved = client_create(by=request.user, **fields)
        obj.pk = saved.pk

    @admin.action(description="Delete selected clients (kept when they have invoices)")
    def soft_delete(self, request, queryset):
        run_service_action(
            request,
            queryset,
            lambda c: client_delete(client=c, by=request.user),
            "Clients deleted",
        )
