"""JSON for Fusebill: camelCase keys, money as JSON numbers written from the Decimal's
own digits (never through float), and naive UTC timestamps `YYYY-MM-DDTHH:MM:SS`."""

import datetime as dt
import json
import re
import secrets
from decimal import Decimal

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer


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


# Decimals leave json.dumps as marked strings, and the marks are then replaced by
# the bare digits. The mark starts with NUL (written as \u0000) and a per-process
# random token, so no user text can forge one.
_TOKEN = secrets.token_hex(8)
_MARKED_NUMBER = re.compile(r'"\\u0000' + _TOKEN + r'(-?[0-9]+(?:\.[0-9]+)?)"')


def _default(value):
    if isinstance(value, Decimal):
        return "\x00" + _TOKEN + number(value)
    if isinstance(value, dt.datetime | dt.date):
        return timestamp(value)
    return str(value)


def fusebill_dumps(data) -> str:
    text = json.dumps(data, default=_default, separators=(",", ":"))
    return _MARKED_NUMBER.sub(r"\1", text)


class FusebillJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition (RFC 8259); the body is ASCII anyway

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return fusebill_dumps(data).encode()


class FirstRendererNegotiation(BaseContentNegotiation):
    """Fusebill answers JSON whatever `Accept` says; clients send all sorts."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
