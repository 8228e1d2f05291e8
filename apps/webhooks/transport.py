"""Sending one signed POST, refusing addresses a webhook must never reach (SSRF).

The host is resolved once; every address it resolves to is checked (private,
loopback, link-local, multicast, reserved and unspecified ranges are refused, IPv6
included, and IPv4-mapped IPv6 is judged as IPv4), and the connection is made to the
checked address, with the original host name in `Host` and in TLS (SNI and
certificate check). So a name that resolves to a public address when checked and a
private one when connecting (DNS rebinding) cannot slip through. Redirects are not
followed: a 3xx is a failed attempt.

`REMIT_WEBHOOKS_ALLOW_PRIVATE=true` lifts the address check (the tests' receiver
runs on 127.0.0.1); `REMIT_WEBHOOKS_REQUIRE_HTTPS` (on in production) refuses
`http://` URLs.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

TIMEOUT_SECONDS = 10
MAX_ERROR_BODY = 200


@dataclass(frozen=True)
class Outcome:
    status_code: int | None  # None when no answer came back
    error: str  # empty on 2xx
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED)
    )


_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT


def url_check(url: str) -> None:
    """The rules a URL must meet to be registered: http(s), a host, https when the
    setting requires it. Raises ValidationError({"url": ...})."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": "Enter an http:// or https:// URL with a host."})
    if parts.scheme != "https" and settings.REMIT_WEBHOOKS_REQUIRE_HTTPS:
        raise ValidationError({"url": "Webhook URLs must use https://."})
    if parts.username or parts.password:
        raise ValidationError(
            {"url": "Leave credentials out of the URL; verify the signature instead."}
        )
    try:
        parts.port  # noqa: B018  (raises on a port out of range)
    except ValueError:
        raise ValidationError({"url": "The port is not valid."}) from None


def resolve_checked(host: str, port: int) -> str:
    """The first address of `host` after checking every one; raises ValidationError
    when any address is not public (unless private addresses are allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValidationError(
            {"url": f"The host {host} does not resolve ({exc})."}
        ) from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise ValidationError({"url": f"The host {host} does not resolve."})
    if not settings.REMIT_WEBHOOKS_ALLOW_PRIVATE:
        refused = [a for a in addresses if not address_is_public(a)]
        if refused:
            raise ValidationError(
                {
                    "url": (
                        f"{host} resolves to {refused[0]}, a private, loopback or "
                        "link-local address; webhooks only go to public addresses."
                    )
                }
            )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection(
            (self._address, self.port), self.timeout, self.source_address
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection(
            (self._address, self.port), self.timeout, self.source_address
        )
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(*, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST `body` to `url` through a checked address; never raises for the
    endpoint's faults (refusal, timeout, bad TLS): they are failed outcomes."""
    started = time.monotonic()

    def outcome(status_code, error) -> Outcome:
        elapsed = int((time.monotonic() - started) * 1000)
        return Outcome(status_code=status_code, error=error[:500], duration_ms=elapsed)

    try:
        url_check(url)
        parts = urlsplit(url)
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        address = resolve_checked(parts.hostname, port)
    except ValidationError as exc:
        return outcome(None, " ".join(exc.messages))
    connection_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, port, address, timeout=TIMEOUT_SECONDS
    )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(MAX_ERROR_BODY).decode("utf-8", "replace")
    except TimeoutError:
        return outcome(None, f"No answer within {TIMEOUT_SECONDS} seconds.")
    except (OSError, http.client.HTTPException) as exc:
        return outcome(None, f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return outcome(response.status, "")
    return outcome(response.status, f"HTTP {response.status}: {text.strip()}")
