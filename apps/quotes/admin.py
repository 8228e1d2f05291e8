"""Quotes in the admin: read-only; status changes and conversion call the services."""

from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin, ReadOnlyInline, run_service_action

from .models import Quote, QuoteItem
from .services import quote_convert_to_invoice, quote_set_status

_ITEM_FIELDS = [
    "position",
    "name",
    "quantity",
    "unit_price",
    "discount_amount",
    "tax_1",
    "tax_2",
    "total",
]


class QuoteItemInline(ReadOnlyInline):
    model = QuoteItem
    fields = _ITEM_FIELDS
    readonly_fields = _ITEM_FIELDS


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "client",
        "status",
        "quote_date",
        "expires_at",
        "currency",
        "total",
        "invoice",
    ]
    list_filter = ["status", "currency", "company_profile", "quote_date"]
    search_fields = ["number", "summary", "client__name", "client__email"]
    list_select_related = ["client", "company_profile", "invoice"]
    date_hierarchy = "quote_date"
    inlines = [QuoteItemInline]
    actions = ["mark_sent", "convert"]

    @admin.action(description="Mark selected quotes as sent")
    def mark_sent(self, request, queryset):
        run_service_action(
            request,
            queryset,
            lambda q: quote_set_status(
                quote=q, status=Quote.Status.SENT, by=request.user
            ),
            "Quotes marked sent",
        )

    @admin.action(description="Convert selected quotes to invoices")
    def convert(self, request, queryset):
        run_service_action(
            request,
            queryset,
            lambda q: quote_convert_to_invoice(quote=q, by=request.user),
            "Quotes converted",
        )
