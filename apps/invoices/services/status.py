"""Status changes asked for by a person or an API, through the one state machine
(`apps/invoices/transitions.py`), and the composite writes the dialects used to
assemble themselves: reactivate, the PDF download that issues a draft, and an edit
that comes with a status change."""

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.roles import staff_write

from .. import transitions
from ..models import Invoice
from .editing import invoice_update
from .lifecycle import (
    _lock,
    invoice_delete,
    invoice_payment_flags_clear,
    invoice_reopen,
    invoice_send,
    invoice_void,
)


@staff_write
@transaction.atomic
def invoice_status_set(
    *, invoice: Invoice, status: str, by=None, reason: str = ""
) -> Invoice:
    """Move an invoice to `status` if the transitions table allows it, through the
    service that makes that move (`reason` is kept when it voids).

    A refused move raises ValidationError({"status": ...}) saying what to do
    instead, and changes nothing.
    """
    invoice = _lock(invoice)
    move = transitions.transition_check(current=invoice.status, target=status)
    try:
        if move == "send":
            return invoice_send(invoice=invoice, by=by)
        if move == "void":
            return invoice_void(invoice=invoice, by=by, reason=reason)
        return invoice_reopen(invoice=invoice, by=by)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({"status": exc.messages}) from None


@staff_write
@transaction.atomic
def invoice_update_with_status(
    *, invoice: Invoice, status: str | None, by=None, reason: str = "", **fields
) -> Invoice:
    """Edit an invoice and move its status as one write (`fields` as in
    `invoice_update`; none is fine).

    A void invoice is read-only, so a move out of void (reopen) comes first and the
    edit after it; any other move comes after the edit, so what is sent or voided
    is the edited invoice. Either failure undoes both.
    """
    invoice = _lock(invoice)
    if status is not None and invoice.status == Invoice.Status.VOID:
        invoice = invoice_status_set(invoice=invoice, status=status, by=by)
        status = None
    elif status is not None:  # a refused move is reported before the edit is tried
        transitions.transition_check(current=invoice.status, target=status)
    if fields:
        invoice = invoice_update(invoice=invoice, by=by, **fields)
    if status is not None:
        invoice = invoice_status_set(
            invoice=invoice, status=status, by=by, reason=reason
        )
    return invoice


@staff_write
@transaction.atomic
def invoice_reactivate(*, invoice: Invoice, by=None) -> Invoice:
    """Make an invoice awaiting payment again (FluidPay's reactivate): a void one is
    reopened; an open one forgets a failed charge and a "pay by mail" choice."""
    invoice = _lock(invoice)
    if invoice.status == Invoice.Status.VOID:
        return invoice_status_set(invoice=invoice, status=Invoice.Status.SENT, by=by)
    return invoice_payment_flags_clear(invoice=invoice, by=by)


@transaction.atomic
def invoice_mark_downloaded(*, invoice: Invoice, by=None) -> Invoice:
    """FusionInvoice's PDF download issues a draft (its API sets the status to
    sent): a draft is sent; any other invoice is left as it is."""
    invoice = _lock(invoice)
    if invoice.status == Invoice.Status.DRAFT:
        return invoice_status_set(invoice=invoice, status=Invoice.Status.SENT, by=by)
    return invoice


@staff_write
@transaction.atomic
def invoice_cancel(*, invoice: Invoice, by=None, reason: str = "") -> Invoice:
    """Take an invoice out of use the way an issued document allows (FluidPay's
    DELETE, which the vendor uses to cancel): a draft is deleted, an issued invoice
    is voided (refused while it has payments, as any void is)."""
    invoice = _lock(invoice)
    if invoice.status == Invoice.Status.DRAFT:
        invoice_delete(invoice=invoice, by=by)
        invoice.refresh_from_db()
        return invoice
    return invoice_status_set(
        invoice=invoice, status=Invoice.Status.VOID, by=by, reason=reason
    )
