"""An invoice's lifecycle after creation: send, view, void, reopen, write off, delete,
and the amounts payments move. Each public service is one transaction and locks the
invoice row before it reads amounts, so concurrent writers queue instead of racing."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.audit.services import audit_record
from apps.core.events import event_publish
from apps.core.money import ZERO, format_money, money

from .. import calculations
from ..models import Invoice, InvoiceEvent, PaymentMethod


def invoice_event_record(
    *, invoice: Invoice, kind: str, actor=None, data: dict | None = None
) -> InvoiceEvent:
    """Append to the invoice's history and to its audit chain, in one go.

    Who and which door come from the audit context unless `actor` is given."""
    event = audit_record(
        subject_type="invoice",
        subject_id=invoice.pk,
        subject_label=invoice.number,
        kind=kind,
        data=data,
        actor=actor,
    )
    return InvoiceEvent.objects.create(
        invoice=invoice, kind=kind, actor=event.actor, data=event.data, audit=event
    )


def invoice_lock(*, invoice_id: int) -> Invoice:
    """Lock and return an invoice row.

    For services in other apps that change amounts.
    """
    return Invoice.objects.select_for_update().get(pk=invoice_id)


def _lock(invoice: Invoice) -> Invoice:
    return invoice_lock(invoice_id=invoice.pk)


def _status_from_amounts(invoice: Invoice) -> None:
    """Keep sent / partially paid / paid in step with the amounts.

    The row is already locked.
    """
    if invoice.status not in (
        Invoice.Status.SENT,
        Invoice.Status.PARTIALLY_PAID,
        Invoice.Status.PAID,
    ):
        return
    if invoice.balance == ZERO and invoice.total > ZERO:
        new_status = Invoice.Status.PAID
    elif invoice.amount_paid > ZERO:
        new_status = Invoice.Status.PARTIALLY_PAID
    else:
        new_status = Invoice.Status.SENT
    if new_status != invoice.status:
        invoice.status = new_status
        invoice.paid_at = timezone.now() if new_status == Invoice.Status.PAID else None
        invoice.save(update_fields=["status", "paid_at", "updated_at"])
        if new_status == Invoice.Status.PAID:
            invoice_event_record(invoice=invoice, kind=InvoiceEvent.Kind.PAID)
        if new_status != Invoice.Status.SENT:  # invoice.paid, invoice.partially_paid
            event_publish(f"invoice.{new_status}", invoice_id=invoice.pk)


@staff_write
@transaction.atomic
def invoice_send(*, invoice: Invoice, by=None) -> Invoice:
    """Mark a draft as sent: from now on its hosted link works and it can be paid."""
    invoice = _lock(invoice)
    if invoice.status != Invoice.Status.DRAFT:
        raise ValidationError(
            "Only a draft can be sent; "
            f"this invoice is already {invoice.get_status_display().lower()}."
        )
    if invoice.deleted_at is not None:
        raise ValidationError("A deleted invoice cannot be sent.")
    invoice.status = Invoice.Status.SENT
    invoice.sent_at = timezone.now()
    invoice.updated_by = by
    invoice.save()
    _status_from_amounts(invoice)
    invoice_event_record(invoice=invoice, kind=InvoiceEvent.Kind.SENT, actor=by)
    event_publish("invoice.sent", invoice_id=invoice.pk)
    return invoice


@transaction.atomic
def invoice_mark_emailed(
    *, invoice: Invoice, by=None, recipients: list[str]
) -> Invoice:
    invoice = _lock(invoice)
    if invoice.status == Invoice.Status.DRAFT:
        invoice = invoice_send(invoice=invoice, by=by)
    invoice.emailed_at = timezone.now()
    invoice.save(update_fields=["emailed_at", "updated_at"])
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.EMAILED,
        actor=by,
        data={"to": recipients},
    )
    return invoice


def invoice_mark_viewed(*, invoice: Invoice) -> Invoice:
    """Record the customer's first view of the hosted page.

    Later views change nothing and cost nothing: an invoice loaded with its
    `viewed_at` set answers without a query or a transaction; otherwise one
    conditional UPDATE, atomic with its event, decides (two first views at once
    record one event).
    """
    if invoice.viewed_at is not None:
        return invoice
    return _invoice_mark_viewed_first(invoice)


@transaction.atomic
def _invoice_mark_viewed_first(invoice: Invoice) -> Invoice:
    updated = Invoice.objects.filter(pk=invoice.pk, viewed_at__isnull=True).update(
        viewed_at=timezone.now()
    )
    if updated:
        invoice.refresh_from_db(fields=["viewed_at"])
        invoice_event_record(invoice=invoice, kind=InvoiceEvent.Kind.VIEWED)
        event_publish("invoice.viewed", invoice_id=invoice.pk)
    return invoice


@transaction.atomic
def invoice_mark_awaiting_mail(*, invoice: Invoice) -> Invoice:
    invoice = _lock(invoice)
    if not invoice.is_payable:
        raise ValidationError("This invoice is not open for payment.")
    if PaymentMethod.MAIL not in invoice.payment_methods:
        raise ValidationError("This invoice does not accept payment by mail.")
    if invoice.awaiting_mail_since is None:
        invoice.awaiting_mail_since = timezone.now()
        invoice.save(update_fields=["awaiting_mail_since", "updated_at"])
        invoice_event_record(invoice=invoice, kind=InvoiceEvent.Kind.AWAITING_MAIL)
    return invoice


@staff_write
@transaction.atomic
def invoice_void(*, invoice: Invoice, by=None, reason: str = "") -> Invoice:
    invoice = _lock(invoice)
    if invoice.status == Invoice.Status.VOID:
        raise ValidationError("This invoice is already void.")
    if invoice.amount_paid > ZERO:
        raise ValidationError(
            "An invoice with payments cannot be voided; refund the payments first."
        )
    invoice.status = Invoice.Status.VOID
    invoice.voided_at = timezone.now()
    invoice.updated_by = by
    invoice.save()
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.VOIDED,
        actor=by,
        data={"reason": reason},
    )
    event_publish("invoice.voided", invoice_id=invoice.pk)
    return invoice


@staff_write
@transaction.atomic
def invoice_reopen(*, invoice: Invoice, by=None) -> Invoice:
    """Reopen a void invoice (FluidPay's reactivate): it becomes payable again."""
    invoice = _lock(invoice)
    if invoice.status != Invoice.Status.VOID:
        raise ValidationError("Only a void invoice can be reopened.")
    invoice.status = Invoice.Status.SENT
    invoice.voided_at = None
    invoice.updated_by = by
    invoice.save()
    _status_from_amounts(invoice)
    invoice_event_record(invoice=invoice, kind=InvoiceEvent.Kind.REOPENED, actor=by)
    return invoice


@staff_write
@transaction.atomic
def invoice_payment_flags_clear(*, invoice: Invoice, by=None) -> Invoice:
    """Forget a failed charge and a "pay by mail" choice on an open invoice, so it
    shows as awaiting payment again (FluidPay's reactivate of a declined invoice)."""
    invoice = _lock(invoice)
    if invoice.status not in (
        Invoice.Status.DRAFT,
        Invoice.Status.SENT,
        Invoice.Status.PARTIALLY_PAID,
    ):
        raise ValidationError(
            f"This invoice is {invoice.get_status_display().lower()}; "
            "only an open one can be reactivated."
        )
    cleared = [
        name
        for name in ("last_charge_failed_at", "awaiting_mail_since")
        if getattr(invoice, name)
    ]
    if cleared:
        for name in cleared:
            setattr(invoice, name, None)
        invoice.updated_by = by
        invoice.save(update_fields=[*cleared, "updated_by", "updated_at"])
        invoice_event_record(
            invoice=invoice,
            kind=InvoiceEvent.Kind.UPDATED,
            actor=by,
            data={"cleared": cleared},
        )
    return invoice


@staff_write
@transaction.atomic
def invoice_write_off(
    *, invoice: Invoice, by=None, amount: Decimal | None = None, reason: str = ""
) -> Invoice:
    """Write off some or all of the balance.

    A fully written-off invoice counts as settled.
    """
    invoice = _lock(invoice)
    if not invoice.is_payable:
        raise ValidationError("Only an open invoice with a balance can be written off.")
    amount = money(invoice.balance if amount is None else amount, invoice.currency)
    if amount <= ZERO or amount > invoice.balance:
        raise ValidationError(
            {
                "amount": (
                    "The write-off must be between 0 and the balance "
                    f"({format_money(invoice.balance, invoice.currency)})."
                )
            }
        )
    invoice.written_off += amount
    invoice.balance -= amount
    invoice.save(update_fields=["written_off", "balance", "updated_at"])
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.WRITTEN_OFF,
        actor=by,
        data={"amount": str(amount), **({"reason": reason} if reason else {})},
    )
    _status_from_amounts(invoice)
    return invoice


