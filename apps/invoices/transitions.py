"""The invoice state machine: which status may follow which, and why not.

Pure data and one check, no database: `invoice_status_set()` (services/status.py)
asks `transition_check()` for the move and runs the service it names. Every door
(staff pages, FusionInvoice, TimeTap, FluidPay) maps its own status words onto
these five statuses and calls that one service, so one request gets one answer.

Moves a caller may ask for (from -> to: the service that makes it):

    draft -> sent      invoice_send     the hosted link works; payable from now on
    draft -> void      invoice_void     a draft that will never be sent
    sent  -> void      invoice_void     refused by the service while payments exist
    void  -> sent      invoice_reopen   payable again (FluidPay's reactivate)

Every other pair is refused with the reason in `REFUSALS`, which says what to do
instead. In short: nothing goes back to draft; `partially_paid` and `paid` are
never set by hand, because they follow the amounts (payments, refunds and
write-offs move them through their own named services); an invoice with payments
is neither voided nor reopened until they are refunded; and asking for the status
an invoice already has is refused, so a repeated "send" says it was already sent
(a dialect whose word did not change skips the call: see its mapping).
"""

from django.core.exceptions import ValidationError

from .models import Invoice

DRAFT = Invoice.Status.DRAFT
SENT = Invoice.Status.SENT
PARTIALLY_PAID = Invoice.Status.PARTIALLY_PAID
PAID = Invoice.Status.PAID
VOID = Invoice.Status.VOID

# (from, to) -> the name of the lifecycle service that makes the move.
MOVES: dict[tuple[str, str], str] = {
    (DRAFT, SENT): "send",
    (DRAFT, VOID): "void",
    (SENT, VOID): "void",
    (VOID, SENT): "reopen",
}

_BY_PAYMENTS = (
    "Partially paid and paid follow the payments; record a payment or write off "
    "the balance instead."
)
_NOT_BACK_TO_DRAFT = (
    "A sent invoice cannot go back to draft; void it, or edit it as it is."
)
_HAS_PAYMENTS_VOID = (
    "An invoice with payments cannot be voided; refund the payments first."
)

# (from, to) -> why the move is refused and what to do instead.
REFUSALS: dict[tuple[str, str], str] = {
    (DRAFT, DRAFT): "This invoice is already a draft.",
    (DRAFT, PARTIALLY_PAID): _BY_PAYMENTS,
    (DRAFT, PAID): _BY_PAYMENTS,
    (SENT, DRAFT): _NOT_BACK_TO_DRAFT,
    (SENT, SENT): "Only a draft can be sent; this invoice is already sent.",
    (SENT, PARTIALLY_PAID): _BY_PAYMENTS,
    (SENT, PAID): _BY_PAYMENTS,
    (PARTIALLY_PAID, DRAFT): _NOT_BACK_TO_DRAFT,
    (PARTIALLY_PAID, SENT): (
        "This invoice is already sent and partly paid; its status follows its "
        "payments, so refund them to bring it back to sent."
    ),
    (PARTIALLY_PAID, PARTIALLY_PAID): (
        "This invoice is already partially paid; its status follows its payments."
    ),
    (PARTIALLY_PAID, PAID): _BY_PAYMENTS,
    (PARTIALLY_PAID, VOID): _HAS_PAYMENTS_VOID,
    (PAID, DRAFT): _NOT_BACK_TO_DRAFT,
    (PAID, SENT): "A paid invoice cannot be reopened; refund its payments first.",
    (PAID, PARTIALLY_PAID): _BY_PAYMENTS,
    (PAID, PAID): "This invoice is already paid.",
    (PAID, VOID): (
        "A paid invoice cannot be voided; refund its payments first, or issue a "
        "credit memo."
    ),
    (VOID, DRAFT): (
        "A void invoice cannot go back to draft; reopen it (status sent) instead."
    ),
    (VOID, PARTIALLY_PAID): "A void invoice takes no payments; reopen it first.",
    (VOID, PAID): "A void invoice takes no payments; reopen it first.",
    (VOID, VOID): "This invoice is already void.",
}


def transition_check(*, current: str, target: str) -> str:
    """The move from `current` to `target` ("send", "void" or "reopen"), or a
    ValidationError keyed by `status` that says what to do instead."""
    if target not in Invoice.Status.values:
        raise ValidationError(
            {
                "status": (
                    f"Unknown status {target!r}; "
                    f"use one of {', '.join(Invoice.Status.values)}."
                )
            }
        )
    move = MOVES.get((current, target))
    if move is None:
        raise ValidationError({"status": REFUSALS[(current, target)]})
    return move
