"""Changes to payments already made: refund, delete, bookkeeping fields."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.audit.chain import changes
from apps.audit.services import audit_record
from apps.core.money import money
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
def payment_refund(*, payment: Payment, by=None) -> Payment:
    invoice = invoice_lock(invoice_id=payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.SUCCEEDED:
        raise ValidationError("Only a succeeded payment can be refunded.")
    refund_id = (
        _gateway_refund(payment) if payment.gateway and payment.transaction_id else ""
    )
    payment.status = Payment.Status.REFUNDED
    payment.save(update_fields=["status", "updated_at"])
    invoice_payment_reverse(invoice=invoice, amount=payment.amount, tip=payment.tip)
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.PAYMENT_REFUNDED,
        actor=by,
        data={
            "payment": payment.pk,
            "amount": str(payment.amount),
            "refund_transaction": refund_id,
        },
    )
    return payment


def _gateway_refund(payment: Payment) -> str:
    """Give a gateway charge back through the gateway that took it (amount and tip);
    a refusal changes nothing here. Returns the refund's transaction id."""
    try:
        outcome = gateway_named(payment.gateway).refund(
            transaction_id=payment.transaction_id,
            amount=payment.amount + payment.tip,
            currency=payment.currency,
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
    """Soft delete; a succeeded payment's amount comes back off the invoice."""
    invoice = invoice_lock(invoice_id=payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.deleted_at is not None:
        return
    if payment.status == Payment.Status.SUCCEEDED:
        invoice_payment_reverse(invoice=invoice, amount=payment.amount, tip=payment.tip)
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
