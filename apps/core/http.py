"""HTTP helpers every door shares: download filenames, and input no page can read."""

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpRequest

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Control characters, path separators and the characters that end a quoted-string or
# start another header parameter; everything else in a name is kept (UTF-8) in
# filename*.
_NOT_IN_A_NAME = re.compile(r'[\x00-\x1f\x7f"\\/;:*?<>|]+')
MAX_NAME = 120


def content_disposition(name: str, *, extension: str = "pdf", inline=False) -> str:
    """A `Content-Disposition` value for downloading `name.extension`, safe for any
    `name` (an invoice number a user typed): RFC 6266, with an ASCII `filename=`
    fallback (unsafe characters as `_`) and `filename*=UTF-8''...` for the rest.
    No quote, semicolon, newline or NUL in `name` can add a parameter or a header."""
    readable = _NOT_IN_A_NAME.sub("_", unicodedata.normalize("NFC", str(name)))
    readable = readable.strip(" ._")[:MAX_NAME] or "document"
    ascii_name = _UNSAFE.sub("_", readable).strip("._") or "document"
    disposition = "inline" if inline else "attachment"
    value = f'{disposition}; filename="{ascii_name}.{extension}"'
    if ascii_name != readable:
        value += f"; filename*=UTF-8''{quote(f'{readable}.{extension}', safe='')}"
    return value


def request_nul_byte(request: HttpRequest) -> str | None:
    """Where a NUL byte sits in the request line or headers ("path", "query string",
    "header"), or None. PostgreSQL cannot store or compare one, and no browser or API
    client sends one, so any door refuses such a request before it reaches a query."""
    if "\x00" in request.path:
        return "path"
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return "query string"
    for name, value in request.META.items():
        if (
            isinstance(value, str)
            and (name.startswith("HTTP_") or name.startswith("CONTENT_"))
            and "\x00" in value
        ):
            return "header"
    return None
