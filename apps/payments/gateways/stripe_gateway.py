"""Stripe, through the official `stripe` library (REMIT_CARD_GATEWAY=stripe,
REMIT_ACH_GATEWAY=stripe).

Card and bank details never reach Remit: Remit creates a PaymentIntent for the
amount and tip chosen on its own page (idempotency key = the attempt's key, kept in
the intent's metadata as `remit_key`), and Stripe's Payment Element confirms it in
the payer's browser. Webhooks (apps/payments/webhooks.py) and reconciliation
(`lookup`, which searches intents by that metadata) bring the outcome back.

Amounts cross this edge in the currency's minor units (`to_minor_units`).
"""

from decimal import Decimal

import stripe
from django.conf import settings

from apps.core.money import to_minor_units

from .base import AchDetails, CardDetails, ChargeOutcome, GatewayError

METHOD_TYPES = {"card": "card", "ach": "us_bank_account"}


def _client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise GatewayError("STRIPE_SECRET_KEY is not set.")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=2,  # safe: every POST carries an idempotency key
    )


def _get(obj, name, default=None):
    try:
        value = obj[name]
    except (KeyError, TypeError):
        return default
    return default if value is None else value


def intent_outcome(intent) -> ChargeOutcome:
    """A PaymentIntent (from the API or a webhook) as Remit's outcome."""
    status = _get(intent, "status", "")
    intent_id = _get(intent, "id", "")
    error = _get(intent, "last_payment_error")
    bank = "us_bank_account" in (_get(intent, "payment_method_types") or [])
    common = {"transaction_id": intent_id, "extra": {"intent_status": status}}
    if status == "succeeded":
        return ChargeOutcome(True, 100, "Approved", **common)
    if status == "processing":  # ACH debits sit here until they settle
        return ChargeOutcome(True, 100, "Processing", pending=True, **common)
    if status == "canceled":
        return ChargeOutcome(False, 300, "Canceled at Stripe", **common)
    if error:
        code = _get(error, "decline_code") or _get(error, "code") or "failed"
        text = _get(error, "message") or "The payment failed."
        if bank:  # a debit that failed after it was processing: a return
            return ChargeOutcome(False, 200, text[:200], return_code=code, **common)
        return ChargeOutcome(False, 200, text[:200], **common)
    return ChargeOutcome(
        False,
        0,
        "Waiting for the payer to confirm",
        awaiting_payer=True,
        **{
            **common,
            "extra": {
                **common["extra"],
                "client_secret": _get(intent, "client_secret"),
            },
        },
    )


class StripeGateway:
    name = "stripe"
    takes_raw_cards = False  # the Payment Element takes them, on Stripe's side

    def intent_create(
        self,
        *,
        method: str,
        amount: Decimal,
        currency: str,
        reference: str,
        idempotency_key: str,
    ) -> ChargeOutcome:
        """Create (or, for a repeated key, find) the PaymentIntent the payer's
        browser confirms; `extra["client_secret"]` goes to Stripe.js."""
        try:
            intent = _client().v1.payment_intents.create(
                {
                    "amount": to_minor_units(amount, currency),
                    "currency": currency.lower(),
                    "payment_method_types": [METHOD_TYPES[method]],
                    "description": f"Invoice {reference}",
                    "metadata": {"remit_key": idempotency_key, "invoice": reference},
                },
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe: {exc.user_message or exc}") from exc
        return intent_outcome(intent)

    def charge_card(
        self, *, card: CardDetails, amount, currency, reference, idempotency_key
    ) -> ChargeOutcome:
        raise GatewayError("Stripe takes card details on its own form only.")

    def charge_ach(
        self, *, ach: AchDetails, amount, currency, reference, idempotency_key
    ) -> ChargeOutcome:
        raise GatewayError("Stripe takes bank details on its own form only.")

    def lookup(
        self, *, idempotency_key: str, transaction_id: str = ""
    ) -> ChargeOutcome | None:
        """The intent made with this key: by its id when Remit kept it, else found
        by its metadata (Stripe's search may lag a minute behind; reconciliation
        runs again). None if there is none."""
        try:
            if transaction_id.startswith("pi_"):
                return intent_outcome(
                    _client().v1.payment_intents.retrieve(transaction_id)
                )
            found = _client().v1.payment_intents.search(
                {"query": f"metadata['remit_key']:'{idempotency_key}'", "limit": 1}
            )
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe: {exc.user_message or exc}") from exc
        data = list(found.data)
        return intent_outcome(data[0]) if data else None

    def refund(
        self,
        *,
        transaction_id: str,
        amount: Decimal,
        currency: str,
        idempotency_key: str,
    ) -> ChargeOutcome:
        try:
            refund = _client().v1.refunds.create(
                {
                    "payment_intent": transaction_id,
                    "amount": to_minor_units(amount, currency),
                },
                {"idempotency_key": idempotency_key},
            )
        except stripe.InvalidRequestError as exc:
            return ChargeOutcome(False, 300, f"Stripe: {exc.user_message or exc}")
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe: {exc.user_message or exc}") from exc
        approved = _get(refund, "status") in ("succeeded", "pending")
        return ChargeOutcome(
            approved,
            100 if approved else 300,
            "Refunded" if approved else f"Refund {_get(refund, 'status')}",
            _get(refund, "id", ""),
        )
