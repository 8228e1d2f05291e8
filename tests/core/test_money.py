from decimal import Decimal as D

import pytest

from apps.core.money import (
    format_money,
    from_minor_units,
    is_known_currency,
    money,
    parse_decimal,
    to_minor_units,
)


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("1.005", "USD", "1.01"),
        ("1.004", "USD", "1.00"),
        ("-1.005", "USD", "-1.01"),
        ("100.5", "JPY", "101"),
        ("1.2345", "KWD", "1.235"),
        ("2.5", "usd", "2.50"),
    ],
)
def test_money_rounds_half_up_to_the_minor_unit(value, currency, expected):
    result = money(D(value), currency)
    assert result == D(expected) and str(result) == expected


def test_minor_units_round_trip():
    assert to_minor_units(D("12.345"), "USD") == 1235
    assert to_minor_units(D("1500"), "JPY") == 1500
    assert from_minor_units(1235, "USD") == D("12.35")
    assert from_minor_units(1234, "KWD") == D("1.234")


def test_parse_decimal_keeps_the_written_digits():
    assert parse_decimal(12.1) == D("12.1")
    assert parse_decimal("1,234.50") == D("1234.50")
    assert parse_decimal("-12,345,678") == D("-12345678")
    for bad in (None, True, "abc", "NaN", "Infinity", "1,5", "12,34.5", "1,2345"):
        with pytest.raises(ValueError):
            parse_decimal(bad)


def test_currency_codes_and_formatting():
    assert (
        is_known_currency("eur")
        and not is_known_currency("XYZ")
        and not is_known_currency("EURO")
    )
    assert format_money(D("1234.5"), "USD") == "$1,234.50"
    assert format_money(D("1234.5"), "JPY") == "¥1,235"
