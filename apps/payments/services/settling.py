"""Writing a gateway's answer onto a payment attempt, and reconciliation.

`payment_outcome_apply` is the one place an outcome changes money: the charge's
second phase, `payment_reconcile` (which asks the gateway by key) and the Stripe
webhook all call it, under the invoice lock, and a payment already settled is left
as it is, so the same answer arriving twice (a retry, a webhook and a
reconciliation) applies once.

States: `processing` -> `succeeded` | `pending` (ACH) | `declined` | `failed` |
`refunded` (approved, but the balance was gone: given back at once);
`pending` -> `succeeded` (settled) | `returned` (with the return code).
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.events import event_publish
from apps.invoices.models import Invoice, InvoiceEvent
from apps.invoices.services import (
    invoice_charge_failed_record,
    invoice_event_record,
    invoice_lock,
    invoice_payment_apply,
)

from ..gateways import ChargeOutcome, GatewayError, gateway_named
from ..gateways.stripe_gateway import intent_outcome
from ..models import GatewayEvent, Payment
from ..selectors import payment_list_unsettled

logger = logging.getLogger(__name__)

# How long an attempt the gateway has never heard of may still be on its way there
# (a request that is slow, not dead) before reconciliation calls it failed.
RECONCILE_GRACE = dt.timedelta(minutes=5)


@transaction.atomic
def payment_outcome_apply(*, payment: Payment, outcome: ChargeOutcome) -> Payment:
    """Write the gateway's answer on a `processing` or `pending` attempt."""
    invoice = invoice_lock(invoice_id=payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.invoice = invoice
    if payment.status == Payment.Status.PROCESSING:
        _first_answer(invoice, payment, outcome)
    elif payment.status == Payment.Status.PENDING and not outcome.pending:
        _settlement(invoice, payment, outcome)
    return payment


def _first_answer(invoice: Invoice, payment: Payment, outcome: ChargeOutcome) -> None:
    if outcome.awaiting_payer:
        return  # Stripe: the payer has not confirmed yet; stays processing
    payment.awaiting_payer = False
    payment.transaction_id = outcome.transaction_id[:64]
    payment.reference = outcome.transaction_id[:100]
    payment.response_code = outcome.response_code
    payment.response_text = outcome.response_text[:200]
    if outcome.card_brand and payment.method == Payment.Method.CARD:
        payment.card_brand, payment.card_last4 = outcome.card_brand, outcome.last4
    if outcome.approved and outcome.pending:
        payment.status = Payment.Status.PENDING  # not paid: held back only
        payment.save()
    elif outcome.approved:
        _credit(invoice, payment)
    elif outcome.return_code:
        _returned(invoice, payment, outcome)
    else:
        payment.status = (
            Payment.Status.DECLINED if outcome.is_decline else Payment.Status.FAILED
        )
        payment.settled_at = timezone.now()
        payment.save()
        invoice_charge_failed_record(invoice=invoice)
        invoice_event_record(
            invoice=invoice,
            kind=InvoiceEvent.Kind.PAYMENT_FAILED,
            data={"payment": payment.pk, "code": outcome.response_code},
        )
        event_publish("payment.failed", payment_id=payment.pk)


def _settlement(invoice: Invoice, payment: Payment, outcome: ChargeOutcome) -> None:
    """A pending ACH debit settled (money in) or came back (nothing was paid)."""
    if outcome.approved:
        payment.response_text = outcome.response_text[:200]
        _credit(invoice, payment)
    else:
        _returned(invoice, payment, outcome)


def _data(payment: Payment) -> dict:
    return {
        "payment": payment.pk,
        "amount": str(payment.amount),
        "tip": str(payment.tip),
        "method": payment.method,
    }


def _credit(invoice: Invoice, payment: Payment) -> None:
    """Apply approved money if it still fits the balance; else give it back."""
    payment.settled_at = timezone.now()
    fits = (
        invoice.deleted_at is None
        and invoice.status != Invoice.Status.VOID
        and payment.amount <= invoice.balance
    )
    if not fits:
        payment.status = Payment.Status.REFUNDED
        payment.refunded_amount = payment.amount
        payment.response_text = (
            "Refunded at once: the invoice no longer had this balance due "
            "(paid or voided while the charge was being made)."
        )
        payment.save()
        invoice_event_record(
            invoice=invoice,
            kind=InvoiceEvent.Kind.PAYMENT_REFUNDED,
            data={**_data(payment), "reason": "did_not_fit_balance"},
        )
        payment_id = payment.pk
        transaction.on_commit(lambda: _refund_overflow(payment_id))
        event_publish("payment.refunded", payment_id=payment.pk)
        return
    payment.status = Payment.Status.SUCCEEDED
    payment.save()
    invoice_payment_apply(invoice=invoice, amount=payment.amount, tip=payment.tip)
    invoice_event_record(
        invoice=invoice, kind=InvoiceEvent.Kind.PAYMENT, data=_data(payment)
    )
    from .recording import _after_payment

    payment_id = payment.pk
    transaction.on_commit(lambda: _after_payment(payment_id))
    event_publish("payment.succeeded", payment_id=payment.pk)


def _returned(invoice: Invoice, payment: Payment, outcome: ChargeOutcome) -> None:
    payment.status = Payment.Status.RETURNED
    payment.return_code = (outcome.return_code or "")[:40]
    payment.response_text = outcome.response_text[:200]
    payment.settled_at = timezone.now()
    payment.save()
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.PAYMENT_FAILED,
        data={**_data(payment), "returned": True, "return_code": payment.return_code},
    )
    from .. import notifications

    payment_id = payment.pk
    transaction.on_commit(lambda: notifications.payment_returned(payment_id=payment_id))
    event_publish("payment.returned", payment_id=payment.pk)


