"""Changes to payments already made: refund, delete, bookkeeping fields."""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.audit.chain import changes
from apps.audit.services import audit_record
from apps.core.events import event_publish
from apps.core.money import ZERO, format_money, money, parse_decimal
from apps.invoices.models import InvoiceEvent
from apps.invoices.services import (
    invoice_event_record,
    invoice_lock,
    invoice_payment_reverse,
)

from ..gateways import GatewayError, gateway_named
from ..models import Payment

logger = logging.getLogger(__name__)

# A payment as the trail describes it.
_TRAIL_FIELDS = (
    "invoice",
    "amount",
    "tip",
    "currency",
    "method",
    "status",
    "paid_at",
    "reference",
    "note",
    "custom",
)


def _described(payment: Payment) -> dict:
    values = {name: getattr(payment, name) for name in _TRAIL_FIELDS}
    for name in ("amount", "tip"):  # in the currency's minor unit: "40.00"
        values[name] = money(values[name], payment.currency)
    return values


def _payment_event(*, payment: Payment, kind: str, by, data: dict) -> None:
    """On the payment's own chain, filed under its invoice's history."""
    audit_record(
        subject_type="payment",
        subject_id=payment.pk,
        subject_label=payment.reference or f"Payment {payment.pk}",
        parent_type="invoice",
        parent_id=payment.invoice_id,
        kind=kind,
        actor=by,
        data=data,
    )


@staff_write
@transaction.atomic
def payment_refund(
    *, payment: Payment, amount=None, by=None, record_only: bool = False
) -> Payment:
    """Give back `amount` of a succeeded payment (all that is left when None).

    Through the gateway that took it, for card and ACH money; at most what is left
    unrefunded; the tip goes back with the refund that completes the amount. The
    invoice's paid amount, balance and status follow; the customer is emailed.
    The gateway call carries a key made of the payment, what was refunded before
    and this amount, so a retried refund is never given twice. `record_only`:
    the gateway already gave it back (a refund made in Stripe's dashboard)."""
    invoice = invoice_lock(invoice_id=payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.SUCCEEDED or payment.refundable <= ZERO:
        raise ValidationError("Only a succeeded payment can be refunded.")
    left = payment.refundable
    amount = left if amount in (None, "") else _refund_amount(amount, payment, left)
    completes = amount == left
    tip = payment.tip if completes else ZERO
    refund_id = ""
    if payment.gateway and payment.transaction_id and not record_only:
        refund_id = _gateway_refund(
            payment,
            amount + tip,
            key=f"refund:{payment.pk}:{payment.refunded_amount}:{amount}",
        )
    payment.refunded_amount += amount
    if completes:
        payment.status = Payment.Status.REFUNDED
    payment.save(update_fields=["status", "refunded_amount", "updated_at"])
    invoice_payment_reverse(invoice=invoice, amount=amount, tip=tip)
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.PAYMENT_REFUNDED,
        actor=by,
        data={
            "payment": payment.pk,
            "amount": str(amount),
            "tip": str(tip),
            "partial": not completes,
            "refund_transaction": refund_id,
        },
    )
    from .. import notifications

    payment_id = payment.pk
    transaction.on_commit(
        lambda: notifications.payment_refunded(
            payment_id=payment_id, amount=str(amount + tip)
        )
    )
    event_publish("payment.refunded", payment_id=payment.pk)
    return payment


def _refund_amount(value, payment: Payment, left: Decimal) -> Decimal:
    try:
        amount = money(parse_decimal(value), payment.currency)
    except ValueError as exc:
        raise ValidationError({"amount": str(exc)}) from None
    if amount <= ZERO:
        raise ValidationError({"amount": "The refund must be more than zero."})
    if amount > left:
        raise ValidationError(
            {
                "amount": (
                    "The refund cannot be more than what is left of this payment "
                    f"({format_money(left, payment.currency)})."
                )
            }
        )
    return amount


def _gateway_refund(payment: Payment, amount: Decimal, *, key: str) -> str:
    """Give money back through the gateway that took it; a refusal changes nothing
    here. Returns the refund's transaction id."""
    try:
        outcome = gateway_named(payment.gateway).refund(
            transaction_id=payment.transaction_id,
            amount=amount,
            currency=payment.currency,
            idempotency_key=key,
        )
    except GatewayError as exc:
        logger.warning(
            "Refund of payment %s failed at %s: %s", payment.pk, payment.gateway, exc
        )
        raise ValidationError(
            "The payment gateway could not be reached; nothing was refunded. Try again."
        ) from None
    if not outcome.approved:
        raise ValidationError(
            "The payment gateway refused the refund "
            f"({outcome.response_code}: {outcome.response_text}); "
            "nothing was changed."
        )
    return outcome.transaction_id


@staff_write
@transaction.atomic
def payment_delete(*, payment: Payment, by=None) -> None:
    """Soft delete; a succeeded payment's amount comes back off the invoice.

    Money a gateway took (or may have taken) is refused: it can only be refunded,
    so that the customer gets it back. Declined and failed attempts may go."""
    invoice = invoice_lock(invoice_id=payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.deleted_at is not None:
        return
    if payment.taken_by_gateway and payment.status not in (
        Payment.Status.DECLINED,
        Payment.Status.FAILED,
    ):
        raise ValidationError(
            {
                "payment": (
                    "A payment taken by a payment gateway cannot be deleted; "
                    "refund it instead."
                )
            }
        )
    if payment.status == Payment.Status.SUCCEEDED:
        invoice_payment_reverse(
            invoice=invoice, amount=payment.refundable, tip=payment.tip
        )
    payment.deleted_at = timezone.now()
    payment.save(update_fields=["deleted_at", "updated_at"])
    # On the invoice's own history (the invoice's balance moved), naming the payment.
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.PAYMENT_DELETED,
        actor=by,
        data={"payment": payment.pk, **_described(payment)},
    )


@staff_write
@transaction.atomic
def payment_update(*, payment: Payment, by=None, **fields) -> Payment:
    """Change a payment's bookkeeping fields.

    The amount is fixed (refund and re-record).
    """
    allowed = {"paid_at", "reference", "note", "custom"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            f"These payment fields cannot be changed: {', '.join(sorted(unknown))}."
        )
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    before = _described(payment)
    for name, value in fields.items():
        setattr(payment, name, value)
    payment.full_clean(exclude=["invoice", "client", "created_by", "credit_memo"])
    payment.save()
    if changed := changes(before, _described(payment)):
        _payment_event(
            payment=payment, kind="updated", by=by, data={"changed": changed}
        )
    return payment


@staff_write
@transaction.atomic
def payment_custom_fields_set(*, payment: Payment, by=None, values: dict) -> Payment:
    """Merge custom values (`column_N`) into the payment's.

    The values are checked against their definitions.
    """
    from apps.core.custom_fields import custom_values_clean

    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    before = {"custom": payment.custom}
    payment.custom = custom_values_clean(
        module="payments", values=dict(values), current=payment.custom
    )
    payment.save(update_fields=["custom", "updated_at"])
    if changed := changes(before, {"custom": payment.custom}):
        _payment_event(
            payment=payment, kind="updated", by=by, data={"changed": changed}
        )
    return payment
