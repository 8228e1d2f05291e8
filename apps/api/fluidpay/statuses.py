"""FluidPay's eight invoice statuses, derived from domain facts.

FluidPay clients expect `status` to be exactly one of: pending, paid, partially_paid,
authorized, paying_via_mail, declined, failed, rejected. Remit derives it, first
match wins:

1. void                                   -> "rejected" (FluidPay has no void; the
   invoice is closed without payment and `reactivate` reopens it, as for a rejected one)
2. paid                                   -> "paid"
3. payable and the customer chose mail    -> "paying_via_mail"
4. the last charge failed                 -> "declined" when the issuer refused it
   (2xx), "failed" when the gateway or processor erred (3xx and above); the last
   attempt's code comes from `last_charge_codes_attach` (answers) or the
   `last_charge_code` alias (search)
5. partially paid                         -> "partially_paid"
6. draft or sent, nothing paid            -> "pending"

"payable" and "the last charge failed" are the domain's words (apps/invoices/models.py:
`invoice_payable_q`, `invoice_last_charge_failed_q` and the matching properties); this
module only orders them into FluidPay's vocabulary.

"authorized" is never produced: Remit only sells (`transaction_type` "sale").
`status_q` is the same rule as a query predicate, so search filters on exactly what
answers show.

A transaction object's `status` and `response` come from the payment's status
(`TRANSACTION_STATUSES`); `transaction_status_q` filters on the same table, so
`POST transaction/search` by `status` finds exactly what answers show. A payment
status the table does not list yet answers `unknown` (FluidPay's own word for it).
"""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from apps.invoices.models import (
    Invoice,
    invoice_last_charge_failed_q,
    invoice_payable_q,
)
from apps.payments.models import Payment

STATUSES = (
    "pending",
    "paid",
    "partially_paid",
    "authorized",
    "paying_via_mail",
    "declined",
    "failed",
    "rejected",
)

# Payment status -> the transaction object's (`status`, `response`).
TRANSACTION_STATUSES = {
    Payment.Status.SUCCEEDED: ("pending_settlement", "approved"),
    Payment.Status.DECLINED: ("declined", "declined"),
    Payment.Status.FAILED: ("failed", "error"),
    Payment.Status.REFUNDED: ("refunded", "approved"),
    # two-phase payments (apps/payments/services/settling.py)
    Payment.Status.PROCESSING: ("unknown", "unknown"),  # answer not known yet
    Payment.Status.PENDING: ("pending_settlement", "approved"),  # ACH, unsettled
    Payment.Status.RETURNED: ("failed", "declined"),  # ACH came back
}


UNKNOWN_TRANSACTION = ("unknown", "unknown")
TRANSACTION_STATUS_WORDS = tuple(
    dict.fromkeys(word for word, _ in TRANSACTION_STATUSES.values())
)


def transaction_status(payment: Payment) -> tuple[str, str]:
    """(`status`, `response`) of the transaction object for `payment`."""
    return TRANSACTION_STATUSES.get(payment.status, UNKNOWN_TRANSACTION)


def transaction_status_q(word: str) -> Q:
    """The payments whose transaction `status` is `word`."""
    if word == UNKNOWN_TRANSACTION[0]:
        return ~Q(status__in=list(TRANSACTION_STATUSES))
    return Q(
        status__in=[
            s for s, (shown, _) in TRANSACTION_STATUSES.items() if shown == word
        ]
    )


def with_last_charge_code(qs: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Alias `last_charge_code` (the response code of the invoice's latest payment
    attempt) for filtering; it is computed only where a WHERE clause needs it."""
    latest = Payment.objects.filter(invoice_id=OuterRef("pk")).order_by("-id")
    return qs.alias(last_charge_code=Subquery(latest.values("response_code")[:1]))


def last_charge_codes_attach(invoices) -> None:
    """Set `last_charge_code` on invoices whose last charge failed: one query for a
    whole page, none when no charge failed."""
    failed = {i.pk: i for i in invoices if i.last_charge_failed}
    if not failed:
        return
    attempts = (
        Payment.objects.filter(invoice_id__in=failed)
        .order_by("invoice_id", "-id")
        .values_list("invoice_id", "response_code")
    )
    for invoice_id, code in attempts:
        invoice = failed[invoice_id]
        if not hasattr(invoice, "last_charge_code"):
            invoice.last_charge_code = code


def _failed_code(code) -> bool:
    return code is not None and code >= 300


def invoice_status(invoice: Invoice) -> str:
    if invoice.status == Invoice.Status.VOID:
        return "rejected"
    if invoice.status == Invoice.Status.PAID:
        return "paid"
    if invoice.is_payable and invoice.awaiting_mail_since is not None:
        return "paying_via_mail"
    if invoice.last_charge_failed:
        return (
            "failed"
            if _failed_code(getattr(invoice, "last_charge_code", None))
            else "declined"
        )
    if invoice.status == Invoice.Status.PARTIALLY_PAID:
        return "partially_paid"
    return "pending"


def status_q(status: str) -> Q:
    """The invoices whose derived status is `status` (an unused one matches nothing).
    Needs the `with_last_charge_code` annotation."""
    mail = invoice_payable_q() & Q(awaiting_mail_since__isnull=False)
    charge_failed = invoice_last_charge_failed_q() & ~mail
    failed = charge_failed & Q(last_charge_code__gte=300)
    declined = charge_failed & (
        Q(last_charge_code__lt=300) | Q(last_charge_code__isnull=True)
    )
    quiet = ~mail & ~invoice_last_charge_failed_q()
    predicates = {
        "rejected": Q(status=Invoice.Status.VOID),
        "paid": Q(status=Invoice.Status.PAID),
        "paying_via_mail": mail,
        "declined": declined,
        "failed": failed,
        "partially_paid": quiet & Q(status=Invoice.Status.PARTIALLY_PAID),
        "pending": quiet & Q(status__in=[Invoice.Status.DRAFT, Invoice.Status.SENT]),
    }
    return predicates.get(status, Q(pk__in=[]))
