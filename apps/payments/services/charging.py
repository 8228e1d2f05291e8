"""Charging the payer through the configured gateway, in two phases.

1. `payment_charge` commits an attempt (`processing`: amount, tip, method, the
   idempotency key) under the invoice lock, after the payer's rules allowed it.
2. The gateway is called with no transaction open and no lock held, passing the
   attempt's key, so the processor itself refuses to charge one key twice.
3. `payment_outcome_apply` writes the answer in a second short transaction under
   the invoice lock; it applies the money only if it still fits the balance.

An answer that never came (timeout, lost connection, a killed worker) leaves the
attempt `processing`: `payment_reconcile` (services/settling.py) asks the gateway
by the key. A retry with the same key finds the attempt: a settled one is answered
as it is; a `processing` one is sent to the gateway again with the same key, which
answers the first outcome and charges nothing new.
"""

import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.core.money import ZERO
from apps.invoices.models import Invoice
from apps.invoices.services import invoice_lock, invoice_send

from ..gateways import (
    AchDetails,
    CardDetails,
    ChargeOutcome,
    GatewayError,
    gateway_for,
    gateway_takes_raw_details,
)
from ..gateways.base import card_brand
from ..models import Payment
from .recording import _existing
from .rules import payment_charge_check
from .settling import payment_outcome_apply

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChargeResult:
    payment: Payment
    replayed: bool = (
        False  # the same one-time key was charged before: nothing new happened
    )

    @property
    def approved(self) -> bool:
        return self.payment.status == Payment.Status.SUCCEEDED

    @property
    def unknown(self) -> bool:
        """The gateway's answer is not known yet: "we are confirming"."""
        return self.payment.status == Payment.Status.PROCESSING


@staff_write
def payment_charge(
    *,
    invoice: Invoice,
    amount,
    tip=ZERO,
    card: CardDetails | None = None,
    ach: AchDetails | None = None,
    idempotency_key: str | None = None,
    balance_seen=None,
    source: str = Payment.Source.HOSTED_PAGE,
    by=None,
) -> ChargeResult:
    """Charge the payer's card or bank account through the configured gateway.

    Every charge, whatever the door, is judged by `payment_charge_check` first (the
    balance the payer saw is checked when the door gives it). A draft that passes is
    sent before the gateway is called (see `rules`). A refused request
    (ValidationError) leaves no row and never reaches the gateway; a declined or
    failed charge is kept as a payment row with no effect on the balance; an
    unknown outcome stays `processing`; an ACH debit is `pending` until it settles.
    """
    if (card is None) == (ach is None):
        raise ValidationError({"method": "Give either card or bank account details."})
    method = Payment.Method.CARD if card else Payment.Method.ACH
    if not gateway_takes_raw_details(method):
        raise ValidationError(
            {
                "method": (
                    "The payment gateway takes card and bank details only on its own "
                    "secure form; pay on the invoice's payment page instead."
                )
            }
        )
    key = idempotency_key or f"remit:{uuid.uuid4().hex}"
    attempt, replayed = _attempt_begin(
        invoice=invoice,
        amount=amount,
        tip=tip,
        method=method,
        card=card,
        ach=ach,
        key=key,
        balance_seen=balance_seen,
        source=source,
        by=by,
    )
    if attempt.status != Payment.Status.PROCESSING:
        return ChargeResult(payment=attempt, replayed=replayed)
    outcome = _gateway_charge(attempt, card, ach)
    if outcome is None:  # unknown: reconciliation settles it
        return ChargeResult(payment=attempt, replayed=replayed)
    return ChargeResult(
        payment=payment_outcome_apply(payment=attempt, outcome=outcome),
        replayed=replayed,
    )


