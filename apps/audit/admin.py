from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The trail, read-only: no add, change or delete, for anyone."""

    list_display = (
        "at",
        "subject_type",
        "subject_label",
        "position",
        "kind",
        "door",
        "actor",
        "api_key_id",
    )
    list_filter = ("subject_type", "kind", "door")
    search_fields = ("subject_label", "kind", "hash")
    list_select_related = ("actor",)
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
