"""FusionInvoice field types and formats for output serializers: timestamps, 0/1
flags, 4-place decimal strings, currency objects and status words."""

import datetime as dt
from functools import lru_cache

from babel.numbers import get_currency_name, get_currency_symbol
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.money import known_currencies, minor_digits

from ..statuses import INVOICE_WORDS, invoice_word


def fi_timestamp(value) -> str | None:
    """Laravel's ISO-8601 UTC with microseconds: 2023-04-15T10:00:00.000000Z."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{value.isoformat()}T00:00:00.000000Z"


@extend_schema_field(OpenApiTypes.DATETIME)
class TimestampField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return fi_timestamp(value)


@extend_schema_field({"type": "string", "format": "date", "nullable": True})
class PlainDateField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.isoformat()[:10] if value else None


@extend_schema_field({"type": "integer", "enum": [0, 1]})
class FlagField(serializers.Field):
    """Booleans as 0/1, as MySQL gives them to Laravel; a set timestamp counts as 1."""

    def __init__(self, attr: str, **kwargs):
        self.attr = (
            attr  # read from the whole object: DRF skips fields whose value is None
        )
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return 1 if getattr(instance, self.attr) else 0


def Amount(**kwargs):  # noqa: N802 - reads like a field class
    return serializers.DecimalField(
        max_digits=20, decimal_places=4, read_only=True, **kwargs
    )


class ZeroField(serializers.Field):
    """A vendor column Remit does not keep, always "0.0000" or a fixed value."""

    def __init__(self, value="0.0000", **kwargs):
        self.value = value
        kwargs.setdefault("allow_null", value is None)  # documented as nullable
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.value


extend_schema_field(OpenApiTypes.STR)(ZeroField)


class FICurrencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    symbol = serializers.CharField()
    placement = serializers.CharField()
    decimal = serializers.CharField()
    thousands = serializers.CharField()
    precision = serializers.IntegerField()


@lru_cache(maxsize=256)
def currency_object(code: str) -> dict:
    codes = sorted(known_currencies())
    return {
        "id": codes.index(code) + 1 if code in codes else 0,
        "code": code,
        "name": get_currency_name(code, locale="en_US"),
        "symbol": get_currency_symbol(code, locale="en_US"),
        "placement": "before",
        "decimal": ".",
        "thousands": ",",
        "precision": minor_digits(code),
    }


@extend_schema_field(FICurrencySerializer)
class CurrencyField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return dict(currency_object(value))


_DISCOUNT_OUT = {"": "", "percent": "percentage", "flat": "flat_amount"}


class InvoiceStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=list(INVOICE_WORDS), read_only=True, **kwargs)

    def to_representation(self, value):
        return invoice_word(value)


class DiscountTypeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=["", "percentage", "flat_amount"], read_only=True, **kwargs
        )

    def to_representation(self, value):
        return _DISCOUNT_OUT.get(value or "", "")


class ZeroIfNoneField(serializers.IntegerField):
    """An id FusionInvoice writes as 0 when there is none. DRF writes null for a
    None attribute without asking the field, so the 0 is set when it is read."""

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return 0 if value is None else value

    def to_representation(self, value):
        return int(value)


# ---------------------------------------------------------------- output: clients
