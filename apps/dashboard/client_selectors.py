"""Reads that compose a client's page from the apps above clients.

A client does not know its invoices, quotes or payments (apps/clients imports none
of them); a page that shows them together is composed here, one layer up.
"""

from dataclasses import dataclass

from apps.invoices.models import Invoice
from apps.invoices.selectors import invoice_list
from apps.payments.models import Payment
from apps.payments.selectors import payment_list
from apps.quotes.models import Quote
from apps.quotes.selectors import quote_list

RECENT = 10


@dataclass(frozen=True)
class ClientOverview:
    invoices: list[Invoice]  # newest first
    quotes: list[Quote]  # newest first
    payments: list[Payment]  # newest first, failed attempts included
    credit_notes: list[Invoice]  # with credit available (`credit_available()`)


def client_overview(*, user, client, recent: int = RECENT) -> ClientOverview:
    """The client's `recent` latest invoices, quotes and payments the caller may see,
    and every credit note of theirs with credit left."""
    return ClientOverview(
        invoices=list(invoice_list(user=user).filter(client=client)[:recent]),
        quotes=list(quote_list(user=user).filter(client=client)[:recent]),
        payments=list(payment_list(user=user).filter(client=client)[:recent]),
        credit_notes=list(
            invoice_list(user=user).credit_available().filter(client=client)
        ),
    )
