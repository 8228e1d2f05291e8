"""Shared form plumbing for the staff pages."""

from django.core.exceptions import ValidationError


def form_add_service_errors(
    form, exc: ValidationError, *, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on `form`: on a field when the error names one
    the form has (after `field_map` renames), otherwise as a non-field error."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field_map.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
