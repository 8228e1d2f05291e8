"""Reads for invoices, scoped and optimised."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from apps.accounts.roles import SYSTEM, readable
from apps.core.money import ZERO

from .models import Invoice, InvoiceItem, TaxRate, invoice_open_q


def invoice_list(
    *, user, with_items: bool = False, include_deleted: bool = False
) -> QuerySet[Invoice]:
    """Live invoices the caller may see, with client and profile joined.

    `include_deleted` adds soft-deleted ones (TimeTap shows them by id as DELETED)."""
    qs = (
        Invoice.objects.all() if include_deleted else Invoice.objects.alive()
    ).select_related("client", "company_profile")
    if with_items:
        qs = qs.prefetch_related(
            Prefetch("items", queryset=InvoiceItem.objects.order_by("position", "id"))
        )
    return readable(qs.order_by("-invoice_date", "-id"), user)


def invoice_get(*, user, pk: int) -> Invoice:
    return invoice_list(user=user, with_items=True).get(pk=pk)


def invoice_get_public(*, public_hash: str) -> Invoice | None:
    """The invoice a customer's link points at; drafts and deleted ones do not exist
    for the public. The lookup is an indexed equality on a 192-bit random value."""
    if not public_hash or len(public_hash) > 64:
        return None
    return (
        invoice_list(user=SYSTEM, with_items=True)
        .exclude(status=Invoice.Status.DRAFT)
        .filter(public_hash=public_hash)
        .first()
    )


_AMOUNT = DecimalField(max_digits=20, decimal_places=4)


def _balance_sum(invoices: QuerySet[Invoice]):
    total = invoices.order_by().values("client_id").annotate(s=Sum("balance"))
    return Coalesce(
        Subquery(total.values("s"), output_field=_AMOUNT),
        Value(ZERO, output_field=_AMOUNT),
    )


def _own_receivable():
    return Case(
        When(invoice_open_q(), then="balance"),
        default=Value(ZERO),
        output_field=_AMOUNT,
    )


def invoice_ar_balances_alias(qs: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Make `opening_ar_balance`, `closing_ar_balance` and `client_ar_balance` usable
    in filter() and order_by() (see `invoice_ar_balances` for their meaning).

    They are aliases: each is a correlated subquery, computed only when a filter or
    an ordering uses it, so a plain list pays nothing for them.
    """
    open_invoices = Invoice.objects.open().filter(
        type=Invoice.Type.INVOICE, client_id=OuterRef("client_id")
    )
    earlier = open_invoices.filter(
        Q(sent_at__lt=OuterRef("sent_at"))
        | Q(sent_at=OuterRef("sent_at"), id__lt=OuterRef("id"))
    )
    return qs.alias(
        opening_ar_balance=_balance_sum(earlier),
        client_ar_balance=_balance_sum(open_invoices),
    ).alias(
        closing_ar_balance=ExpressionWrapper(
            F("opening_ar_balance") + _own_receivable(), output_field=_AMOUNT
        )
    )


def invoice_ar_balances(
    invoices: Iterable[Invoice],
) -> dict[int, tuple[Decimal, Decimal]]:
    """{invoice id: (opening, closing)}: the client's accounts receivable just before
    and just after each invoice, for a page of invoices, in one query.

    The receivable is the sum of `balance` over the client's open invoices
    (`InvoiceQuerySet.open()`; drafts, void and settled ones owe nothing; credit memos
    are credit, not receivable). Opening:
    over those sent before this one (by `sent_at`, then id). Closing: the opening
    plus this invoice's own balance when it is open. Balances are today's, so a later
    payment on an earlier invoice lowers this opening figure too. The SQL is the one
    `invoice_ar_balances_alias` filters and sorts with, so both always agree.
    """
    ids = [inv.pk for inv in invoices]
    if not ids:
        return {}
    rows = (
        invoice_ar_balances_alias(Invoice.objects.filter(pk__in=ids))
        .annotate(opening=F("opening_ar_balance"), closing=F("closing_ar_balance"))
        .values_list("pk", "opening", "closing")
    )
    return {pk: (opening, closing) for pk, opening, closing in rows}


def tax_rate_list(*, user=None) -> QuerySet[TaxRate]:
    """Every tax rate, active ones first."""
    return TaxRate.objects.order_by("-is_active", "name", "pk")


def invoice_credit_targets(*, user, credit_note: Invoice) -> QuerySet[Invoice]:
    """The invoices a credit note can be applied to: payable invoices of its client
    in its currency (`InvoiceQuerySet.payable()`), oldest due first."""
    return (
        invoice_list(user=user)
        .payable()
        .filter(client_id=credit_note.client_id, currency=credit_note.currency)
        .order_by("due_date", "id")
    )
