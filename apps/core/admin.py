"""Admin helpers shared by every app, and the custom field definitions.

Domain records (invoices, quotes, payments) are read-only in the admin: their writes
go through the services, offered here as admin actions.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from .models import CustomField


class ReadOnlyAdminMixin:
    """View-only in the admin; changes happen through actions that call services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def run_service_action(
    request, queryset, service: Callable[[object], object], done: str
) -> None:
    """Call `service(obj)` for each selected row; report successes and each refusal.

    An action changes rows, so it needs the model's Django "change" permission,
    which the role groups grant (apps.accounts.roles): a Viewer who can see the
    list still cannot run it."""
    opts = queryset.model._meta
    if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        messages.error(
            request,
            f"Your role cannot change {opts.verbose_name_plural}; "
            "ask an Admin for the role that can.",
        )
        return
    succeeded = 0
    for obj in queryset:
        try:
            service(obj)
        except ValidationError as exc:
            messages.error(request, f"{obj}: {' '.join(exc.messages)}")
        else:
            succeeded += 1
    if succeeded:
        messages.success(request, f"{done}: {succeeded}.")


@admin.register(CustomField)
class CustomFieldAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "module",
        "column_name",
        "field_type",
        "is_required",
        "display_order",
    ]
    list_filter = ["module", "field_type", "is_required"]
    search_fields = ["label", "column_name"]
