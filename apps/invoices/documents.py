"""What invoices and quotes share: item cleaning and the stored totals.

Used by `invoices.services` and `quotes.services`; both documents have the same
line fields (`DocumentLine`) and the same adjustment fields.
"""

from collections.abc import Iterable, Mapping
from decimal import InvalidOperation

from django.core.exceptions import ValidationError

from apps.core.money import AMOUNT_LIMIT, ZERO, is_known_currency, parse_decimal

from . import calculations

ITEM_FIELDS = (
    "name",
    "description",
    "quantity",
    "unit_price",
    "discount_type",
    "discount_value",
    "tax_rate",
    "tax_rate_2",
    "tax_2_compound",
    "tax_rate_1_source",
    "tax_rate_2_source",
    "product_code",
    "unit_of_measure",
    "group",
    "position",
)
_TOO_LARGE = (
    "These amounts are too large: "
    "a line or total may have at most 11 digits before the point."
)
_DECIMAL_FIELDS = ("quantity", "unit_price", "discount_value", "tax_rate", "tax_rate_2")


def clean_item(model, data: Mapping, *, position: int):
    """Build an unsaved item of `model` from `data`.

    Raises ValidationError naming the field.
    """
    unknown = set(data) - set(ITEM_FIELDS) - {"id"}
    if unknown:
        raise ValidationError(f"Unknown item fields: {', '.join(sorted(unknown))}.")
    values = {k: v for k, v in data.items() if k != "id"}
    errors: dict[str, str] = {}
    for name in _DECIMAL_FIELDS:
        if name in values:
            try:
                values[name] = parse_decimal(values[name])
            except ValueError as exc:
                errors[name] = str(exc)
    for source, rate in (
        ("tax_rate_1_source", "tax_rate"),
        ("tax_rate_2_source", "tax_rate_2"),
    ):
        tax = values.get(source)
        if tax is not None and rate not in values:
            values[rate] = tax.percent
            if source == "tax_rate_2_source":
                values.setdefault("tax_2_compound", tax.is_compound)
    if not str(values.get("name") or "").strip():
        errors["name"] = "Each item needs a name."
    if errors:
        raise ValidationError(errors)
    values.setdefault("position", position)
    item = model(**values)
    if item.quantity < ZERO:
        errors["quantity"] = "Quantity cannot be negative."
    if item.unit_price < ZERO:
        errors["unit_price"] = (
            "Unit price cannot be negative; issue a credit memo for refunds."
        )
    if item.discount_value < ZERO:
        errors["discount_value"] = "A discount cannot be negative."
    if item.discount_type == calculations.PERCENT and item.discount_value > 100:
        errors["discount_value"] = "A percent discount cannot be above 100."
    for name in ("tax_rate", "tax_rate_2"):
        if not ZERO <= getattr(item, name) <= 100:
            errors[name] = "A tax rate must be between 0 and 100 percent."
    if errors:
        raise ValidationError(errors)
    try:
        item.full_clean(
            exclude=[
                "invoice",
                "quote",
                "subtotal",
                "discount_amount",
                "tax_1",
                "tax_2",
                "total",
            ]
        )
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    return item


def items_clean(model, items: Iterable[Mapping]) -> list:
    """Unsaved items of `model` from item data, numbered 1, 2, ... in order."""
    return [
        clean_item(model, data, position=i) for i, data in enumerate(items, start=1)
    ]


def items_store(document, items: list, *, parent_field: str) -> None:
    """Save `items` under `document` (a saved invoice or quote) in one query."""
    if not items:
        return
    for item in items:
        setattr(item, parent_field, document)
    type(items[0]).objects.bulk_create(items)


def header_errors(document) -> dict[str, str]:
    """Refusals of the fields invoices and quotes share (currency, discount, tax,
    shipping, adjustment); upper-cases a known currency code in place."""
    errors: dict[str, str] = {}
    if not is_known_currency(document.currency or ""):
        errors["currency"] = (
            f"'{document.currency}' is not a known currency code; "
            "use ISO 4217 such as USD."
        )
    else:
        document.currency = document.currency.upper()
    for name in ("discount_value", "tax_percent", "shipping"):
        if getattr(document, name) < ZERO:
            errors[name] = "This cannot be negative."
    for name in ("discount_value", "shipping", "adjustment"):
        if abs(getattr(document, name)) >= AMOUNT_LIMIT:
            errors[name] = (
                "This is too large; amounts have at most 11 digits before the point."
            )
    if document.discount_type == calculations.PERCENT and document.discount_value > 100:
        errors["discount_value"] = "A percent discount cannot be above 100."
    if document.tax_percent > 100:
        errors["tax_percent"] = "A tax percent cannot be above 100."
    return errors


def document_recalculate(document, items: list) -> None:
    """Write calculations' results onto `document` and its `items` (not saved)."""
    adjustments = calculations.DocumentAdjustments(
        discount_type=document.discount_type,
        discount_value=document.discount_value,
        tax_percent=document.tax_percent,
        shipping=document.shipping,
        adjustment=document.adjustment,
    )
    try:
        totals = calculations.document_totals(
            items, currency=document.currency, adjustments=adjustments
        )
    except InvalidOperation:  # a product too long for Decimal's 28 digits
        raise ValidationError({"items": _TOO_LARGE}) from None
    amounts = [totals.subtotal, totals.discount, totals.tax, totals.total]
    amounts += [line.total for line in totals.lines] + [
        line.subtotal for line in totals.lines
    ]
    if any(abs(amount) >= AMOUNT_LIMIT for amount in amounts):
        raise ValidationError({"items": _TOO_LARGE})
    for item, amounts in zip(items, totals.lines, strict=True):
        item.subtotal = amounts.subtotal
        item.discount_amount = amounts.discount
        item.tax_1 = amounts.tax_1
        item.tax_2 = amounts.tax_2
        item.total = amounts.total
    document.subtotal = totals.subtotal
    document.discount_total = totals.discount
    document.tax_total = totals.tax
    document.shipping = totals.shipping
    document.adjustment = totals.adjustment
    document.total = totals.total
