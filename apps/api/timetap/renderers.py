"""TimeTap's wire formats: money as JSON numbers, dates as epoch milliseconds.

Amounts are written from the Decimal's own digits (never through float), so 12.1
goes out as `12.1`, not `12.0999999`. Dates without a time are midnight in the
business time zone (`TIME_ZONE`), which is also how query dates are read.
"""

import codecs
import datetime as dt
from decimal import Decimal

from django.utils import timezone
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as drf_json

from apps.api.common.renderers import (
    DecimalJSONRenderer,
    JSONOnlyNegotiation,  # noqa: F401  (views import it from here)
    decimal_json_dumps,
)

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MS = dt.timedelta(milliseconds=1)


def decimal_text(value: Decimal) -> str:
    """A JSON number for `value` with at least one decimal: 100.0, 12.5, 12.34."""
    text = format(value.normalize(), "f") if value else "0"
    return text if "." in text else text + ".0"


def epoch_ms(value) -> int | None:
    """A date (midnight, business time zone) or an aware datetime as epoch ms."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(
            value, dt.time.min, tzinfo=timezone.get_current_timezone()
        )
    return (value - _EPOCH) // _MS


def date_from_epoch_ms(value) -> dt.date:
    """The business-time-zone date of an epoch-ms number (or a `YYYY-MM-DD` string)."""
    if isinstance(value, str) and "-" in value:
        return dt.date.fromisoformat(value)
    if isinstance(value, bool):
        raise ValueError("A date is required.")
    ms = int(Decimal(str(value)))
    moment = _EPOCH + dt.timedelta(milliseconds=ms)
    return timezone.localtime(moment, timezone.get_current_timezone()).date()


def _default(value):
    if isinstance(value, dt.date):
        return epoch_ms(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def timetap_dumps(value) -> str:
    return decimal_json_dumps(
        value, decimal_text=decimal_text, default=_default, ensure_ascii=False
    )


class TimeTapJSONRenderer(DecimalJSONRenderer):
    dumps = timetap_dumps


class TimeTapJSONParser(JSONParser):
    """JSON bodies with numbers that have a fraction read as Decimal, never float, so
    an amount keeps the digits the client sent (`0.1` is 0.1, and 17 significant
    digits are not rounded to 15). Nesting too deep to read is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            return drf_json.load(
                codecs.getreader(encoding)(stream), parse_float=Decimal
            )
        except RecursionError:
            raise ParseError(
                "JSON parse error - the body is nested too deeply."
            ) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
