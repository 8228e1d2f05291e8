"""Invoice forms. They check shape only; the services hold every rule.

`DocumentItemForm` and `item_formset` are shared with quotes.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import formset_factory

from apps.accounts.roles import SYSTEM
from apps.clients.selectors import client_choices
from apps.companies.selectors import company_profile_list
from apps.core.forms import CustomFieldsFormMixin, LongSelect

from .models import DiscountType, PaymentMethod, TaxRate

DATE = {"type": "date"}
_MONEY = {"max_digits": 20, "decimal_places": 4}
_RATE = {"max_digits": 9, "decimal_places": 4, "min_value": 0, "max_value": 100}


def _decimal(label: str, **kwargs) -> forms.DecimalField:
    options = {**_MONEY, "required": False, "initial": 0, **kwargs}
    return forms.DecimalField(
        label=label, widget=forms.NumberInput(attrs={"step": "any"}), **options
    )


def _rate(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        initial=0,
        widget=forms.NumberInput(attrs={"step": "any"}),
        **_RATE,
    )


class DocumentItemForm(forms.Form):
    """One line of an invoice or a quote."""

    name = forms.CharField(max_length=200, required=False)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    quantity = _decimal("Qty", initial=1, min_value=0)
    unit_price = _decimal("Unit price", min_value=0)
    discount_type = forms.ChoiceField(
        choices=DiscountType.choices, required=False, label="Discount"
    )
    discount_value = _decimal("Discount value", min_value=0)
    tax_rate_1_source = forms.ModelChoiceField(
        queryset=TaxRate.objects.all(),
        required=False,
        label="Tax",
        empty_label="Custom %",
    )
    tax_rate = _rate("Tax %")
    tax_rate_2_source = forms.ModelChoiceField(
        queryset=TaxRate.objects.all(),
        required=False,
        label="Tax 2",
        empty_label="Custom %",
    )
    tax_rate_2 = _rate("Tax 2 %")
    tax_2_compound = forms.BooleanField(required=False, label="Compound")

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("name") or "").strip():
            self.add_error("name", "Each item needs a name.")
        return data

    def __init__(self, *args, tax_rates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tax_rates is not None:
            # One query for the whole formset instead of two per row.
            choices = [("", "Custom %"), *((rate.pk, str(rate)) for rate in tax_rates)]
            for name in ("tax_rate_1_source", "tax_rate_2_source"):
                self.fields[name].widget.choices = choices

    MORE_FIELDS = (
        "discount_type",
        "discount_value",
        "tax_rate_2_source",
        "tax_rate_2",
        "tax_2_compound",
    )

    def show_more(self) -> bool:
        """Open the "discount and second tax" part if it holds a value or an error."""
        for name in self.MORE_FIELDS:
            if self[name].errors:
                return True
            value = self[name].value()
            if value in (None, "", False, "0", 0):
                continue
            try:
                if Decimal(str(value)) == 0:
                    continue
            except (InvalidOperation, ValueError):
                pass
            return True
        return False

    def to_item(self) -> dict:
        """The item as the services take it; a chosen TaxRate brings its own percent."""
        data = self.cleaned_data
        item = {
            "name": data["name"].strip(),
            "description": data.get("description") or "",
            "discount_type": data.get("discount_type") or "",
            "tax_2_compound": bool(data.get("tax_2_compound")),
        }
        for name in (
            "quantity",
            "unit_price",
            "discount_value",
            "tax_rate",
            "tax_rate_2",
        ):
            value = data.get(name)
            item[name] = (
                value if value is not None else (1 if name == "quantity" else 0)
            )
        for source, rate in (
            ("tax_rate_1_source", "tax_rate"),
            ("tax_rate_2_source", "tax_rate_2"),
        ):
            if data.get(source) is not None:
                item[source] = data[source]
                item.pop(rate)
                if source == "tax_rate_2_source":
                    item.pop("tax_2_compound")
        return item


class BaseItemFormSet(forms.BaseFormSet):
    def _kept(self) -> list[DocumentItemForm]:
        """Saved rows not marked for removal, and new rows someone filled in."""
        return [
            form
            for i, form in enumerate(self.forms)
            if (i < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self._kept():
            raise ValidationError("Add at least one item.")

    def items(self) -> list[dict]:
        return [form.to_item() for form in self._kept()]


def item_formset(*, data=None, initial=None, extra: int = 1, prefix: str = "items"):
    formset_class = formset_factory(
        DocumentItemForm, formset=BaseItemFormSet, extra=extra, can_delete=True
    )
    used = {row.get(k) for row in initial or () for k in _SOURCES} - {None}
    rates = TaxRate.objects.filter(Q(is_active=True) | Q(pk__in=used))
    return formset_class(
        data=data,
        initial=initial,
        prefix=prefix,
        form_kwargs={"tax_rates": list(rates)},
    )


_SOURCES = ("tax_rate_1_source", "tax_rate_2_source")


def plain_decimal(value: Decimal) -> Decimal:
    """10.0000 -> 10 for a form's initial value (normalize() alone gives 1E+1)."""
    return Decimal(format(value.normalize(), "f"))


