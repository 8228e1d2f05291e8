"""Fusebill's status words, over the domain's facts: one table for each word family,
used both to filter (`query`) and to render (`outputs`), so a list filter and an
answer never disagree.

* Invoice (`paymentSchedules[0].status`): Void, WrittenOff (settled by a write-off),
  Paid, Overdue (past due with a balance), else Due. Fusebill's invoice query has no
  status name, so only rendering reads it.
* Customer (`invoiceCustomer.status`, query `Customer.Status`): Active (active and
  not deleted) or Cancelled; Draft, Hold and Suspended never occur in Remit.
* Customer account (`customerAccountStatus`, query `Customer.AccountStatus`): always
  Good; PoorStanding and Collection never occur.
"""

import datetime as dt

from django.db.models import Q

from apps.core.money import ZERO
from apps.invoices.models import Invoice

NOTHING = Q(pk__in=[])
_ACTIVE = Q(client__is_active=True, client__deleted_at__isnull=True)

# Query values (lower-cased) -> the invoices whose customer has that status.
CUSTOMER_STATUSES = {
    "active": _ACTIVE,
    "cancelled": ~_ACTIVE,
    "draft": NOTHING,
    "hold": NOTHING,
    "suspended": NOTHING,
}
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


def customer_status(client) -> str:
    """`Active` or `Cancelled`: the same condition as `CUSTOMER_STATUSES`."""
    return "Active" if client.is_active and client.deleted_at is None else "Cancelled"
