from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from apps.accounts.roles import readable
from apps.core.money import ZERO, money

from .models import Payment


def payment_list(*, user) -> QuerySet[Payment]:
    return readable(
        Payment.objects.filter(deleted_at__isnull=True)
        .select_related("invoice", "client", "invoice__company_profile")
        .order_by("-paid_at", "-id"),
        user,
    )


def payment_get(*, user, pk: int) -> Payment:
    return payment_list(user=user).get(pk=pk)


def payment_list_for_invoice(*, invoice) -> QuerySet[Payment]:
    """Succeeded payments on one invoice, oldest first: the customer's receipts."""
    return Payment.objects.filter(
        invoice=invoice, status=Payment.Status.SUCCEEDED, deleted_at__isnull=True
    ).order_by("created_at", "id")


@dataclass(frozen=True)
class HostedPagePayments:
    receipts: list  # payment_list_for_invoice
    unsettled: list  # payment_list_unsettled_for_invoice
    held: Decimal  # payment_unsettled_total


def payment_hosted_page_payments(*, invoice) -> HostedPagePayments:
    """What the hosted page shows and holds back, in one query: the invoice's
    receipts, its payments being confirmed, and what those hold back. Each set is
    the one its own selector defines (matched by `Exists`), so the rules stay there."""
    rows = list(
        Payment.objects.filter(invoice=invoice)
        .annotate(
            is_receipt=Exists(
                payment_list_for_invoice(invoice=invoice).filter(pk=OuterRef("pk"))
            ),
            is_unsettled=Exists(Payment.objects.unsettled().filter(pk=OuterRef("pk"))),
        )
        .filter(Q(is_receipt=True) | Q(is_unsettled=True))
        .order_by("created_at", "id")
    )
    unsettled = [p for p in rows if p.is_unsettled]
    held = sum((p.amount for p in unsettled), Decimal(0))
    return HostedPagePayments(
        receipts=[p for p in rows if p.is_receipt],
        unsettled=unsettled,
        held=money(held, invoice.currency),
    )


def payment_get_by_reference(*, invoice, reference: str) -> Payment | None:
    """A succeeded payment on `invoice` by its gateway reference (the receipt link)."""
    if not reference or len(reference) > 64:
        return None
    return (
        payment_list_for_invoice(invoice=invoice)
        .filter(transaction_id=reference)
        .first()
    )


def payment_credit_memo_totals_annotate(invoices: QuerySet) -> QuerySet:
    """Annotate invoices with `credit_memo_total`: the part of `amount_paid` settled
    from credit memos (succeeded, not deleted), in one correlated subquery."""
    amount = DecimalField(max_digits=20, decimal_places=4)
    applied = (
        Payment.objects.filter(
            invoice_id=OuterRef("pk"),
            method=Payment.Method.CREDIT_MEMO,
            status=Payment.Status.SUCCEEDED,
            deleted_at__isnull=True,
        )
        .order_by()
        .values("invoice_id")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return invoices.annotate(
        credit_memo_total=Coalesce(
            Subquery(applied, output_field=amount), Value(ZERO, output_field=amount)
        )
    )


def payment_get_by_idempotency_key(*, key: str) -> Payment | None:
    """The payment (or failed attempt) a one-time key already produced, if any."""
    return Payment.objects.filter(idempotency_key=key).first() if key else None


def payment_unsettled_total(*, invoice) -> Decimal:
    """What `processing` and `pending` attempts hold back from the invoice's
    balance: money that may still arrive. A payer may pay at most the balance less
    this (see `payment_charge_check`); it is not paid until it settles."""
    total = (
        Payment.objects.unsettled()
        .filter(invoice=invoice)
        .aggregate(s=Sum("amount"))["s"]
    )
    return money(Decimal(total or 0), invoice.currency)


def payment_list_unsettled() -> QuerySet[Payment]:
    """Attempts reconciliation asks the gateway about, oldest first (those still
    awaiting the payer on Stripe's form included: the webhook may have been lost)."""
    return (
        Payment.objects.filter(
            status__in=[Payment.Status.PROCESSING, Payment.Status.PENDING],
            deleted_at__isnull=True,
        )
        .exclude(gateway="")
        .select_related("invoice")
        .order_by("created_at", "id")
    )


def payment_list_unsettled_for_invoice(*, invoice) -> QuerySet[Payment]:
    """The invoice's payments still being confirmed or pending (for its page)."""
    return Payment.objects.unsettled().filter(invoice=invoice).order_by("created_at")
