"""One JSON renderer for the dialects that write amounts as JSON numbers.

Amounts leave as the Decimal's own digits, never through float: each Decimal goes
through the C encoder as a marked string, and the marks are then replaced by the
bare digits. A mark starts with NUL (which json always writes as \\u0000) and a
per-process random token, so no text from a user can forge one. A dialect says how
it writes a Decimal (`decimal_text`) and any other non-JSON value (`default`: dates
as strings or epoch milliseconds); the marking, the encoding and the renderer class
are shared.
"""

import json
import re
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer

_TOKEN = secrets.token_hex(8)
_MARK = "\x00" + _TOKEN
_MARKED_NUMBER = re.compile(r'"\\u0000' + _TOKEN + r'(-?[0-9]+(?:\.[0-9]+)?)"')


def _refuse(value):
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def decimal_json_dumps(
    data: Any,
    *,
    decimal_text: Callable[[Decimal], str],
    default: Callable[[Any], Any] = _refuse,
    ensure_ascii: bool = True,
) -> str:
    """Compact JSON with each Decimal written as `decimal_text(value)`, a JSON number
    (`-?digits[.digits]`)."""

    def _default(value):
        if isinstance(value, Decimal):
            return _MARK + decimal_text(value)
        return default(value)

    text = json.dumps(
        data, default=_default, ensure_ascii=ensure_ascii, separators=(",", ":")
    )
    return _MARKED_NUMBER.sub(lambda match: match[1], text)


class DecimalJSONRenderer(BaseRenderer):
    """Renders with the dialect's `dumps` (a `decimal_json_dumps` with its choices);
    an empty answer (204) has no body."""

    media_type = "application/json"
    format = "json"
    charset = None  # JSON is UTF-8 by definition (RFC 8259)
    dumps: Callable[[Any], str]

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return type(self).dumps(data).encode()


class JSONOnlyNegotiation(BaseContentNegotiation):
    """Always the first parser and renderer, whatever `Accept` says: vendors whose API
    has no other format answer JSON to clients that send all sorts."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