def header_initial(document, form_class) -> dict:
    """A form's initial data from a saved invoice or quote."""
    initial = {name: getattr(document, name) for name in form_class.base_fields}
    initial["custom"] = document.custom
    for name in ("discount_value", "tax_percent", "shipping", "adjustment"):
        initial[name] = plain_decimal(initial[name])
    return initial


def item_initial(items) -> list[dict]:
    """Formset initial data from saved items."""
    fields = (
        "name",
        "description",
        "quantity",
        "unit_price",
        "discount_type",
        "discount_value",
        "tax_rate",
        "tax_rate_2",
        "tax_2_compound",
    )
    rows = []
    for item in items:
        row = {name: getattr(item, name) for name in fields}
        row["tax_rate_1_source"] = item.tax_rate_1_source_id
        row["tax_rate_2_source"] = item.tax_rate_2_source_id
        for name in (
            "quantity",
            "unit_price",
            "discount_value",
            "tax_rate",
            "tax_rate_2",
        ):
            row[name] = plain_decimal(row[name])
        rows.append(row)
    return rows


class DocumentHeaderForm(CustomFieldsFormMixin, forms.Form):
    """Fields invoices and quotes share."""

    client = forms.ModelChoiceField(
        queryset=client_choices(user=SYSTEM), widget=LongSelect
    )
    company_profile = forms.ModelChoiceField(
        queryset=company_profile_list(),
        required=False,
        label="Invoice from",
        empty_label="Default profile",
    )
    currency = forms.CharField(
        max_length=3,
        required=False,
        help_text="ISO 4217 code such as USD; blank takes the client's currency.",
    )
    summary = forms.CharField(max_length=255, required=False)
    terms = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    footer = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    discount_type = forms.ChoiceField(
        choices=DiscountType.choices, required=False, label="Document discount"
    )
    discount_value = _decimal("Discount value", min_value=0)
    tax_percent = _rate("Document tax %")
    shipping = _decimal("Shipping", min_value=0)
    adjustment = _decimal("Adjustment", help_text="Signed; added to the total as is.")

    # Fields the service fills from the client or profile when left blank on create.
    defaulted_on_create = ("company_profile", "currency", "terms", "footer")

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def to_fields(self, *, creating: bool) -> dict:
        data = dict(self.cleaned_data)
        data["custom"] = self.custom_values(data)
        for name in ("discount_value", "tax_percent", "shipping", "adjustment"):
            if data.get(name) is None:
                data[name] = 0
        data["discount_type"] = data.get("discount_type") or ""
        # Blank on create: the service's default. On edit only these two keep theirs.
        keep = self.defaulted_on_create if creating else ("company_profile", "currency")
        for name in keep:
            if name in data and data[name] in (None, ""):
                data.pop(name)
        return data


class InvoiceForm(DocumentHeaderForm):
    custom_module = "invoices"

    invoice_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs=DATE), help_text="Blank: today."
    )
    due_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text="Blank: from the profile's payment terms.",
    )
    po_number = forms.CharField(max_length=64, required=False, label="PO number")
    message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown to the customer on the hosted page.",
    )
    allow_tipping = forms.BooleanField(required=False)
    allow_partial_payment = forms.BooleanField(required=False)
    payment_methods = forms.MultipleChoiceField(
        choices=PaymentMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Accepted on the hosted page",
    )

    defaulted_on_create = (
        *DocumentHeaderForm.defaulted_on_create,
        "invoice_date",
        "due_date",
    )
    field_order = [
        "client",
        "company_profile",
        "invoice_date",
        "due_date",
        "currency",
        "po_number",
        "summary",
        "discount_type",
        "discount_value",
        "tax_percent",
        "shipping",
        "adjustment",
        "terms",
        "notes",
        "footer",
        "message",
        "allow_tipping",
        "allow_partial_payment",
        "payment_methods",
    ]

    def to_fields(self, *, creating: bool) -> dict:
        data = super().to_fields(creating=creating)
        if not creating:
            for name in ("invoice_date", "due_date"):
                if data.get(name) is None:
                    data.pop(name, None)
        return data


HEADER_FIELDS = InvoiceForm.field_order


class InvoiceVoidForm(forms.Form):
    reason = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TaxRateForm(forms.Form):
    name = forms.CharField(max_length=100)
    percent = forms.DecimalField(
        max_digits=9,
        decimal_places=4,
        min_value=0,
        max_value=100,
        label="Percent",
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    is_compound = forms.BooleanField(
        required=False,
        label="Compound",
        help_text="As an item's second tax, charged on the price plus the first tax.",
    )
    is_active = forms.BooleanField(
        required=False,
        initial=True,
        label="Offered on new items",
        help_text="A retired rate stays on the items that already use it.",
    )
