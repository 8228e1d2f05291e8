"""Validation of custom field values (`column_N`) against their definitions."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from .models import CustomField
from .money import parse_decimal

COLUMN_RE = re.compile(r"^column_[1-9][0-9]{0,2}$")


def _clean_value(field: CustomField, value):
    if value in (None, ""):
        if field.is_required:
            raise ValidationError(f"{field.label} is required.")
        return None
    kind = field.field_type
    text = str(value).strip()
    if kind in (CustomField.FieldType.DROPDOWN, CustomField.FieldType.RADIO):
        if field.options and text not in [str(o) for o in field.options]:
            raise ValidationError(
                f"{field.label} must be one of: {', '.join(map(str, field.options))}."
            )
        return text
    if kind == CustomField.FieldType.CHECKBOX:
        return text.lower() in ("1", "true", "yes", "on")
    if kind == CustomField.FieldType.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValidationError(
                f"{field.label} must be a date as YYYY-MM-DD."
            ) from None
    if kind == CustomField.FieldType.DATETIME:
        try:
            # A wall-clock value kept as text: the zone only satisfies DTZ007,
            # strftime below prints no zone.
            parsed = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(
                tzinfo=dt.UTC
            )
            return parsed.strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise ValidationError(
                f"{field.label} must be a date and time as YYYY-MM-DD HH:MM:SS."
            ) from None
    if kind == CustomField.FieldType.INTEGER:
        if not re.fullmatch(r"-?\d+", text):
            raise ValidationError(f"{field.label} must be a whole number.")
        return text
    if kind in (
        CustomField.FieldType.DECIMAL,
        CustomField.FieldType.CURRENCY,
        CustomField.FieldType.PHONE,
    ):
        if kind == CustomField.FieldType.PHONE:
            if not re.fullmatch(r"[0-9+()\-. ]{3,30}", text):
                raise ValidationError(f"{field.label} must be a phone number.")
            return text
        try:
            return str(parse_decimal(text))
        except ValueError:
            raise ValidationError(f"{field.label} must be a number.") from None
    if kind == CustomField.FieldType.URL:
        url = text if "://" in text else f"http://{text}"
        URLValidator(message=f"{field.label} must be a web address.")(url)
        return url
    if kind == CustomField.FieldType.EMAIL:
        EmailValidator(message=f"{field.label} must be an email address.")(text)
        return text
    return text


def custom_values_clean(
    *, module: str, values: dict, current: dict | None = None
) -> dict:
    """Merge `values` into `current`, checking each against its definition.

    Raises ValidationError keyed `custom.column_N`, as FusionInvoice does.
    """
    fields = {f.column_name: f for f in CustomField.objects.filter(module=module)}
    merged = dict(current or {})
    errors: dict[str, list[str]] = {}
    for column, value in values.items():
        field = fields.get(column)
        if field is None:
            errors[f"custom.{column}"] = [
                f"There is no custom field {column} for {module}."
            ]
            continue
        try:
            merged[column] = _clean_value(field, value)
        except ValidationError as exc:
            errors[f"custom.{column}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return merged


def custom_values_display(*, module: str, values: dict) -> list[tuple[str, object]]:
    """(label, value) for each custom field of `module` that has a value, in order."""
    if not values:
        return []
    return [
        (field.label, values[field.column_name])
        for field in CustomField.objects.filter(module=module)
        if values.get(field.column_name) not in (None, "")
    ]
