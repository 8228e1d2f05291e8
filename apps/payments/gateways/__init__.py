"""Payment gateways behind one small interface; chosen per method by settings.

`REMIT_CARD_GATEWAY` / `REMIT_ACH_GATEWAY` name a gateway: a key of `GATEWAYS`
("sandbox" and "stripe" are built in) or the dotted path of a class implementing
`Gateway`
(`charge_card` / `charge_ach`), so a real processor plugs in by settings alone: the
hosted page, the services and the API dialects only ever call `gateway_for()`.
"""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import AchDetails, CardDetails, ChargeOutcome, Gateway, GatewayError
from .sandbox import SandboxGateway
from .stripe_gateway import StripeGateway

GATEWAYS: dict[str, type[Gateway]] = {
    "sandbox": SandboxGateway,
    "stripe": StripeGateway,
}


def gateway_for(method: str) -> Gateway:
    """The gateway configured for `method` ("card" or "ach")."""
    return gateway_named(
        settings.REMIT_CARD_GATEWAY if method == "card" else settings.REMIT_ACH_GATEWAY
    )


def gateway_named(name: str) -> Gateway:
    """A gateway by its setting value, or by the `name` a payment recorded (refunds
    go back to the gateway that charged, if it is still configured)."""
    if name in GATEWAYS:
        return GATEWAYS[name]()
    if "." in name:
        try:
            return import_string(name)()
        except ImportError:
            pass
    else:
        for configured in {settings.REMIT_CARD_GATEWAY, settings.REMIT_ACH_GATEWAY}:
            if "." in configured:
                gateway = gateway_named(configured)
                if gateway.name == name:
                    return gateway
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
    "gateway_named",
    "gateway_takes_raw_details",
]


def gateway_takes_raw_details(method: str) -> bool:
    """Whether card numbers or bank accounts for `method` may be posted to Remit
    (the sandbox: yes; Stripe: no, its Payment Element takes them)."""
    try:
        return getattr(gateway_for(method), "takes_raw_cards", True)
    except GatewayError:
        return True  # the charge itself reports the broken configuration


def gateways_check(app_configs=None, **kwargs):
    """System check: both configured gateways load (else every charge would fail)."""
    from django.core.checks import Error

    errors = []
    for setting in ("REMIT_CARD_GATEWAY", "REMIT_ACH_GATEWAY"):
        try:
            gateway_named(getattr(settings, setting))
        except GatewayError as exc:
            errors.append(Error(str(exc), obj=setting, id="payments.E001"))
    uses_stripe = "stripe" in {settings.REMIT_CARD_GATEWAY, settings.REMIT_ACH_GATEWAY}
    for setting in (
        "STRIPE_SECRET_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "STRIPE_WEBHOOK_SECRET",
    ):
        if uses_stripe and not getattr(settings, setting, ""):
            errors.append(
                Error(
                    f"{setting} is required by the Stripe gateway.", id="payments.E002"
                )
            )
    return errors
