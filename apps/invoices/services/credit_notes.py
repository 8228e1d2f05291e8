"""Corrections the way accountants make them: a credit note made from an issued
invoice (in full, for chosen items, or for an amount), and credit refunded to the
customer as money paid out.

A credit note is an `Invoice` of type credit memo. Its `total` is the credit given;
its `amount_paid` is the credit used, by applications to invoices
(`payment_apply_credit_memo` in apps/payments) and by refunds out
(`credit_note_refund`); its `balance` is the credit still available. It is issued
(sent) at once and never payable (`Invoice.is_payable`).

Invariant: the credit notes made from one invoice (void ones aside) never add up to
more than that invoice's total (`credit_note_creditable`).
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.core.money import ZERO, format_money, money, parse_decimal

from .. import calculations
from ..models import CreditNoteRefund, Invoice, InvoiceEvent, InvoiceItem
from .editing import invoice_create
from .lifecycle import (
    _lock,
    invoice_event_record,
    invoice_payment_apply,
)

_ITEM_COPY = (
    "name",
    "description",
    "quantity",
    "unit_price",
    "tax_rate",
    "tax_rate_2",
    "tax_2_compound",
    "product_code",
    "unit_of_measure",
    "group",
)


def credit_note_creditable(*, invoice: Invoice) -> Decimal:
    """What may still be credited on `invoice`: its total less the totals of the
    credit notes already made from it (void and deleted ones do not count)."""
    credited = (
        invoice.credit_notes.filter(deleted_at__isnull=True)
        .exclude(status=Invoice.Status.VOID)
        .aggregate(s=Sum("total"))["s"]
        or ZERO
    )
    return max(money(invoice.total - credited, invoice.currency), ZERO)


def _item_copy(item: InvoiceItem) -> dict:
    """An item as credited: what the customer was charged for it. Its discount
    (its own plus its share of the document's, as stored) becomes a flat discount,
    so its taxes and total come out as on the invoice."""
    data = {name: getattr(item, name) for name in _ITEM_COPY}
    if item.discount_amount:
        data.update(
            discount_type=calculations.FLAT, discount_value=item.discount_amount
        )
    return data


def _items_for(
    invoice: Invoice, *, lines: Iterable[int] | None, amount
) -> tuple[list[dict], dict]:
    """The credit note's items and document fields for a full, per-item or amount
    credit. Raises ValidationError keyed by `lines` or `amount`."""
    if lines is not None and amount is not None:
        raise ValidationError(
            {"lines": "Credit either chosen items or an amount, not both."}
        )
    if amount is not None:
        try:
            value = money(parse_decimal(amount), invoice.currency)
        except ValueError as exc:
            raise ValidationError({"amount": str(exc)}) from None
        if value <= ZERO:
            raise ValidationError({"amount": "The credit must be more than zero."})
        item = {
            "name": f"Credit for invoice {invoice.number}",
            "quantity": Decimal("1"),
            "unit_price": value,
        }
        return [item], {}
    items = list(invoice.items.order_by("position", "id"))
    if lines is None:
        return [_item_copy(i) for i in items], {
            "tax_percent": invoice.tax_percent,
            "shipping": invoice.shipping,
            "adjustment": invoice.adjustment,
        }
    wanted = {int(pk) for pk in lines}
    chosen = [i for i in items if i.pk in wanted]
    if not wanted or len(chosen) != len(wanted):
        raise ValidationError(
            {"lines": "Choose one or more items of this invoice to credit."}
        )
    return [_item_copy(i) for i in chosen], {"tax_percent": invoice.tax_percent}


@staff_write
@transaction.atomic
def credit_note_create_from_invoice(
    *,
    invoice: Invoice,
    lines: Iterable[int] | None = None,
    amount=None,
    reason: str = "",
    by=None,
) -> Invoice:
    """Issue a credit note against an issued invoice, for the whole invoice (neither
    `lines` nor `amount`), for chosen items (`lines`: item ids) or for an `amount`
    (one untaxed line). Same client, company profile and currency; sent at once.

    Refused for drafts (edit or delete them), void and deleted invoices, credit
    notes, and beyond what is still creditable. It does not settle the invoice by
    itself: apply it (`payment_apply_credit_memo`) or refund it.
    """
    invoice = _lock(invoice)
    if invoice.type != Invoice.Type.INVOICE:
        raise ValidationError({"invoice": "A credit note cannot be credited."})
    if invoice.deleted_at is not None or invoice.status in (
        Invoice.Status.DRAFT,
        Invoice.Status.VOID,
    ):
        raise ValidationError(
            {
                "invoice": (
                    "Only an issued invoice can be credited; edit or delete a "
                    "draft, and a void invoice owes nothing."
                )
            }
        )
    items, fields = _items_for(invoice, lines=lines, amount=amount)
    note = invoice_create(
        client=invoice.client,
        company_profile=invoice.company_profile,
        currency=invoice.currency,
        invoice_date=timezone.localdate(),
        due_date=timezone.localdate(),
        type=Invoice.Type.CREDIT_MEMO,
        items=items,
        payment_methods=[],
        summary=f"Credit note for invoice {invoice.number}",
        notes=reason,
        status=Invoice.Status.SENT,
        by=by,
        **fields,
    )
    if note.total <= ZERO:
        raise ValidationError({"lines": "There is nothing to credit on these items."})
    creditable = credit_note_creditable(invoice=invoice)
    if note.total > creditable:
        key = "amount" if amount is not None else "lines"
        raise ValidationError(
            {
                key: (
                    f"This credit ({format_money(note.total, note.currency)}) is "
                    "more than what is left to credit on the invoice "
                    f"({format_money(creditable, invoice.currency)})."
                )
            }
        )
    note.corrects = invoice
    note.save(update_fields=["corrects", "updated_at"])
    data = {
        "credit_note": note.pk,
        "number": note.number,
        "amount": str(note.total),
        **({"reason": reason} if reason else {}),
    }
    invoice_event_record(
        invoice=invoice, kind=InvoiceEvent.Kind.CREDITED, actor=by, data=data
    )
    return note


@staff_write
@transaction.atomic
def credit_note_refund(
    *,
    credit_note: Invoice,
    amount,
    method: str,
    reference: str = "",
    refunded_on: dt.date | None = None,
    note: str = "",
    by=None,
) -> CreditNoteRefund:
    """Record credit paid back to the customer (a payment out made outside Remit).

    At most the credit still available; uses it up like an application does, so
    the credit note's balance and status follow (fully used reads as paid).
    """
    credit_note = _lock(credit_note)
    if credit_note.type != Invoice.Type.CREDIT_MEMO:
        raise ValidationError(
            {"credit_note": "Only a credit note's credit can be refunded."}
        )
    if not credit_note.has_credit_available:
        raise ValidationError(
            {"credit_note": "This credit note has no credit left to refund."}
        )
    try:
        value = money(parse_decimal(amount), credit_note.currency)
    except ValueError as exc:
        raise ValidationError({"amount": str(exc)}) from None
    if value <= ZERO or value > credit_note.balance:
        raise ValidationError(
            {
                "amount": (
                    "The refund must be more than zero and at most the credit "
                    "left "
                    f"({format_money(credit_note.balance, credit_note.currency)})."
                )
            }
        )
    if method not in CreditNoteRefund.Method.values:
        raise ValidationError(
            {"method": f"Use one of {', '.join(CreditNoteRefund.Method.values)}."}
        )
    refund = CreditNoteRefund(
        credit_note=credit_note,
        amount=value,
        currency=credit_note.currency,
        method=method,
        reference=reference,
        refunded_on=refunded_on or timezone.localdate(),
        note=note,
        created_by=by,
    )
    refund.full_clean(exclude=["credit_note", "created_by"])
    refund.save()
    invoice_payment_apply(invoice=credit_note, amount=value, tip=ZERO)
    invoice_event_record(
        invoice=credit_note,
        kind=InvoiceEvent.Kind.CREDIT_REFUNDED,
        actor=by,
        data={
            "refund": refund.pk,
            "amount": str(value),
            "method": method,
            "reference": reference,
        },
    )
    return refund
