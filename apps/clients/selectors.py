"""Reads for clients, scoped to what the caller may see."""

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from apps.core.money import ZERO, money

from .models import Client

_OPEN = ["sent", "partially_paid"]


def client_list(*, user=None, with_amounts: bool = False) -> QuerySet[Client]:
    """Every client the caller may see (one business, so all staff see all live clients).

    `with_amounts` annotates balance, paid and total over live, non-void invoices in
    the client's own currency: amounts are never added across currencies (see
    `client_amounts_by_currency` for the others).
    """
    qs = Client.objects.alive()
    if with_amounts:
        live = (
            Q(invoices__deleted_at__isnull=True)
            & ~Q(invoices__status__in=["void", "draft"])
            & Q(invoices__currency=F("currency"))
        )
        zero = Value(ZERO, output_field=DecimalField(max_digits=20, decimal_places=4))
        qs = qs.annotate(
            balance=Coalesce(Sum("invoices__balance", filter=live & Q(invoices__status__in=_OPEN)), zero),
            paid=Coalesce(Sum("invoices__amount_paid", filter=live), zero),
            invoiced=Coalesce(Sum("invoices__total", filter=live), zero),
        )
    return qs.order_by("name", "id")


def client_get(*, user=None, pk: int) -> Client:
    return client_list(user=user, with_amounts=True).get(pk=pk)


def client_amounts_by_currency(*, client: Client) -> list[dict]:
    """Balance, paid and invoiced for one client, one row per invoice currency
    (a client billed in two currencies has two rows; amounts are never added across
    currencies). The client's own currency comes first. One query."""
    rows = (
        client.invoices.filter(deleted_at__isnull=True)
        .exclude(status__in=["void", "draft"])
        .values("currency")
        .annotate(
            balance=Sum("balance", filter=Q(status__in=_OPEN)),
            paid=Sum("amount_paid"),
            invoiced=Sum("total"),
        )
        .order_by("currency")
    )
    result = [
        {
            "currency": row["currency"],
            **{k: money(row[k] or ZERO, row["currency"]) for k in ("balance", "paid", "invoiced")},
        }
        for row in rows
    ]
    result.sort(key=lambda row: row["currency"] != client.currency)
    return result or [{"currency": client.currency, "balance": ZERO, "paid": ZERO, "invoiced": ZERO}]
