"""Charging the payer through the configured gateway (`payment_charge`)."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.core.events import event_publish
from apps.core.money import ZERO
from apps.invoices.models import Invoice, InvoiceEvent
from apps.invoices.services import (
    invoice_charge_failed_record,
    invoice_event_record,
    invoice_lock,
    invoice_payment_apply,
    invoice_send,
)

from ..gateways import (
    AchDetails,
    CardDetails,
    ChargeOutcome,
    GatewayError,
    gateway_for,
)
from ..models import Payment
from .recording import _after_payment, _existing
from .rules import payment_charge_check

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
    sent before the gateway is called (see `rules`). The invoice stays locked while
    the gateway answers, so concurrent charges cannot take it past its balance. A
    declined or failed charge is kept as a payment row with no effect on the balance;
    a refused one (ValidationError) leaves no row and never reaches the gateway.
    """
    if (card is None) == (ach is None):
        raise ValidationError({"method": "Give either card or bank account details."})
    method = Payment.Method.CARD if card else Payment.Method.ACH
    try:
        with transaction.atomic():
            invoice = invoice_lock(invoice_id=invoice.pk)
            if (existing := _existing(idempotency_key)) is not None:
                return ChargeResult(payment=existing, replayed=True)
            amount, tip = payment_charge_check(
                invoice=invoice,
                amount=amount,
                tip=tip,
                method=method,
                balance_seen=balance_seen,
            )
            if invoice.status == Invoice.Status.DRAFT:
                invoice = invoice_send(invoice=invoice, by=by)
            gateway_name, outcome = _gateway_charge(
                method, card, ach, amount + tip, invoice
            )
            payment = Payment(
                invoice=invoice,
                client_id=invoice.client_id,
                amount=amount,
                tip=tip,
                currency=invoice.currency,
                method=method,
                source=source,
                paid_at=timezone.localdate(),
                gateway=gateway_name,
                transaction_id=outcome.transaction_id,
                reference=outcome.transaction_id,
                response_code=outcome.response_code,
                response_text=outcome.response_text[:200],
                card_brand=outcome.card_brand if card else "",
                card_last4=outcome.last4 if card else "",
                account_last4=outcome.last4 if ach else "",
                idempotency_key=idempotency_key or None,
                created_by=by,
                status=Payment.Status.SUCCEEDED
                if outcome.approved
                else Payment.Status.DECLINED
                if outcome.is_decline
                else Payment.Status.FAILED,
            )
            payment.save()
            if outcome.approved:
                invoice_payment_apply(invoice=invoice, amount=amount, tip=tip)
                invoice_event_record(
                    invoice=invoice,
                    kind=InvoiceEvent.Kind.PAYMENT,
                    data={
                        "payment": payment.pk,
                        "amount": str(amount),
                        "tip": str(tip),
                        "method": method,
                    },
                )
                transaction.on_commit(lambda: _after_payment(payment.pk))
                event_publish("payment.succeeded", payment_id=payment.pk)
            else:
                invoice_charge_failed_record(invoice=invoice)
                invoice_event_record(
                    invoice=invoice,
                    kind=InvoiceEvent.Kind.PAYMENT_FAILED,
                    data={"payment": payment.pk, "code": outcome.response_code},
                )
                event_publish("payment.failed", payment_id=payment.pk)
            return ChargeResult(payment=payment)
    except IntegrityError:
        # Another request with the same one-time key committed first.
        existing = _existing(idempotency_key)
        if existing is None:
            raise
        return ChargeResult(payment=existing, replayed=True)


def _gateway_charge(
    method, card, ach, total: Decimal, invoice: Invoice
) -> tuple[str, ChargeOutcome]:
    """Charge through the configured gateway: (its name, the outcome). A gateway that
    cannot be loaded or reached is a failed attempt (301), never an error page."""
    name = (
        settings.REMIT_CARD_GATEWAY if card is not None else settings.REMIT_ACH_GATEWAY
    )
    try:
        gateway = gateway_for(method)
        name = gateway.name
        if card is not None:
            outcome = gateway.charge_card(
                card=card,
                amount=total,
                currency=invoice.currency,
                reference=invoice.number,
            )
        else:
            outcome = gateway.charge_ach(
                ach=ach,
                amount=total,
                currency=invoice.currency,
                reference=invoice.number,
            )
    except GatewayError as exc:
        logger.warning("Gateway %s failed for invoice %s: %s", name, invoice.pk, exc)
        outcome = ChargeOutcome(
            approved=False, response_code=301, response_text=str(exc)
        )
    return name[:30], outcome
