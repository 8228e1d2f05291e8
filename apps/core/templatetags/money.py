"""Formatting only: these tags never query or decide."""

from decimal import Decimal, InvalidOperation

from django import template

from apps.core.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value, currency: str = "USD") -> str:
    if value is None or value == "":
        return ""
    return format_money(value, currency or "USD")


@register.filter(name="plain")
def plain_number(value) -> str:
    """A quantity or rate without trailing zeros or exponent: 10.0000 -> "10"."""
    if value is None or value == "":
        return ""
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, ValueError):
        return str(value)