def _attempt_begin(
    *,
    invoice,
    amount,
    tip,
    method,
    card,
    ach,
    key,
    balance_seen,
    source,
    by,
    awaiting_payer=False,
) -> tuple[Payment, bool]:
    """Phase 1: commit the `processing` attempt, or find the key's earlier one."""
    try:
        with transaction.atomic():
            invoice = invoice_lock(invoice_id=invoice.pk)
            if (existing := _existing(key)) is not None:
                return existing, True
            amount, tip = payment_charge_check(
                invoice=invoice,
                amount=amount,
                tip=tip,
                method=method,
                balance_seen=balance_seen,
            )
            if invoice.status == Invoice.Status.DRAFT:
                invoice = invoice_send(invoice=invoice, by=by)
            configured = (
                settings.REMIT_CARD_GATEWAY
                if method == Payment.Method.CARD
                else settings.REMIT_ACH_GATEWAY
            )
            attempt = Payment(
                invoice=invoice,
                client_id=invoice.client_id,
                amount=amount,
                tip=tip,
                currency=invoice.currency,
                method=method,
                source=source,
                status=Payment.Status.PROCESSING,
                paid_at=timezone.localdate(),
                gateway=_gateway_name(method, configured),
                awaiting_payer=awaiting_payer,
                card_brand=card_brand(card.number) if card else "",
                card_last4=card.number[-4:] if card else "",
                account_last4=ach.account_number[-4:] if ach else "",
                idempotency_key=key,
                created_by=by,
            )
            attempt.save()
            return attempt, False
    except IntegrityError:
        # Another request with the same one-time key committed first.
        existing = _existing(key)
        if existing is None:
            raise
        return existing, True


def _gateway_name(method: str, configured: str) -> str:
    try:
        return gateway_for(method).name[:30]
    except GatewayError:
        return configured[:30]


def _gateway_charge(attempt: Payment, card, ach) -> ChargeOutcome | None:
    """Phase 2: the gateway call, outside any transaction. None: the outcome is
    unknown. A gateway that cannot be loaded charged nothing: failed (301)."""
    try:
        gateway = gateway_for(attempt.method)
    except GatewayError as exc:
        return ChargeOutcome(approved=False, response_code=301, response_text=str(exc))
    total: Decimal = attempt.amount + attempt.tip
    try:
        if card is not None:
            return gateway.charge_card(
                card=card,
                amount=total,
                currency=attempt.currency,
                reference=attempt.invoice.number,
                idempotency_key=attempt.idempotency_key,
            )
        return gateway.charge_ach(
            ach=ach,
            amount=total,
            currency=attempt.currency,
            reference=attempt.invoice.number,
            idempotency_key=attempt.idempotency_key,
        )
    except GatewayError as exc:
        logger.warning(
            "Gateway %s gave no answer for payment %s (left processing): %s",
            attempt.gateway,
            attempt.pk,
            exc,
        )
        return None


@dataclass(frozen=True)
class IntentResult:
    payment: Payment
    client_secret: str = ""  # for Stripe.js; empty once the attempt is settled


def payment_intent_start(
    *,
    invoice: Invoice,
    amount,
    method: str,
    tip=ZERO,
    idempotency_key: str,
    balance_seen=None,
    source: str = Payment.Source.HOSTED_PAGE,
) -> IntentResult:
    """Start a payment whose details the gateway's own form takes (Stripe's
    Payment Element): the payer's rules, then a committed attempt (awaiting the
    payer), then the intent, created outside any transaction with the attempt's
    key. The same key again finds the same attempt and the same intent."""
    if method not in (Payment.Method.CARD, Payment.Method.ACH):
        raise ValidationError({"method": "Choose card or bank account (ACH)."})
    attempt, _ = _attempt_begin(
        invoice=invoice,
        amount=amount,
        tip=tip,
        method=method,
        card=None,
        ach=None,
        key=idempotency_key,
        balance_seen=balance_seen,
        source=source,
        by=None,
        awaiting_payer=True,
    )
    if attempt.status != Payment.Status.PROCESSING or not attempt.awaiting_payer:
        return IntentResult(payment=attempt)
    try:
        outcome = gateway_for(method).intent_create(
            method=method,
            amount=attempt.amount + attempt.tip,
            currency=attempt.currency,
            reference=attempt.invoice.number,
            idempotency_key=attempt.idempotency_key,
        )
    except (GatewayError, AttributeError) as exc:
        logger.warning("No intent for payment %s: %s", attempt.pk, exc)
        raise ValidationError(
            "The payment processor could not be reached; nothing was charged. "
            "Please try again in a few minutes."
        ) from None
    Payment.objects.filter(pk=attempt.pk).update(
        transaction_id=outcome.transaction_id[:64]
    )
    attempt.transaction_id = outcome.transaction_id[:64]
    return IntentResult(
        payment=attempt, client_secret=outcome.extra.get("client_secret") or ""
    )
