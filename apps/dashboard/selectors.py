"""Reads for the dashboard. Every figure is summed in the database, per currency
(amounts in different currencies are never added together), in a fixed number of
queries however many invoices and payments there are."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.companies.selectors import company_profile_get_default
from apps.core.money import ZERO, money
from apps.invoices.models import Invoice, invoice_open_q, invoice_overdue_q
from apps.invoices.selectors import invoice_list
from apps.payments.models import Payment

CHART_MONTHS = 12
_NOT_INVOICED = [Invoice.Status.DRAFT, Invoice.Status.VOID]
_ZERO = Value(ZERO, output_field=DecimalField(max_digits=20, decimal_places=4))


@dataclass(frozen=True)
class CurrencyFigures:
    currency: str
    outstanding: Decimal = ZERO  # balance of open invoices (InvoiceQuerySet.open())
    overdue_count: int = 0  # InvoiceQuerySet.overdue(): a zero balance is never overdue
    overdue: Decimal = ZERO  # balance of overdue invoices
    paid_this_month: Decimal = (
        ZERO  # succeeded payments dated this month, tips and credit applied excluded
    )


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date  # first day of the month
    invoiced: Decimal
    paid: Decimal


@dataclass(frozen=True)
class Dashboard:
    currency: str  # the company's default currency, shown first
    figures: list[CurrencyFigures]  # default currency first, then the others present
    months: dict[str, list[MonthFigures]] = field(
        default_factory=dict
    )  # per currency, oldest first

    @property
    def primary(self) -> CurrencyFigures:
        return self.figures[0]

    @property
    def others(self) -> list[CurrencyFigures]:
        return self.figures[1:]


def _month_start(day: dt.date, months_back: int = 0) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def dashboard_figures(*, user=None, today: dt.date | None = None) -> Dashboard:
    """Outstanding, overdue, paid this month, and twelve months of invoiced vs paid."""
    today = today or timezone.localdate()
    month_start = _month_start(today)
    chart_start = _month_start(today, CHART_MONTHS - 1)
    profile = company_profile_get_default()
    default_currency = profile.default_currency if profile else "USD"

    overdue_q = invoice_overdue_q(today=today)
    invoice_rows = (
        Invoice.objects.filter(invoice_open_q())
        .values("currency")
        .annotate(
            outstanding=Coalesce(Sum("balance"), _ZERO),
            overdue_count=Count("id", filter=overdue_q),
            overdue=Coalesce(Sum("balance", filter=overdue_q), _ZERO),
        )
        .order_by("currency")
    )
    # Money received: credit applied from a credit note moved no money.
    payments = (
        Payment.objects.succeeded()
        .filter(deleted_at__isnull=True)
        .exclude(method=Payment.Method.CREDIT_MEMO)
    )
    paid_rows = (
        payments.filter(paid_at__gte=month_start, paid_at__lte=today)
        .values("currency")
        .annotate(paid=Coalesce(Sum("amount"), _ZERO))
        .order_by("currency")
    )

    by_currency: dict[str, dict] = {default_currency: {}}
    for row in invoice_rows:
        cur = row["currency"]
        by_currency.setdefault(cur, {}).update(
            outstanding=money(row["outstanding"], cur),
            overdue_count=row["overdue_count"],
            overdue=money(row["overdue"], cur),
        )
    for row in paid_rows:
        cur = row["currency"]
        by_currency.setdefault(cur, {})["paid_this_month"] = money(row["paid"], cur)

    months = _monthly(chart_start=chart_start, today=today, payments=payments)
    for cur in months:
        by_currency.setdefault(cur, {})
    others = sorted(c for c in by_currency if c != default_currency)
    figures = [
        CurrencyFigures(currency=c, **by_currency[c])
        for c in [default_currency, *others]
    ]
    months.setdefault(default_currency, _empty_months(chart_start))
    return Dashboard(currency=default_currency, figures=figures, months=months)


def _empty_months(chart_start: dt.date) -> list[MonthFigures]:
    return [
        MonthFigures(month=_month_start(chart_start, -i), invoiced=ZERO, paid=ZERO)
        for i in range(CHART_MONTHS)
    ]


def _monthly_sums(
    rows: QuerySet,
    *,
    date_field: str,
    amount_field: str,
    starts: list[dt.date],
    today: dt.date,
) -> dict[str, list[Decimal]]:
    """Per currency, the sum of `amount_field` in each month starting at `starts`.

    One conditional sum per month rather than grouping by a truncated date: the same
    on PostgreSQL, and SQLite need not call a Python function for every row.
    """
    sums = {}
    for i, start in enumerate(starts):
        in_month = Q(**{f"{date_field}__gte": start})
        if i + 1 < len(starts):
            in_month &= Q(**{f"{date_field}__lt": starts[i + 1]})
        sums[f"m{i}"] = Sum(amount_field, filter=in_month)
    grouped = (
        rows.filter(**{f"{date_field}__gte": starts[0], f"{date_field}__lte": today})
        .values("currency")
        .annotate(**sums)
        .order_by()
    )
    return {
        row["currency"]: [
            money(row[f"m{i}"] or ZERO, row["currency"]) for i in range(len(starts))
        ]
        for row in grouped
    }


def _monthly(
    *, chart_start: dt.date, today: dt.date, payments: QuerySet
) -> dict[str, list[MonthFigures]]:
    starts = [m.month for m in _empty_months(chart_start)]
    invoiced = _monthly_sums(
        Invoice.objects.alive()
        .filter(type=Invoice.Type.INVOICE)  # credit notes are not sales
        .exclude(status__in=_NOT_INVOICED),
        date_field="invoice_date",
        amount_field="total",
        starts=starts,
        today=today,
    )
    paid = _monthly_sums(
        payments,
        date_field="paid_at",
        amount_field="amount",
        starts=starts,
        today=today,
    )
    none = [ZERO] * len(starts)
    return {
        currency: [
            MonthFigures(month=month, invoiced=i, paid=p)
            for month, i, p in zip(
                starts,
                invoiced.get(currency, none),
                paid.get(currency, none),
                strict=True,
            )
        ]
        for currency in sorted({*invoiced, *paid})
    }


def dashboard_recent_invoices(*, user=None, limit: int = 8) -> QuerySet[Invoice]:
    return invoice_list(user=user).order_by("-created_at", "-id")[:limit]
