"""Money primitives: the one place that knows how a currency rounds.

Every amount in Remit is a `Decimal`. Rounding is half-up to the currency's minor
unit (USD 2 places, JPY 0, KWD 3), which Babel knows from CLDR.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel.core import get_global
from babel.numbers import format_currency, get_currency_precision, get_currency_symbol

ZERO = Decimal("0")
HUNDRED = Decimal("100")
# The largest amount, quantity or price Remit takes (exclusive): 11 digits before
# the point and 4 after make 15 significant digits, which SQLite's REAL storage of
# decimals keeps exactly; PostgreSQL's NUMERIC(20, 4) would hold more.
AMOUNT_LIMIT = Decimal(10) ** 11
_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")


@cache
def known_currencies() -> frozenset[str]:
    return frozenset(get_global("currency_fractions").keys()) | frozenset(
        code for code in get_global("all_currencies")
    )


def is_known_currency(code: str) -> bool:
    return (
        isinstance(code, str) and len(code) == 3 and code.upper() in known_currencies()
    )


@cache
def minor_digits(currency: str) -> int:
    """Digits after the decimal point for `currency` (ISO 4217)."""
    return get_currency_precision(currency.upper())


def money(value: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit, half-up."""
    exponent = Decimal(1).scaleb(-minor_digits(currency))
    return Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def to_minor_units(value: Decimal, currency: str) -> int:
    """An amount as an integer count of minor units (cents for USD)."""
    return int(money(value, currency).scaleb(minor_digits(currency)))


def from_minor_units(units: int, currency: str) -> Decimal:
    return Decimal(int(units)).scaleb(-minor_digits(currency))


def parse_decimal(value: object) -> Decimal:
    """Parse form or API input (string, int, or a JSON number) into a finite Decimal.

    A JSON number may arrive as a float; `str()` keeps its shortest decimal form, so
    12.1 becomes Decimal("12.1") and never 12.0999999.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("A number is required.")
    text = str(value).strip()
    if "," in text:
        # Only as thousands separators ("1,234.50"): "1,5" is a decimal comma in much
        # of the world, and reading it as 15 would bill ten times the amount.
        if not _GROUPED.fullmatch(text):
            raise ValueError(f"'{value}' is not a number; use a point for decimals.")
        text = text.replace(",", "")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number.") from None
    if not result.is_finite():
        raise ValueError(f"'{value}' is not a number.")
    if abs(result) >= AMOUNT_LIMIT:
        raise ValueError(
            f"'{value}' is too large; amounts have at most 11 digits before the point."
        )
    return result


def format_money(value: Decimal, currency: str, locale: str = "en_US") -> str:
    return format_currency(money(value, currency), currency.upper(), locale=locale)


def currency_symbol(currency: str, locale: str = "en_US") -> str:
    return get_currency_symbol(currency.upper(), locale=locale)
