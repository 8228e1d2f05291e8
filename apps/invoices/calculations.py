"""Invoice and quote arithmetic. Pure: no ORM, no I/O, Decimal only.

Policy (the same for pages, PDFs, reports and every API dialect):
1. Each line: subtotal = round(quantity x unit price); the line's own discount is
   rounded on its own (a percent of the line subtotal, or a flat amount capped at it).
2. A document discount is shared among the lines in proportion to their discounted
   amounts, the last line taking the rounding remainder, so taxes are charged on what
   the customer really pays and the shares add up to the discount exactly.
3. Taxes are rounded per line, then summed: tax 1 on the line's taxable base; tax 2 on
   the same base, or on base + tax 1 when it compounds.
4. A document tax percent applies to the discounted subtotal, rounded once.
5. total = subtotal - discounts + taxes + shipping + adjustment.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from apps.core.money import HUNDRED, ZERO, money

PERCENT = "percent"
FLAT = "flat"


class LineLike(Protocol):
    quantity: Decimal
    unit_price: Decimal
    discount_type: str
    discount_value: Decimal
    tax_rate: Decimal
    tax_rate_2: Decimal
    tax_2_compound: bool


@dataclass(frozen=True)
class LineInput:
    """Cleaned form or API data in the shape `line_amounts` reads."""

    quantity: Decimal
    unit_price: Decimal
    discount_type: str = ""
    discount_value: Decimal = ZERO
    tax_rate: Decimal = ZERO
    tax_rate_2: Decimal = ZERO
    tax_2_compound: bool = False


@dataclass(frozen=True)
class LineAmounts:
    subtotal: Decimal
    discount: Decimal  # own discount plus share of the document discount
    tax_1: Decimal
    tax_2: Decimal

    @property
    def tax(self) -> Decimal:
        return self.tax_1 + self.tax_2

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.discount + self.tax_1 + self.tax_2


@dataclass(frozen=True)
class DocumentAdjustments:
    discount_type: str = ""
    discount_value: Decimal = ZERO
    tax_percent: Decimal = ZERO
    shipping: Decimal = ZERO
    adjustment: Decimal = ZERO


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineAmounts, ...]
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    shipping: Decimal
    adjustment: Decimal

    @property
    def total(self) -> Decimal:
        return (
            self.subtotal - self.discount + self.tax + self.shipping + self.adjustment
        )


def _discount(base: Decimal, kind: str, value: Decimal, currency: str) -> Decimal:
    if kind == PERCENT:
        return money(base * value / HUNDRED, currency)
    if kind == FLAT:
        return min(money(value, currency), base) if base > ZERO else ZERO
    return ZERO


def _shares(total: Decimal, weights: Sequence[Decimal], currency: str) -> list[Decimal]:
    """Split `total` across `weights` proportionally; rounded shares sum to `total`."""
    weight_sum = sum(weights, ZERO)
    if total == ZERO or weight_sum <= ZERO:
        return [ZERO] * len(weights)
    shares = [money(total * w / weight_sum, currency) for w in weights[:-1]]
    return [*shares, total - sum(shares, ZERO)]


def line_amounts(
    line: LineLike, currency: str, document_discount_share: Decimal = ZERO
) -> LineAmounts:
    subtotal = money(line.quantity * line.unit_price, currency)
    own_discount = _discount(
        subtotal, line.discount_type, line.discount_value, currency
    )
    base = subtotal - own_discount - document_discount_share
    tax_1 = money(base * line.tax_rate / HUNDRED, currency)
    tax_2_base = base + tax_1 if line.tax_2_compound else base
    tax_2 = money(tax_2_base * line.tax_rate_2 / HUNDRED, currency)
    return LineAmounts(
        subtotal=subtotal,
        discount=own_discount + document_discount_share,
        tax_1=tax_1,
        tax_2=tax_2,
    )


def document_totals(
    lines: Iterable[LineLike],
    *,
    currency: str,
    adjustments: DocumentAdjustments = DocumentAdjustments(),
) -> Totals:
    lines = list(lines)
    first_pass = [line_amounts(line, currency) for line in lines]
    net_amounts = [a.subtotal - a.discount for a in first_pass]
    net_total = sum(net_amounts, ZERO)
    document_discount = _discount(
        net_total, adjustments.discount_type, adjustments.discount_value, currency
    )
    shares = _shares(document_discount, net_amounts, currency) if lines else []
    amounts = tuple(
        line_amounts(line, currency, share) if share else first
        for line, first, share in zip(lines, first_pass, shares, strict=True)
    )
    subtotal = sum((a.subtotal for a in amounts), ZERO)
    discount = sum((a.discount for a in amounts), ZERO)
    document_tax = money(
        (subtotal - discount) * adjustments.tax_percent / HUNDRED, currency
    )
    tax = sum((a.tax for a in amounts), ZERO) + document_tax
    return Totals(
        lines=amounts,
        subtotal=subtotal,
        discount=discount,
        tax=tax,
        shipping=money(adjustments.shipping, currency),
        adjustment=money(adjustments.adjustment, currency),
    )


def balance_due(*, total: Decimal, paid: Decimal, written_off: Decimal) -> Decimal:
    """What the customer still owes; never negative."""
    return max(total - paid - written_off, ZERO)


def tip_for_percent(*, amount: Decimal, percent: Decimal, currency: str) -> Decimal:
    return money(amount * percent / HUNDRED, currency)
