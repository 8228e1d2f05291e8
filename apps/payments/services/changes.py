"""Changes to payments already made: refund, delete, bookkeeping fields."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.core.events import event_publish
from apps.invoices.models import InvoiceEvent
from apps.invoices.services import (
    invoice_event_record,
    invoice_lock,
    invoice_payment_reverse,
)

from ..gateways import GatewayError, gateway_named
from ..models import Payment

logger = logging.getLogger(__name__)


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
    event_publish("payment.refunded", payment_id=payment.pk)
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
    for name, value in fields.items():
        setattr(payment, name, value)
    payment.full_clean(exclude=["invoice", "client", "created_by", "credit_memo"])
    payment.save()
    return payment


@staff_write
@transaction.atomic
def payment_custom_fields_set(*, payment: Payment, by=None, values: dict) -> Payment:
    """Merge custom values (`column_N`) into the payment's.

    The values are checked against their definitions.
    """
    from apps.core.custom_fields import custom_values_clean

    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.custom = custom_values_clean(
        module="payments", values=dict(values), current=payment.custom
    )
    payment.save(update_fields=["custom", "updated_at"])
    return payment
