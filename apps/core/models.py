from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CustomField(models.Model):
    """A custom column (`column_N`) defined for one module; values live in each
    record's `custom` JSON object under the same key."""

    class Module(models.TextChoices):
        CLIENTS = "clients", "Clients"
        INVOICES = "invoices", "Invoices"
        QUOTES = "quotes", "Quotes"
        PAYMENTS = "payments", "Payments"

    class FieldType(models.TextChoices):
        TEXT = "text", "Text"
        TEXTAREA = "textarea", "Text area"
        DROPDOWN = "dropdown", "Dropdown"
        RADIO = "radio", "Radio"
        CHECKBOX = "checkbox", "Checkbox"
        DATE = "date", "Date"
        DATETIME = "datetime", "Date and time"
        INTEGER = "integer", "Integer"
        DECIMAL = "decimal", "Decimal"
        CURRENCY = "currency", "Currency amount"
        URL = "url", "URL"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    module = models.CharField(max_length=10, choices=Module.choices)
    column_name = models.CharField(max_length=20)  # "column_1", "column_2", ...
    label = models.CharField(max_length=100)
    field_type = models.CharField(
        max_length=10, choices=FieldType.choices, default=FieldType.TEXT
    )
    options = models.JSONField(
        default=list, blank=True
    )  # choices for dropdown and radio
    is_required = models.BooleanField(default=False)
    display_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["module", "display_order", "column_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "column_name"], name="custom_field_unique_column"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_module_display()}: {self.label} ({self.column_name})"
