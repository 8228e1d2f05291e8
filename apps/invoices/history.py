"""Snapshots for the trail: a document's header and its items as plain values, so
`apps.audit.chain.changes` and `lines_diff` can compare before and after.

Shared by invoices and quotes (same line fields). Decimals are normalized ("1.0000"
and "1" are the same quantity), so only real changes are recorded.
"""

from collections.abc import Iterable
from decimal import Decimal

from .documents import ITEM_FIELDS

# What an item is, for the trail: its inputs (ITEM_FIELDS without the ordering and
# the rate sources, which the rates themselves already show) and its results.
LINE_FIELDS = tuple(
    name
    for name in ITEM_FIELDS
    if name not in ("position", "tax_rate_1_source", "tax_rate_2_source")
) + ("subtotal", "discount_amount", "tax_1", "tax_2", "total")

# A document's stored results: recorded with every change so an amount change is
# on the trail in full.
TOTAL_FIELDS = ("subtotal", "discount_total", "tax_total", "total")


def plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if hasattr(value, "pk"):
        return value.pk
    return value


def snapshot(document, fields: Iterable[str]) -> dict:
    """Plain values of `fields`; `custom` is spread out by column
    (`custom.column_1`), so only the columns that changed are recorded."""
    values = {}
    for name in fields:
        value = getattr(document, name, None)
        if name == "custom":
            values.update({f"custom.{k}": plain(v) for k, v in (value or {}).items()})
        else:
            values[name] = plain(value)
    return values


def lines_snapshot(lines: Iterable) -> list[dict]:
    return [snapshot(line, LINE_FIELDS) for line in lines]


def identity_errors(document, *, names: Iterable[str], values, noun: str) -> dict:
    """{field: message} for each of `names` that `values` would change on an issued
    document. An empty number means "keep it"; currencies compare upper-cased."""
    current = snapshot(document, names)
    errors = {}
    for name in names:
        if name not in values:
            continue
        value = plain(values[name])
        if name == "currency" and isinstance(value, str):
            value = value.upper()
        if name == "number" and not value:
            continue
        if str(value) != str(current[name]):
            errors[name] = (
                f"An issued {noun} keeps its {name.replace('_', ' ')} "
                f"({current[name]}); issue a credit note and a new document instead."
            )
    return errors
