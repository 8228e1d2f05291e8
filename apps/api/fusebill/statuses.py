"""Fusebill's status words, over the domain's facts: one table for each word family,
used both to filter (`query`) and to render (`outputs`), so a list filter and an
answer never disagree.

* Invoice (`paymentSchedules[0].status`, summaries' `invoiceStatus`, query
  `invoiceStatus` on `invoiceSummaries`): Void, WrittenOff (settled by a write-off),
  Paid, Overdue (past due with a balance), else Due; Disputed and Pending never occur.
  `invoice_status` renders, `invoice_statuses` filters: the same rule twice, pinned
  together by tests/api/fusebill/test_customers.py.
* Draft invoice (`status`): always Ready (any Remit draft can be posted, if the
  domain's send rules allow it); Pending and Projected never occur.
* Customer (`invoiceCustomer.status`, query `Customer.Status`): Active (active and
  not deleted) or Cancelled; Draft, Hold and Suspended never occur in Remit.
* Customer account (`customerAccountStatus`, query `Customer.AccountStatus`): always
  Good; PoorStanding and Collection never occur.
"""

import datetime as dt

from django.db.models import Q

from apps.core.money import ZERO
from apps.invoices.models import Invoice, invoice_overdue_q, invoice_payable_q

NOTHING = Q(pk__in=[])
DRAFT_STATUS = "Ready"


def _customer_statuses(prefix: str) -> dict[str, Q]:
    active = Q(**{f"{prefix}is_active": True, f"{prefix}deleted_at__isnull": True})
    return {
        "active": active,
        "cancelled": ~active,
        "draft": NOTHING,
        "hold": NOTHING,
        "suspended": NOTHING,
    }


# Query values (lower-cased) -> the invoices whose customer has that status.
CUSTOMER_STATUSES = _customer_statuses("client__")
# The same, over clients themselves (GET customers).
CLIENT_STATUSES = _customer_statuses("")
DRAFT_STATUSES = {"ready": Q(), "pending": NOTHING, "projected": NOTHING}
CUSTOMER_ACCOUNT_STATUSES = {
    "good": Q(),
    "poorstanding": NOTHING,
    "collection": NOTHING,
}
CUSTOMER_ACCOUNT_STATUS = "Good"


def invoice_status(invoice: Invoice, today: dt.date) -> str:
    """Fusebill's invoice status: Void, WrittenOff, Paid, Overdue or Due, over the
    domain's words (models.py): a posted invoice that is not payable owes nothing."""
    if invoice.status == Invoice.Status.VOID:
        return "Void"
    if not invoice.is_payable:
        return "WrittenOff" if invoice.written_off > ZERO else "Paid"
    return "Overdue" if invoice.is_overdue(today) else "Due"


def invoice_statuses(today: dt.date) -> dict[str, Q]:
    """Query values (lower-cased) -> the posted invoices `invoice_status` gives that
    word: the same order of facts, as predicates."""
    void = Q(status=Invoice.Status.VOID)
    payable = invoice_payable_q()
    overdue = invoice_overdue_q(today=today)
    settled = ~void & ~payable
    return {
        "void": void,
        "writtenoff": settled & Q(written_off__gt=ZERO),
        "paid": settled & ~Q(written_off__gt=ZERO),
        "overdue": ~void & overdue,
        "due": ~void & payable & ~overdue,
        "disputed": NOTHING,
        "pending": NOTHING,
    }


def customer_status(client) -> str:
    """`Active` or `Cancelled`: the same condition as `CUSTOMER_STATUSES`."""
    return "Active" if client.is_active and client.deleted_at is None else "Cancelled"
