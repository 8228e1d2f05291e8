"""Payment gateways behind one small interface; chosen per method by settings.

`REMIT_CARD_GATEWAY` / `REMIT_ACH_GATEWAY` name a registered gateway ("sandbox" is
built in). A real processor is one more class registered in `GATEWAYS`.
"""

from django.conf import settings

from .base import AchDetails, CardDetails, ChargeOutcome, Gateway, GatewayError
from .sandbox import SandboxGateway

GATEWAYS: dict[str, type[Gateway]] = {"sandbox": SandboxGateway}


def gateway_for(method: str) -> Gateway:
    name = settings.REMIT_CARD_GATEWAY if method == "card" else settings.REMIT_ACH_GATEWAY
    try:
        return GATEWAYS[name]()
    except KeyError:
        raise GatewayError(f"No payment gateway named '{name}' is configured.") from None


__all__ = ["AchDetails", "CardDetails", "ChargeOutcome", "Gateway", "GatewayError", "gateway_for"]