def _refund_overflow(payment_id: int) -> None:
    """After commit: give back a charge that no longer fit (same key each time)."""
    payment = Payment.objects.get(pk=payment_id)
    try:
        outcome = gateway_named(payment.gateway).refund(
            transaction_id=payment.transaction_id,
            amount=payment.amount + payment.tip,
            currency=payment.currency,
            idempotency_key=f"{payment.idempotency_key}:overflow",
        )
    except GatewayError as exc:
        outcome = ChargeOutcome(False, 301, str(exc))
    if not outcome.approved:
        logger.error(
            "Payment %s did not fit its invoice and its refund failed (%s): "
            "refund it at the gateway by hand.",
            payment_id,
            outcome.response_text,
        )


def payment_reconcile(*, grace: dt.timedelta = RECONCILE_GRACE) -> dict[str, int]:
    """Settle every `processing` and `pending` attempt by asking its gateway for
    the charge made with the attempt's key. An attempt the gateway never received
    is failed once it is older than `grace`. Returns counts by outcome."""
    counts = {"checked": 0, "settled": 0, "unchanged": 0, "unreachable": 0}
    cutoff = timezone.now() - grace
    for attempt in payment_list_unsettled():
        counts["checked"] += 1
        try:
            outcome = gateway_named(attempt.gateway).lookup(
                idempotency_key=attempt.idempotency_key,
                transaction_id=attempt.transaction_id,
            )
        except GatewayError as exc:
            logger.warning("Reconciling payment %s: %s", attempt.pk, exc)
            counts["unreachable"] += 1
            continue
        if outcome is None:
            if (
                attempt.status != Payment.Status.PROCESSING
                or attempt.created_at > cutoff
            ):
                counts["unchanged"] += 1
                continue
            outcome = ChargeOutcome(
                approved=False,
                response_code=301,
                response_text="The payment gateway never received this charge.",
            )
        before = attempt.status
        after = payment_outcome_apply(payment=attempt, outcome=outcome).status
        counts["settled" if after != before else "unchanged"] += 1
    return counts


def payment_gateway_event_process(
    *, gateway: str, event_id: str, event_type: str, obj
) -> bool:
    """Apply one verified webhook event, once per event id (a replay or a
    re-delivery changes nothing: False). The event row and its effects commit
    together, so an event that failed half-way is processed again next time.

    Stripe: `payment_intent.succeeded` / `.processing` / `.payment_failed` settle
    the attempt with that intent (ACH: processing is pending, succeeded is
    settled, failed after processing is returned); `charge.refunded` records a
    refund made at Stripe that Remit has not recorded yet."""
    try:
        with transaction.atomic():
            GatewayEvent.objects.create(
                gateway=gateway, event_id=event_id[:100], type=event_type[:100]
            )
            if event_type.startswith("payment_intent."):
                _intent_event(obj)
            elif event_type == "charge.refunded":
                _charge_refunded(obj)
    except IntegrityError:
        return False
    return True


def _attempt_for_intent(intent_id: str, key: str) -> Payment | None:
    by_key = Payment.objects.filter(idempotency_key=key).first() if key else None
    return by_key or Payment.objects.filter(transaction_id=intent_id).first()


def _intent_event(intent) -> None:
    metadata = intent.get("metadata") or {}
    attempt = _attempt_for_intent(intent.get("id", ""), metadata.get("remit_key", ""))
    if attempt is not None:
        payment_outcome_apply(payment=attempt, outcome=intent_outcome(intent))


def _charge_refunded(charge) -> None:
    from apps.core.money import from_minor_units

    from .changes import payment_refund

    payment = _attempt_for_intent(charge.get("payment_intent") or "", "")
    if payment is None or payment.status != Payment.Status.SUCCEEDED:
        return
    at_stripe = from_minor_units(charge.get("amount_refunded") or 0, payment.currency)
    missing = min(at_stripe - payment.refunded_amount, payment.refundable)
    if missing > 0:
        payment_refund(payment=payment, amount=missing, record_only=True)


def payment_attempt_refresh(*, payment: Payment) -> Payment:
    """Ask the gateway now about one unsettled attempt (the payer came back from
    Stripe's form before its webhook); a settled payment is returned as it is."""
    if payment.status not in (Payment.Status.PROCESSING, Payment.Status.PENDING):
        return payment
    try:
        outcome = gateway_named(payment.gateway).lookup(
            idempotency_key=payment.idempotency_key,
            transaction_id=payment.transaction_id,
        )
    except GatewayError as exc:
        logger.warning("Looking up payment %s: %s", payment.pk, exc)
        return payment
    if outcome is None:
        return payment
    return payment_outcome_apply(payment=payment, outcome=outcome)
