"""A real HTTP receiver on 127.0.0.1, and a Standard Webhooks verifier written
from the spec, independently of Remit's signing code (apps/webhooks/secrets.py)."""

import base64
import hashlib
import hmac
import http.server
import threading
import time
from dataclasses import dataclass, field

import pytest

from apps.webhooks.models import WebhookEndpoint
from apps.webhooks.services import webhook_endpoint_create


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    url: str
    statuses: list = field(default_factory=list)  # answered in order, then 200
    requests: list = field(default_factory=list)

    def wait_for(self, count: int, seconds: float = 5.0) -> list[Received]:
        deadline = time.monotonic() + seconds
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.requests


@pytest.fixture
def receiver():
    state = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            state.requests.append(
                Received(
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
            )
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"receiver broke")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/remit"
    yield state
    server.shutdown()
    server.server_close()


def verify(received: Received, secret: str, *, tolerance: int = 300) -> bool:
    """Standard Webhooks verification, as a consumer would write it."""
    msg_id = received.headers["webhook-id"]
    stamp = received.headers["webhook-timestamp"]
    if abs(time.time() - int(stamp)) > tolerance:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    content = f"{msg_id}.{stamp}.".encode() + received.body
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest())
    for candidate in received.headers["webhook-signature"].split(" "):
        version, _, sig = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(sig.encode(), expected):
            return True
    return False


@pytest.fixture
def make_endpoint(staff_user):
    def make(url, events=("invoice.paid",), dialect="fusioninvoice"):
        return webhook_endpoint_create(
            url=url, events=list(events), dialect=dialect, by=staff_user
        )

    return make


@pytest.fixture
def dialects():
    return [choice for choice, _ in WebhookEndpoint.Dialect.choices]
