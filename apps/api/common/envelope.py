"""Every answer under a dialect's prefix is JSON in that dialect's envelope.

`DialectEnvelopeMiddleware` sits near the top of the middleware stack and does two
things for requests whose path belongs to a dialect (the registry in dialects.py):

- it refuses input no endpoint can read before any view sees it: a body over
  `DATA_UPLOAD_MAX_MEMORY_SIZE` (413), a NUL byte in the path, a query value, a
  header or the body (400: PostgreSQL cannot store one, and no vendor sends one),
  and JSON nested deeper than `MAX_JSON_DEPTH` (400: Python's parser would recurse
  until it fails);
- it turns any error answer that is not JSON (Django's CSRF page, an HTML 404, 405,
  400 or 500 from code outside a dialect's exception handler) into the dialect's
  envelope with the same status, so a client never has to parse `<`.

The dialects' own views and exception handlers still answer everything they can, in
their own words; this is the net under them.
"""

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from apps.core.http import request_nul_byte

from .dialects import Dialect, dialect_for_path
from .idempotency import error_response

# The deepest JSON any endpoint reads is about five levels (an invoice, its items,
# an item's custom fields); 32 leaves room without letting a parser recurse far.
MAX_JSON_DEPTH = 32

MESSAGES = {
    400: "The request could not be read.",
    403: "Forbidden.",
    404: "Not found.",
    405: "Method not allowed.",
    406: "Not acceptable.",
    413: "The request body is too large.",
    415: "Unsupported media type.",
    500: "The server could not complete the request.",
}
CODES = {
    400: "BAD_REQUEST",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "REQUEST_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    500: "INTERNAL_ERROR",
}

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")
# \u0000 in a JSON string, unless its backslash is itself escaped (\\u0000).
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def json_depth(body: bytes) -> int:
    """How deeply `body`'s arrays and objects nest, brackets inside strings aside.
    Works on broken JSON too (the parser reports that afterwards)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub(b'""', body)):
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _multipart_refusal(request: HttpRequest) -> tuple[int, str, str] | None:
    """A form sent as multipart (FusionInvoice reads them): NUL in a field."""
    try:
        fields = request.POST
    except (MultiPartParserError, SuspiciousOperation):
        return 400, "The multipart body could not be read.", CODES[400]
    for key, values in fields.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return 400, "The body contains a NUL byte.", CODES[400]
    return None


def refusal(request: HttpRequest) -> tuple[int, str, str] | None:
    """(status, message, code) when no endpoint should read this request, else None.
    The code lets a dialect use its own words (Fusebill's "the query is not valid")."""
    where = request_nul_byte(request)
    if where is not None:
        code = "NUL_IN_QUERY_STRING" if where == "query string" else CODES[400]
        return 400, f"The {where} contains a NUL byte.", code
    length = request.META.get("CONTENT_LENGTH") or ""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length.isdigit() and int(length) > limit:
        return 413, MESSAGES[413], CODES[413]
    try:
        body = request.body
    except RequestDataTooBig:
        return 413, MESSAGES[413], CODES[413]
    if not body:
        return None
    if request.content_type.startswith("multipart/"):
        return _multipart_refusal(request)
    if b"\x00" in body or _ESCAPED_NUL.search(body):
        return 400, "The body contains a NUL byte.", CODES[400]
    if request.content_type == "application/x-www-form-urlencoded":
        if b"%00" in body:
            return 400, "The body contains a NUL byte.", CODES[400]
        return None
    # Counting brackets is cheap; the scan runs only when they could nest too deep.
    many = body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH
    if many and json_depth(body) > MAX_JSON_DEPTH:
        message = f"The JSON is nested too deeply (over {MAX_JSON_DEPTH} levels)."
        return 400, message, CODES[400]
    return None


def _is_json(response: HttpResponse) -> bool:
    return "json" in response.get("Content-Type", "").lower()


def envelope_response(
    dialect: Dialect, status: int, message: str, code: str = ""
) -> HttpResponse:
    return error_response(dialect, status, message, code or CODES.get(status, "ERROR"))


class DialectEnvelopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        dialect = dialect_for_path(request.path)
        if dialect is None:
            return self.get_response(request)
        refused = refusal(request)
        if refused is not None:
            return envelope_response(dialect, *refused)
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            status = response.status_code
            reply = envelope_response(dialect, status, MESSAGES.get(status, "Error."))
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if response.has_header(header):
                    reply[header] = response[header]
            return reply
        return response

    def process_exception(self, request, exception):
        """A view that fails reading an oversize or unreadable body."""
        dialect = dialect_for_path(request.path)
        if dialect is None:
            return None
        if isinstance(exception, RequestDataTooBig):
            return envelope_response(dialect, 413, MESSAGES[413])
        if isinstance(exception, SuspiciousOperation):
            return envelope_response(dialect, 400, MESSAGES[400])
        return None
