"""A small local stand-in for the few Stripe endpoints Remit uses, in Stripe's
documented shapes, so the real `stripe` library talks HTTP to it (no network):

- POST /v1/payment_intents (form-encoded; honours Idempotency-Key)
- GET  /v1/payment_intents/{id}
- GET  /v1/payment_intents/search?query=metadata['remit_key']:'...'
- POST /v1/refunds (honours Idempotency-Key; refuses more than is left)

`confirm()` plays the payer's browser (Stripe.js) moving an intent on, and
`signed_event()` builds a webhook body and its `Stripe-Signature` header with
Stripe's scheme (t=..., v1=HMAC-SHA256 of "t.payload" with the endpoint secret).
"""

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse

SECRET_KEY = "sk_test_remit"
WEBHOOK_SECRET = "whsec_remit_test"


def _unflatten(pairs) -> dict:
    """Stripe's form encoding (metadata[k]=v, list[0]=v) back into a dict."""
    out: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    for name, value in list(out.items()):
        if isinstance(value, dict) and value and all(k.isdigit() for k in value):
            out[name] = [value[k] for k in sorted(value, key=int)]
    return out


class FakeStripe:
    def __init__(self):
        self.intents: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.by_key: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{next(fake._ids)}")
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self):
                if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                    self._send(
                        401,
                        {
                            "error": {
                                "type": "invalid_request_error",
                                "message": "Invalid API Key provided.",
                            }
                        },
                    )
                    return False
                return True

            def do_GET(self):
                fake.requests.append(("GET", self.path))
                if not self._authorized():
                    return
                url = urlparse(self.path)
                if url.path == "/v1/payment_intents/search":
                    query = dict(parse_qsl(url.query)).get("query", "")
                    match = re.search(r"metadata\['remit_key'\]:'([^']*)'", query)
                    key = match.group(1) if match else None
                    found = [
                        i
                        for i in fake.intents.values()
                        if i["metadata"].get("remit_key") == key
                    ]
                    return self._send(
                        200,
                        {
                            "object": "search_result",
                            "url": "/v1/payment_intents/search",
                            "has_more": False,
                            "next_page": None,
                            "data": found,
                        },
                    )
                intent = fake.intents.get(url.path.rsplit("/", 1)[-1])
                if url.path.startswith("/v1/payment_intents/") and intent:
                    return self._send(200, intent)
                self._send(404, {"error": {"type": "invalid_request_error"}})

            def do_POST(self):
                fake.requests.append(("POST", self.path))
                if not self._authorized():
                    return
                length = int(self.headers.get("Content-Length") or 0)
                params = _unflatten(parse_qsl(self.rfile.read(length).decode()))
                key = self.headers.get("Idempotency-Key")
                with fake._lock:
                    if key and key in fake.by_key:
                        return self._send(200, fake.by_key[key])
                    if self.path == "/v1/payment_intents":
                        status, body = 200, fake._intent(params)
                    elif self.path == "/v1/refunds":
                        status, body = fake._refund(params)
                    else:
                        status, body = 404, {"error": {"type": "invalid_request_error"}}
                    if key and status == 200:
                        fake.by_key[key] = body
                self._send(status, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _intent(self, params) -> dict:
        intent_id = f"pi_{next(self._ids):08d}"
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(params["amount"]),
            "amount_received": 0,
            "currency": params["currency"],
            "client_secret": f"{intent_id}_secret_{intent_id[-4:]}",
            "created": int(time.time()),
            "description": params.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "payment_method_types": params.get("payment_method_types", ["card"]),
            "status": "requires_payment_method",
        }
        self.intents[intent_id] = intent
        return intent

    def _refund(self, params):
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None or intent["status"] != "succeeded":
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "code": "charge_not_refundable",
                    "message": "This PaymentIntent has no successful charge.",
                }
            }
        amount = int(params.get("amount") or intent["amount"])
        done = sum(
            r["amount"] for r in self.refunds if r["payment_intent"] == intent["id"]
        )
        if amount > intent["amount"] - done:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "code": "amount_too_large",
                    "message": "Refund amount is greater than unrefunded amount.",
                }
            }
        refund = {
            "id": f"re_{next(self._ids):08d}",
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": intent["id"],
            "status": "succeeded",
        }
        self.refunds.append(refund)
        return 200, refund

    def confirm(self, intent_id: str, status: str, error: dict | None = None) -> dict:
        """What Stripe.js and the bank do to an intent: succeeded, processing
        (ACH), or back to requires_payment_method with `last_payment_error`."""
        intent = self.intents[intent_id]
        intent["status"] = status
        intent["last_payment_error"] = error
        if status == "succeeded":
            intent["amount_received"] = intent["amount"]
            intent["latest_charge"] = f"ch_{intent_id[3:]}"
        return intent


def signed_event(event_type: str, obj: dict, *, event_id: str, secret=WEBHOOK_SECRET):
    """A webhook body and its Stripe-Signature header."""
    payload = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2024-06-20",
            "created": int(time.time()),
            "livemode": False,
            "type": event_type,
            "data": {"object": obj},
        }
    )
    timestamp = int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return payload, f"t={timestamp},v1={signature}"
