"""The body of a delivery: Standard Webhooks' envelope around the event's object,
written in the endpoint's chosen dialect.

    {"type": "invoice.paid", "timestamp": "2026-12-02T05:24:59.123456Z",
     "data": <the invoice as that dialect's API answers it>}

The dialects live above this app, so they register their shapes here
(`payload_shape_register`, called from `apps/api/common/webhook_payloads.py` when
the API app loads) instead of this app importing them. A shape takes the object's id
and returns its JSON text, written with the dialect's own number and date formats.
A dialect with no shape for a kind of object (Fusebill and FluidPay have no quotes,
TimeTap no payments) sends `{"object": kind, "id": id}` so the consumer can fetch
it from another API.
"""

import json
from collections.abc import Callable

from django.utils import timezone

# event prefix -> kind of object and the id the event carries
KINDS = {"invoice": "invoice_id", "payment": "payment_id", "quote": "quote_id"}

Shape = Callable[[int], str]
_shapes: dict[tuple[str, str], Shape] = {}


def payload_shape_register(*, dialect: str, kind: str, shape: Shape) -> None:
    _shapes[(dialect, kind)] = shape


def payload_data(*, dialect: str, kind: str, object_id: int) -> str:
    shape = _shapes.get((dialect, kind))
    if shape is None:
        return json.dumps({"object": kind, "id": object_id})
    return shape(object_id)


def payload_body(*, event: str, dialect: str, ids: dict) -> str:
    """The exact text to sign and send for `event` about `ids` (one of KINDS)."""
    kind = event.split(".", 1)[0]
    data = payload_data(dialect=dialect, kind=kind, object_id=ids[KINDS[kind]])
    stamp = timezone.now().isoformat().replace("+00:00", "Z")
    head = json.dumps({"type": event, "timestamp": stamp})
    return head[:-1] + ', "data": ' + data + "}"
