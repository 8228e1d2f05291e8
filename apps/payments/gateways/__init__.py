"""Payment gateways behind one small interface; chosen per method by settings.

`REMIT_CARD_GATEWAY` / `REMIT_ACH_GATEWAY` name a gateway: a key of `GATEWAYS`
("sandbox" is built in) or the dotted path of a class implementing `Gateway`
(`charge_card` / `charge_ach`), so a real processor plugs in by settings alone: the
hosted page, the services and the API dialects only ever call `gateway_for()`.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import AchDetails, CardDetails, ChargeOutcome, Gateway, GatewayError
from .sandbox import SandboxGateway

GATEWAYS: dict[str, type[Gateway]] = {"sandbox": SandboxGateway}


def gateway_for(method: str) -> Gateway:
    name = (
        settings.REMIT_CARD_GATEWAY if method == "card" else settings.REMIT_ACH_GATEWAY
    )
    if name in GATEWAYS:
        return GATEWAYS[name]()
    if "." in name:
        try:
            return import_string(name)()
        except ImportError:
            pass
    raise GatewayError(
        f"No payment gateway named '{name}' is configured; use 'sandbox' or the "
        "dotted path of a gateway class."
    )


__all__ = [
    "AchDetails",
    "CardDetails",
    "ChargeOutcome",
    "Gateway",
    "GatewayError",
    "gateway_for",
]
