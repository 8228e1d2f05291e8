"""Payments in the admin: read-only; refunds call the service."""

from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin, run_service_action

from .models import Payment
from .services import payment_refund


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "invoice",
        "client",
        "amount",
        "tip",
        "currency",
        "method",
        "status",
        "refunded_amount",
        "return_code",
        "paid_at",
        "card_brand",
        "card_last4",
    ]
    list_filter = ["status", "method", "source", "currency", "paid_at"]
    search_fields = ["invoice__number", "client__name", "reference", "transaction_id"]
    list_select_related = ["invoice", "client"]
    date_hierarchy = "paid_at"
    actions = ["refund"]

    @admin.action(description="Refund what is left of the selected payments")
    def refund(self, request, queryset):
        run_service_action(
            request,
            queryset,
            lambda p: payment_refund(payment=p, by=request.user),
            "Payments refunded",
        )
