"""FusionInvoice's status words over the domain's: one table both to filter and to
render, so a `status` list filter and an answer never disagree.

* Invoices show three words (`INVOICE_OUT`): draft, sent (partly paid and paid are
  sent in FusionInvoice) and canceled (void). The list filter's draft, sent and
  canceled select exactly the invoices shown with that word.
* The list filter has virtual words on top, over the domain's definitions
  (apps/invoices/models.py): viewed, paid, unpaid (payable), overdue, emailed and
  mailed (the customer chose to pay by mail). They are never stored or set.
* A `status` sent on store or update (`STATUS_IN`) asks for draft, sent or canceled;
  the views move the invoice with the status services.
* Quotes show and filter the domain's own words, plus the virtual `viewed`.
"""

from django.db.models import Q
from django.utils import timezone

from apps.invoices.models import Invoice, invoice_overdue_q, invoice_payable_q
from apps.quotes.models import Quote

# Domain invoice status -> the word FusionInvoice shows.
INVOICE_OUT = {
    Invoice.Status.DRAFT: "draft",
    Invoice.Status.SENT: "sent",
    Invoice.Status.PARTIALLY_PAID: "sent",
    Invoice.Status.PAID: "sent",
    Invoice.Status.VOID: "canceled",
}
INVOICE_WORDS = ("draft", "sent", "canceled")
INVOICE_FILTER_WORDS = (
    *INVOICE_WORDS,
    "viewed",
    "paid",
    "unpaid",
    "overdue",
    "emailed",
    "mailed",
)
QUOTE_FILTER_WORDS = ("draft", "sent", "approved", "rejected", "canceled", "viewed")

# FusionInvoice's status words for the domain's; `paid`, `unpaid` and `overdue` are
# list filters there, never stored, so they cannot be set.
STATUS_IN = {
    "draft": Invoice.Status.DRAFT,
    "sent": Invoice.Status.SENT,
    "canceled": Invoice.Status.VOID,
}


def invoice_word(status: str) -> str:
    """The word FusionInvoice shows for a domain invoice status."""
    return INVOICE_OUT.get(status, status)


def status_wanted(invoice: Invoice, word: str | None) -> str | None:
    """The domain status a `status` word asks for; None when it is the word the
    invoice already shows (FusionInvoice shows partly paid and paid as sent)."""
    if not word or invoice_word(invoice.status) == word:
        return None
    return STATUS_IN[word]


def _shown_as(word: str) -> Q:
    return Q(status__in=[status for status, out in INVOICE_OUT.items() if out == word])


def invoice_status_q(name: str) -> Q | None:
    """The invoices a `status` filter word selects; None for an unknown word."""
    payable = invoice_payable_q()
    return {
        "draft": _shown_as("draft"),
        "sent": _shown_as("sent"),
        "canceled": _shown_as("canceled"),
        "viewed": Q(viewed_at__isnull=False),
        "paid": Q(status=Invoice.Status.PAID),
        "unpaid": payable,
        "overdue": invoice_overdue_q(today=timezone.localdate()),
        "emailed": payable & Q(emailed_at__isnull=False),
        "mailed": payable & Q(awaiting_mail_since__isnull=False),
    }.get(name)


def quote_status_q(name: str) -> Q | None:
    """The quotes a `status` filter word selects; None for an unknown word."""
    if name == "viewed":
        return Q(viewed_at__isnull=False)
    return Q(status=name) if name in Quote.Status.values else None
