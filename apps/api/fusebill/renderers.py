"""JSON for Fusebill: camelCase keys, money as JSON numbers written from the Decimal's
own digits (never through float), and naive UTC timestamps `YYYY-MM-DDTHH:MM:SS`."""

import datetime as dt
from decimal import Decimal

from apps.api.common.renderers import (
    DecimalJSONRenderer,
    JSONOnlyNegotiation,
    decimal_json_dumps,
)


def number(value: Decimal) -> str:
    """`Decimal("264.0000")` -> `264`, `Decimal("37.714285")` -> `37.714285`."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def timestamp(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return value.strftime("%Y-%m-%dT00:00:00")


def _default(value):
    if isinstance(value, dt.datetime | dt.date):
        return timestamp(value)
    return str(value)


def fusebill_dumps(data) -> str:
    return decimal_json_dumps(data, decimal_text=number, default=_default)


class FusebillJSONRenderer(DecimalJSONRenderer):
    dumps = fusebill_dumps


FirstRendererNegotiation = JSONOnlyNegotiation  # Fusebill answers JSON whatever Accept