@staff_write
@transaction.atomic
def invoice_delete(*, invoice: Invoice, by=None) -> None:
    """Soft delete a draft. An issued document keeps its identity: once sent, an
    invoice or credit note is voided (or credited), never deleted."""
    invoice = _lock(invoice)
    if invoice.status != Invoice.Status.DRAFT:
        raise ValidationError(
            {
                "status": (
                    f"Only a draft can be deleted; this invoice is "
                    f"{invoice.get_status_display().lower()}. Void it instead, or "
                    "issue a credit note."
                )
            }
        )
    invoice.deleted_at = timezone.now()
    invoice.updated_by = by
    invoice.save(update_fields=["deleted_at", "updated_by", "updated_at"])
    invoice_event_record(invoice=invoice, kind=InvoiceEvent.Kind.DELETED, actor=by)


def invoice_payment_apply(
    *, invoice: Invoice, amount: Decimal, tip: Decimal
) -> Invoice:
    """Add a succeeded payment to a locked invoice. Called by the payments services
    inside their transaction, after they checked the amount against the balance."""
    invoice.amount_paid += amount
    invoice.tip_total += tip
    invoice.balance = calculations.balance_due(
        total=invoice.total, paid=invoice.amount_paid, written_off=invoice.written_off
    )
    invoice.last_charge_failed_at = None
    invoice.awaiting_mail_since = (
        None if invoice.balance == ZERO else invoice.awaiting_mail_since
    )
    invoice.save(
        update_fields=[
            "amount_paid",
            "tip_total",
            "balance",
            "last_charge_failed_at",
            "awaiting_mail_since",
            "updated_at",
        ]
    )
    _status_from_amounts(invoice)
    return invoice


def invoice_payment_reverse(
    *, invoice: Invoice, amount: Decimal, tip: Decimal
) -> Invoice:
    """Take a refunded or deleted payment back off a locked invoice."""
    invoice.amount_paid -= amount
    invoice.tip_total -= tip
    invoice.balance = calculations.balance_due(
        total=invoice.total, paid=invoice.amount_paid, written_off=invoice.written_off
    )
    invoice.save(update_fields=["amount_paid", "tip_total", "balance", "updated_at"])
    _status_from_amounts(invoice)
    return invoice


def invoice_charge_failed_record(*, invoice: Invoice) -> None:
    Invoice.objects.filter(pk=invoice.pk).update(last_charge_failed_at=timezone.now())
