"""Invoices in the admin: read-only records; sending, voiding and deleting go through
the services as actions. Tax rates are plain configuration."""

from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin, ReadOnlyInline, run_service_action

from .models import CreditNoteRefund, Invoice, InvoiceEvent, InvoiceItem, TaxRate
from .services import invoice_delete, invoice_send, invoice_void

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


class InvoiceItemInline(ReadOnlyInline):
    model = InvoiceItem
    fields = _ITEM_FIELDS
    readonly_fields = _ITEM_FIELDS


class InvoiceEventInline(ReadOnlyInline):
    model = InvoiceEvent
    fields = ["at", "kind", "actor", "data"]
    readonly_fields = fields


class CreditNoteRefundInline(ReadOnlyInline):
    """Credit paid back to the customer (on a credit note), recorded by a service."""

    model = CreditNoteRefund
    fk_name = "credit_note"
    fields = ["refunded_on", "amount", "method", "reference", "created_by"]
    readonly_fields = fields


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ["name", "percent", "is_compound", "is_active"]
    list_filter = ["is_active", "is_compound"]
    search_fields = ["name"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "client",
        "status",
        "invoice_date",
        "due_date",
        "currency",
        "total",
        "balance",
        "deleted_at",
    ]
    list_filter = [
        "status",
        "type",
        "currency",
        "company_profile",
        "invoice_date",
        "due_date",
    ]
    search_fields = ["number", "po_number", "summary", "client__name", "client__email"]
    list_select_related = ["client", "company_profile"]
    date_hierarchy = "invoice_date"
    inlines = [InvoiceItemInline, InvoiceEventInline, CreditNoteRefundInline]
    actions = ["send", "void", "soft_delete"]

    @admin.action(description="Send selected drafts")
    def send(self, request, queryset):
        run_service_action(
            request,
            queryset,
            lambda i: invoice_send(invoice=i, by=request.user),
            "Invoices sent",
        )

    @admin.action(description="Void selected invoices")
    def void(self, request, queryset):
        run_service_action(
            request,
            queryset,
            lambda i: invoice_void(
                invoice=i, by=request.user, reason="Voided in the admin"
            ),
            "Invoices voided",
        )

    @admin.action(description="Delete selected invoices (soft; not with payments)")
    def soft_delete(self, request, queryset):
        run_service_action(
            request,
            queryset,
            lambda i: invoice_delete(invoice=i, by=request.user),
            "Invoices deleted",
        )


@admin.register(InvoiceEvent)
class InvoiceEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["invoice", "kind", "actor", "at"]
    list_filter = ["kind", "at"]
    search_fields = ["invoice__number"]
    list_select_related = ["invoice", "actor"]
