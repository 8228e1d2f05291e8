"""TimeTap's invoice status words over the domain's fields: one definition.

`status_condition()` is the only place that says which domain invoices are OPEN,
CLOSED, VOID or DELETED. The status lists filter with it, and `outputs` reads
the `tt_status` annotation that `with_timetap_status()` builds from the same
conditions, so a list and an object can never disagree.

    draft, and the domain's open -> OPEN   ("No Payment" / "Partial Payment" /
                                            "Payment Declined" while the domain
                                            says the last charge failed)
    paid (incl. fully written off)-> CLOSED ("Paid"; writeOffAmount shows a write-off)
    void                         -> VOID
    soft-deleted                 -> DELETED (active false)

`STATUS_IN` maps the words a client may set by hand (`PUT invoices`) onto the
domain's statuses; a client's status is ACTIVE or INACTIVE (`client_status`).

"Manual" is the subStatus while a status set through `PUT /invoices` with
subStatus "Manual" is still the last thing that happened to the invoice (see
`manual_snapshot`): CLOSED + "Manual" means "settled by write-off".
"""

from decimal import Decimal

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from apps.core.money import ZERO
from apps.invoices.models import Invoice, invoice_open_q

from .renderers import epoch_ms

OPEN, CLOSED, VOID, DELETED = "OPEN", "CLOSED", "VOID", "DELETED"
LIST_STATUSES = (OPEN, CLOSED, VOID)  # what GET invoices/status/{statusString} accepts
ALL_STATUSES = (OPEN, CLOSED, VOID, DELETED)
MANUAL = "Manual"
SUB_STATUSES = ("No Payment", "Partial Payment", "Paid", "Payment Declined", MANUAL)
# TimeTap's manual status words for the domain's. CLOSED is not a status anyone
# sets: with "Manual" it means settled without more money, a write-off.
STATUS_IN = {OPEN: Invoice.Status.SENT, VOID: Invoice.Status.VOID}
CLIENT_ACTIVE, CLIENT_INACTIVE = "ACTIVE", "INACTIVE"


def status_condition(status: str) -> Q:
    """The domain condition for a TimeTap status word."""
    alive = Q(deleted_at__isnull=True)
    conditions = {
        DELETED: Q(deleted_at__isnull=False),
        VOID: alive & Q(status=Invoice.Status.VOID),
        CLOSED: alive & Q(status=Invoice.Status.PAID),
        OPEN: alive & (Q(status=Invoice.Status.DRAFT) | invoice_open_q()),
    }
    return conditions[status]


def with_timetap_status(qs: QuerySet) -> QuerySet:
    """Annotate `tt_status` from the same conditions the filters use."""
    whens = [
        When(status_condition(word), then=Value(word))
        for word in (DELETED, VOID, CLOSED, OPEN)
    ]
    return qs.annotate(
        tt_status=Case(*whens, default=Value(OPEN), output_field=CharField())
    )


def manual_snapshot(invoice: Invoice, status: str) -> dict:
    """What to remember after a manual status change: it stays "Manual" until the
    status or the amounts move again."""
    return {
        "status": status,
        "paid": str(invoice.amount_paid),
        "balance": str(invoice.balance),
        "at": epoch_ms(timezone.now()),
    }


def manual_change(invoice: Invoice, status: str) -> dict | None:
    """The remembered manual change, if it is still the last thing that happened."""
    manual = ((invoice.extra or {}).get("timetap") or {}).get("manual")
    if not isinstance(manual, dict) or manual.get("status") != status:
        return None
    try:
        current = (
            Decimal(manual["paid"]) == invoice.amount_paid
            and Decimal(manual["balance"]) == invoice.balance
        )
    except (KeyError, ArithmeticError, TypeError, ValueError):
        return None
    return manual if current else None


def last_status_ms(invoice: Invoice, status: str) -> int | None:
    manual = manual_change(invoice, status)
    if manual and isinstance(manual.get("at"), int):
        return manual["at"]
    moments = {
        DELETED: invoice.deleted_at,
        VOID: invoice.voided_at,
        CLOSED: invoice.paid_at,
    }
    return epoch_ms(moments.get(status) or invoice.sent_at or invoice.created_at)


def sub_status(invoice: Invoice, status: str) -> str:
    if manual_change(invoice, status):
        return MANUAL
    if status == CLOSED:
        return "Paid"
    if invoice.last_charge_failed:  # only ever OPEN: a deleted invoice owes nothing
        return "Payment Declined"
    return "Partial Payment" if invoice.amount_paid > ZERO else "No Payment"


def client_status(client) -> str:
    """ACTIVE for an active client that is not deleted, else INACTIVE."""
    if client.is_active and client.deleted_at is None:
        return CLIENT_ACTIVE
    return CLIENT_INACTIVE
