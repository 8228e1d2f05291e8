"""Shared form plumbing for the staff pages."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from .models import CustomField


def form_add_service_errors(
    form, exc: ValidationError, *, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on `form`: on a field when the error names one
    the form has (after `field_map` renames; `custom.column_N` is the form's
    `custom_column_N`), otherwise as a non-field error that names the field."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        target = field_map.get(field, field).replace("custom.", CUSTOM_PREFIX, 1)
        if target in form.fields:
            form.add_error(target, errors)
        elif field == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            label = field.replace("_", " ").capitalize()
            form.add_error(None, [f"{label}: {message}" for message in errors])


# --- custom fields (`column_N`) on the staff forms ---------------------------

CUSTOM_PREFIX = "custom_"
_DATE = {"type": "date"}


def _custom_form_field(definition: CustomField) -> forms.Field:
    kind, types = definition.field_type, CustomField.FieldType
    options = {"label": definition.label, "required": definition.is_required}
    choices = [(str(o), str(o)) for o in definition.options]
    if kind == types.CHECKBOX:
        return forms.BooleanField(label=definition.label, required=False)
    if kind == types.DROPDOWN:
        return forms.ChoiceField(choices=[("", "---------"), *choices], **options)
    if kind == types.RADIO:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
    if kind == types.TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **options)
    if kind == types.DATE:
        return forms.DateField(widget=forms.DateInput(attrs=_DATE), **options)
    if kind == types.INTEGER:
        return forms.IntegerField(**options)
    if kind in (types.DECIMAL, types.CURRENCY):
        return forms.DecimalField(widget=forms.NumberInput({"step": "any"}), **options)
    if kind == types.EMAIL:
        return forms.EmailField(**options)
    help_text = "As YYYY-MM-DD HH:MM:SS." if kind == types.DATETIME else ""
    return forms.CharField(max_length=500, help_text=help_text, **options)


class CustomFieldsFormMixin:
    """Adds a field per custom field defined for `custom_module`, shown after the
    form's own; `custom_values()` hands them to the service, which checks them."""

    custom_module: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("custom") or {}
        for definition in CustomField.objects.filter(module=self.custom_module):
            name = CUSTOM_PREFIX + definition.column_name
            self.fields[name] = _custom_form_field(definition)
            self.initial.setdefault(name, current.get(definition.column_name))

    @property
    def custom_field_names(self) -> list[str]:
        return [name for name in self.fields if name.startswith(CUSTOM_PREFIX)]

    def custom_bound_fields(self) -> list:
        return [self[name] for name in self.custom_field_names]

    def custom_values(self, data: dict) -> dict:
        """Remove the custom fields from cleaned `data`; return them by column."""
        return {
            name.removeprefix(CUSTOM_PREFIX): data.pop(name, None)
            for name in self.custom_field_names
        }


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
            '<select{} name="{}">{}</select>', flatatt(final_attrs), name, options
        )
