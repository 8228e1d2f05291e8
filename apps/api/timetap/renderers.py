"""TimeTap's wire formats: money as JSON numbers, dates as epoch milliseconds.

Amounts are written from the Decimal's own digits (never through float), so 12.1
goes out as `12.1`, not `12.0999999`. Dates without a time are midnight in the
business time zone (`TIME_ZONE`), which is also how query dates are read.
"""

import codecs
import datetime as dt
import json
import re
import secrets
from decimal import Decimal

from django.utils import timezone
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BaseRenderer
from rest_framework.utils import json as drf_json

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


# Decimals go through the C encoder as marked strings, then the marks are replaced by
# the bare digits. The mark holds a per-process secret and a NUL (always escaped by
# json), so no text from a user can ever look like one.
_MARK = "\x00" + secrets.token_hex(8)
_MARKED = re.compile(r'"\\u0000' + _MARK[1:] + r'(-?[0-9]+\.[0-9]+)"')


def _default(value):
    if isinstance(value, Decimal):
        return _MARK + decimal_text(value)
    if isinstance(value, dt.date):
        return epoch_ms(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def timetap_dumps(value) -> str:
    text = json.dumps(
        value, default=_default, ensure_ascii=False, separators=(",", ":")
    )
    return _MARKED.sub(lambda match: match[1], text)


class TimeTapJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return timetap_dumps(data).encode()


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


class JSONOnlyNegotiation(BaseContentNegotiation):
    """Always answer JSON, whatever `Accept` says: TimeTap has no other format."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
