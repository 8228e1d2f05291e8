"""Shared form plumbing for the staff pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


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


class LongSelect(forms.Select):
    """A <select> for long lists (thousands of clients): builds its options in one
    pass instead of rendering Django's option template once per option, which took
    most of the invoice list's time at 2,000 clients. Single choice, no groups."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if key == selected else "", label)
                for key, label in (
                    ("" if k is None else str(k), lbl) for k, lbl in self.choices
                )
            ),
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            "<select{} name=\"{}\">{}</select>", flatatt(final_attrs), name, options
        )
