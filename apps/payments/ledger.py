"""Re-computing what payments did to each invoice, for `verify_ledger`: an
invoice's `amount_paid` is the sum of its succeeded, not deleted payments less what
was refunded of them, and `tip_total` their tips (a tip goes back with the last part
of a refund, so a fully refunded payment counts nothing); a credit memo's
`amount_paid` adds what was applied from it. Pending (ACH not yet settled) and
processing attempts have not moved the balance."""

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from apps.core.money import ZERO
from apps.invoices.models import Invoice

from .models import Payment


def payment_ledger_problems() -> Iterator[str]:
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    tips: dict[int, Decimal] = defaultdict(lambda: ZERO)
    counted = Payment.objects.filter(
        status=Payment.Status.SUCCEEDED, deleted_at__isnull=True
    ).values_list("invoice_id", "credit_memo_id", "amount", "refunded_amount", "tip")
    for invoice_id, credit_memo_id, amount, refunded, tip in counted.iterator():
        paid[invoice_id] += amount - refunded
        tips[invoice_id] += tip
        if credit_memo_id is not None:
            paid[credit_memo_id] += amount
    rows = Invoice.objects.order_by("pk").values_list(
        "pk", "number", "amount_paid", "tip_total"
    )
    for pk, number, amount_paid, tip_total in rows.iterator():
        label = f"invoice {pk} ({number})"
        if paid[pk] != amount_paid:
            yield (
                f"{label}: stored amount paid {amount_paid} but its payments "
                f"add up to {paid[pk]}"
            )
        if tips[pk] != tip_total:
            yield (
                f"{label}: stored tips {tip_total} "
                f"but its payments add up to {tips[pk]}"
            )
