"""Re-computing quotes' stored totals from their items, for `verify_ledger`."""

from collections.abc import Iterator

from apps.audit.selectors import audit_subjects_with_chain
from apps.invoices.ledger import document_totals_problems

from .models import Quote


def quote_ledger_problems() -> Iterator[str]:
    chained = audit_subjects_with_chain(subject_type="quote")
    quotes = Quote.objects.prefetch_related("items").order_by("pk")
    for quote in quotes.iterator(chunk_size=500):
        label = f"quote {quote.pk} ({quote.number})"
        yield from document_totals_problems(quote, list(quote.items.all()), label=label)
        if quote.pk not in chained:
            yield f"{label}: has no audit trail"
