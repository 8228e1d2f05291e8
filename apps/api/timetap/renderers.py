"""TimeTap's wire formats: money as JSON numbers, dates as epoch milliseconds.

Amounts are written from the Decimal's own digits (never through float), so 12.1
goes out as `12.1`, not `12.0999999`. Dates without a time are midnight in the
business time zone (`TIME_ZONE`), which is also how query dates are read.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

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
