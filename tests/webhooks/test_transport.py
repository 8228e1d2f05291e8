"""SSRF: deliveries never reach private, loopback or link-local addresses unless
REMIT_WEBHOOKS_ALLOW_PRIVATE allows it; endpoint URLs must be https when required."""

import socket

import pytest
from django.core.exceptions import ValidationError

from apps.webhooks import transport
from apps.webhooks.services import webhook_endpoint_create


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "224.0.0.1",
    ],
)
def test_address_is_public_refuses_private_ranges(address):
    assert not transport.address_is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
def test_address_is_public_accepts_public_addresses(address):
    assert transport.address_is_public(address)


def test_delivery_to_loopback_is_refused_without_connecting(receiver, settings):
    settings.REMIT_WEBHOOKS_ALLOW_PRIVATE = False
    outcome = transport.post(url=receiver.url, body=b"{}", headers={})
    assert outcome.status_code is None and "127.0.0.1" in outcome.error
    assert receiver.requests == []


def test_every_resolved_address_is_checked(settings, monkeypatch):
    """A host with one public and one private address is refused (DNS tricks)."""
    settings.REMIT_WEBHOOKS_ALLOW_PRIVATE = False

    def fake_getaddrinfo(host, port, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
        ]

    monkeypatch.setattr(transport.socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(ValidationError, match="10.0.0.5"):
        transport.resolve_checked("hooks.example.com", 443)


def test_the_connection_goes_to_the_checked_address(receiver, settings, monkeypatch):
    """The name is resolved once; the socket connects to that address (a second,
    different answer from DNS cannot redirect the connection)."""
    settings.REMIT_WEBHOOKS_ALLOW_PRIVATE = True
    port = int(receiver.url.split(":")[2].split("/")[0])
    answers = iter(["127.0.0.1", "10.9.9.9"])
    asked = []
    real = socket.getaddrinfo

    def fake_getaddrinfo(host, p, *args, **kwargs):
        if host[0].isdigit():  # the connection to the checked address
            return real(host, p, *args, **kwargs)
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), p))]

    monkeypatch.setattr(transport.socket, "getaddrinfo", fake_getaddrinfo)
    outcome = transport.post(
        url=f"http://hooks.example.test:{port}/x", body=b"{}", headers={}
    )
    assert outcome.status_code == 200 and asked == ["hooks.example.test"]
    assert receiver.requests[0].headers["host"].startswith("hooks.example.test")


def test_a_name_that_resolves_to_loopback_is_refused(settings):
    settings.REMIT_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError, match="private, loopback or link-local"):
        transport.resolve_checked("localhost", 80)


@pytest.mark.django_db
def test_https_is_required_when_the_setting_says_so(settings, staff_user):
    settings.REMIT_WEBHOOKS_REQUIRE_HTTPS = True
    with pytest.raises(ValidationError) as caught:
        webhook_endpoint_create(
            url="http://hooks.example.com/x", events=["invoice.paid"], by=staff_user
        )
    assert "https://" in caught.value.message_dict["url"][0]
    issued = webhook_endpoint_create(
        url="https://hooks.example.com/x", events=["invoice.paid"], by=staff_user
    )
    assert issued.endpoint.pk


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/", "https://", "file:///etc/passwd", "https://u:p@example.com"],
)
def test_url_check_refuses_other_schemes_and_credentials(url):
    with pytest.raises(ValidationError):
        transport.url_check(url)


def test_production_settings_require_https():
    import ast
    from pathlib import Path

    source = Path("config/settings/production.py").read_text()
    assigned = {
        node.targets[0].id: node.value
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    assert ast.literal_eval(assigned["REMIT_WEBHOOKS_REQUIRE_HTTPS"]) is True
