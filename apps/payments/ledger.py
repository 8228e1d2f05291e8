"""Re-computing what payments did to each invoice, for `verify_ledger`: an
invoice's `amount_paid` and `tip_total` are the sums of its succeeded, not deleted
payments; a credit memo's `amount_paid` adds what was applied from it."""

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
    ).values_list("invoice_id", "credit_memo_id", "amount", "tip")
    for invoice_id, credit_memo_id, amount, tip in counted.iterator():
        paid[invoice_id] += amount
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
