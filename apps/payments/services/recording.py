"""Money received outside the gateway, recorded by staff or a door acting for them:
`payment_record`, `payment_settle_outside_gateway`, `payment_apply_credit_memo`.
Each locks the invoice row before it reads the balance."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.core.events import event_publish
from apps.core.money import ZERO, format_money
from apps.invoices.models import Invoice, InvoiceEvent
from apps.invoices.services import (
    invoice_event_record,
    invoice_lock,
    invoice_payment_apply,
    invoice_send,
)

from ..models import Payment
from .rules import payment_record_check


def _existing(idempotency_key: str | None) -> Payment | None:
    if not idempotency_key:
        return None
    return (
        Payment.objects.filter(idempotency_key=idempotency_key)
        .select_related("invoice")
        .first()
    )


@staff_write
@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    amount,
    method: str,
    tip=ZERO,
    paid_at: dt.date | None = None,
    reference: str = "",
    note: str = "",
    by=None,
    source: str = Payment.Source.STAFF,
    idempotency_key: str | None = None,
    custom: dict | None = None,
) -> Payment:
    """Record a payment received outside a gateway (check, cash, mail, bank, other).

    Judged by the staff rules, `payment_record_check`. A draft that passes is sent
    first: receiving money for it means the customer has it (see `rules`).
    """
    if method == Payment.Method.CREDIT_MEMO:
        raise ValidationError(
            {"method": "Apply a credit memo with payment_apply_credit_memo."}
        )
    invoice = invoice_lock(invoice_id=invoice.pk)
    if (existing := _existing(idempotency_key)) is not None:
        return existing
    amount, tip = payment_record_check(
        invoice=invoice, amount=amount, tip=tip, method=method
    )
    if invoice.status == Invoice.Status.DRAFT:
        invoice = invoice_send(invoice=invoice, by=by)
    payment = Payment(
        invoice=invoice,
        client_id=invoice.client_id,
        amount=amount,
        tip=tip,
        currency=invoice.currency,
        method=method,
        status=Payment.Status.SUCCEEDED,
        source=source,
        paid_at=paid_at or timezone.localdate(),
        reference=reference,
        note=note,
        idempotency_key=idempotency_key or None,
        custom=custom or {},
        created_by=by,
    )
    payment.full_clean(exclude=["invoice", "client", "created_by", "credit_memo"])
    payment.save()
    invoice_payment_apply(invoice=invoice, amount=amount, tip=tip)
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.PAYMENT,
        actor=by,
        data={
            "payment": payment.pk,
            "amount": str(amount),
            "tip": str(tip),
            "method": method,
        },
    )
    transaction.on_commit(lambda: _after_payment(payment.pk))
    event_publish("payment.succeeded", payment_id=payment.pk)
    return payment


@staff_write
@transaction.atomic
def payment_settle_outside_gateway(
    *, invoice: Invoice, by, source: str, note: str = ""
) -> Payment:
    """Record the whole balance as received outside the gateway.

    By mail when the customer said they would mail it (the hosted page's "pay by
    mail"), otherwise as "other". Staff rules apply (`payment_record_check`): a void
    or paid invoice is refused, and a draft is sent first.
    """
    invoice = invoice_lock(invoice_id=invoice.pk)
    method = (
        Payment.Method.MAIL if invoice.awaiting_mail_since else Payment.Method.OTHER
    )
    return payment_record(
        invoice=invoice,
        amount=invoice.balance,
        method=method,
        by=by,
        source=source,
        note=note,
    )


@staff_write
@transaction.atomic
def payment_apply_credit_memo(
    *, invoice: Invoice, credit_memo: Invoice, amount, by=None
) -> Payment:
    """Settle part of `invoice` from a sent credit memo's unused balance.

    Records a payment with method credit_memo; the amount may not exceed either
    balance, and reduces both. Both rows are locked, lower id first, so two
    applications of one memo (or to one invoice) queue instead of racing.
    """
    if invoice.pk == credit_memo.pk:
        raise ValidationError(
            {"credit_memo": "An invoice cannot be settled from itself."}
        )
    locked = {
        pk: invoice_lock(invoice_id=pk) for pk in sorted([invoice.pk, credit_memo.pk])
    }
    invoice, credit_memo = locked[invoice.pk], locked[credit_memo.pk]
    errors = {}
    if invoice.type != Invoice.Type.INVOICE:
        errors["invoice"] = "Credit memos apply to invoices, not to other credit memos."
    if credit_memo.type != Invoice.Type.CREDIT_MEMO:
        errors["credit_memo"] = "This is not a credit memo."
    elif credit_memo.deleted_at is not None or credit_memo.status in (
        Invoice.Status.DRAFT,
        Invoice.Status.VOID,
    ):
        errors["credit_memo"] = "Only a sent credit memo can be applied; send it first."
    elif (
        credit_memo.client_id != invoice.client_id
        or credit_memo.currency != invoice.currency
    ):
        errors["credit_memo"] = (
            "The credit memo must belong to the same client and currency "
            "as the invoice."
        )
    if errors:
        raise ValidationError(errors)
    amount, _ = payment_record_check(
        invoice=invoice, amount=amount, method=Payment.Method.CREDIT_MEMO
    )
    if invoice.status == Invoice.Status.DRAFT:
        invoice = invoice_send(invoice=invoice, by=by)
    if amount > credit_memo.balance:
        raise ValidationError(
            {
                "amount": (
                    "The amount cannot be more than the credit memo's unused balance "
                    f"({format_money(credit_memo.balance, credit_memo.currency)})."
                )
            }
        )
    payment = Payment(
        invoice=invoice,
        client_id=invoice.client_id,
        amount=amount,
        currency=invoice.currency,
        method=Payment.Method.CREDIT_MEMO,
        status=Payment.Status.SUCCEEDED,
        source=Payment.Source.STAFF,
        paid_at=timezone.localdate(),
        reference=credit_memo.number,
        credit_memo=credit_memo,
        created_by=by,
    )
    payment.full_clean(exclude=["invoice", "client", "created_by", "credit_memo"])
    payment.save()
    invoice_payment_apply(invoice=invoice, amount=amount, tip=ZERO)
    invoice_payment_apply(invoice=credit_memo, amount=amount, tip=ZERO)
    for document in (invoice, credit_memo):
        invoice_event_record(
            invoice=document,
            kind=InvoiceEvent.Kind.PAYMENT,
            actor=by,
            data={
                "payment": payment.pk,
                "amount": str(amount),
                "method": "credit_memo",
                "credit_memo": credit_memo.pk,
                "invoice": invoice.pk,
            },
        )
    event_publish("payment.succeeded", payment_id=payment.pk)
    return payment


def _after_payment(payment_id: int) -> None:
    """Side effects once the payment is committed (receipts, staff notes): the
    notifications module registers them; none is required for the payment to stand."""
    from .. import notifications

    notifications.payment_succeeded(payment_id=payment_id)
