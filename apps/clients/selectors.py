"""Reads for clients, scoped to what the caller may see."""

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from apps.accounts.roles import readable
from apps.core.money import ZERO, money

from .models import Client

_AMOUNT = DecimalField(max_digits=20, decimal_places=4)


def _invoice_sum(field: str, *, open_only: bool = False) -> Coalesce:
    """Sum of `field` over the client's live, non-draft, non-void invoices (credit
    notes left out) in its own currency, as a correlated subquery: it runs only for
    the rows a page shows, and `count()` drops it, where a grouped join would
    aggregate every invoice twice."""
    # The reverse relation gives the model without importing apps.invoices
    # (dependencies point from invoices to clients, never back).
    invoice_model = Client._meta.get_field("invoices").related_model
    invoices = invoice_model.objects.filter(
        client=OuterRef("pk"),
        currency=OuterRef("currency"),
        deleted_at__isnull=True,
        type="invoice",  # a credit note is credit, not an invoice or a payment
    ).exclude(status__in=["void", "draft"])
    if open_only:
        invoices = invoices.open()  # the one definition, InvoiceQuerySet.open()
    total = (
        invoices.order_by()
        .values("client")
        .annotate(amount=Sum(field))
        .values("amount")
    )
    return Coalesce(
        Subquery(total[:1], output_field=_AMOUNT), Value(ZERO, output_field=_AMOUNT)
    )


def client_list(*, user, with_amounts: bool = False) -> QuerySet[Client]:
    """Every client the caller may see.

    There is one business, so all staff see all live clients.

    `with_amounts` annotates balance, paid and total over live, non-void invoices in
    the client's own currency: amounts are never added across currencies (see
    `client_amounts_by_currency` for the others).
    """
    qs = Client.objects.alive()
    if with_amounts:
        qs = qs.annotate(
            balance=_invoice_sum("balance", open_only=True),
            paid=_invoice_sum("amount_paid"),
            invoiced=_invoice_sum("total"),
        )
    return readable(qs.order_by("name", "id"), user)


def client_choices(*, user) -> QuerySet[Client]:
    """Clients for a picker: id and name only (thousands of options stay cheap)."""
    return client_list(user=user).only("id", "name")


def client_get(*, user, pk: int) -> Client:
    return client_list(user=user, with_amounts=True).get(pk=pk)


def client_amounts_by_currency(*, client: Client) -> list[dict]:
    """Balance, paid and invoiced for one client, one row per invoice currency
    (a client billed in two currencies has two rows; amounts are never added across
    currencies). The client's own currency comes first. One query."""
    open_invoices = client.invoices.open().values("pk")  # InvoiceQuerySet.open()
    rows = (
        client.invoices.filter(deleted_at__isnull=True, type="invoice")
        .exclude(status__in=["void", "draft"])
        .values("currency")
        .annotate(
            balance=Sum("balance", filter=Q(pk__in=open_invoices)),
            paid=Sum("amount_paid"),
            invoiced=Sum("total"),
        )
        .order_by("currency")
    )
    result = [
        {
            "currency": row["currency"],
            **{
                k: money(row[k] or ZERO, row["currency"])
                for k in ("balance", "paid", "invoiced")
            },
        }
        for row in rows
    ]
    result.sort(key=lambda row: row["currency"] != client.currency)
    return result or [
        {"currency": client.currency, "balance": ZERO, "paid": ZERO, "invoiced": ZERO}
    ]
