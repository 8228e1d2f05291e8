"""Re-computing an invoice's stored amounts from its rows, for `verify_ledger`.

Each check yields a line naming the record that does not match. Totals come from
`calculations.py` through `document_recalculate` on in-memory copies (nothing is
saved); the amounts payments move are checked by `apps.payments.ledger`.
"""

from collections.abc import Iterator
from decimal import Decimal

from apps.audit.selectors import audit_subjects_with_chain
from apps.core.money import ZERO

from . import calculations
from .documents import document_recalculate
from .history import TOTAL_FIELDS
from .models import Invoice, InvoiceEvent

_LINE_TOTALS = ("subtotal", "discount_amount", "tax_1", "tax_2", "total")


def document_totals_problems(document, items: list, *, label: str) -> Iterator[str]:
    """Stored totals of `document` and its `items` that calculations.py disagrees
    with. Works on quotes too (same fields)."""
    stored = {name: getattr(document, name) for name in TOTAL_FIELDS}
    stored_lines = [{n: getattr(i, n) for n in _LINE_TOTALS} for i in items]
    document_recalculate(document, items)  # in memory only
    for name, value in stored.items():
        if getattr(document, name) != value:
            yield (
                f"{label}: stored {name} {value} but its items give "
                f"{getattr(document, name)}"
            )
    for position, (item, before) in enumerate(zip(items, stored_lines, strict=True)):
        for name, value in before.items():
            if getattr(item, name) != value:
                yield (
                    f"{label} item {position + 1} (id {item.pk}): stored {name} "
                    f"{value} but its inputs give {getattr(item, name)}"
                )


def invoice_ledger_problems() -> Iterator[str]:
    """Totals from items, balance from total/paid/written off, written off from the
    write-off events, each history row against its audit event, a chain for each
    invoice."""
    chained = audit_subjects_with_chain(subject_type="invoice")
    invoices = Invoice.objects.prefetch_related("items").order_by("pk")
    for invoice in invoices.iterator(chunk_size=500):
        label = f"invoice {invoice.pk} ({invoice.number})"
        yield from document_totals_problems(
            invoice, list(invoice.items.all()), label=label
        )
        balance = calculations.balance_due(
            total=invoice.total,
            paid=invoice.amount_paid,
            written_off=invoice.written_off,
        )
        if balance != invoice.balance:
            yield (
                f"{label}: stored balance {invoice.balance} "
                f"but the amounts give {balance}"
            )
        written_off = sum(
            (
                Decimal(e.data.get("amount", "0"))
                for e in invoice.events.filter(kind=InvoiceEvent.Kind.WRITTEN_OFF)
            ),
            ZERO,
        )
        if written_off != invoice.written_off:
            yield (
                f"{label}: stored written off {invoice.written_off} but its "
                f"write-offs add up to {written_off}"
            )
        if invoice.pk not in chained:
            yield f"{label}: has no audit trail"
    yield from invoice_events_problems()


def invoice_events_problems() -> Iterator[str]:
    """Each history row must say what its audit event (the hashed one) says."""
    events = InvoiceEvent.objects.select_related("audit").order_by("pk")
    for event in events.iterator(chunk_size=2000):
        label = f"invoice event {event.pk} (invoice {event.invoice_id}, {event.kind})"
        audit = event.audit
        if audit is None:
            yield f"{label}: is on no audit chain"
            continue
        expected = ("invoice", event.invoice_id, event.kind, event.actor_id, event.data)
        recorded = (
            audit.subject_type,
            audit.subject_id,
            audit.kind,
            audit.actor_id,
            audit.data,
        )
        if expected != recorded:
            yield f"{label}: differs from audit event {audit.pk}"
