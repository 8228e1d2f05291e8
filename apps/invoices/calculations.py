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
6. Paid in money = amount paid less the part settled from credit memos.

Doors that show a part of a stored result (a line's own discount, the document's own
discount or tax, a flat tax a dialect carries in the adjustment) call the functions
here for it; none subtracts stored amounts to find it.
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

    document_tax: Decimal = ZERO  # rule 4; `tax` includes it

    @property
    def total(self) -> Decimal:
        return (
            self.subtotal - self.discount + self.tax + self.shipping + self.adjustment
        )

    @property
    def line_tax(self) -> Decimal:
        """The taxes charged on the lines, without the document tax."""
        return sum((a.tax for a in self.lines), ZERO)


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


def own_discount(line: LineLike, currency: str) -> Decimal:
    """The line's own discount (rule 1), without its share of the document's."""
    subtotal = money(line.quantity * line.unit_price, currency)
    return _discount(subtotal, line.discount_type, line.discount_value, currency)


def line_amounts(
    line: LineLike, currency: str, document_discount_share: Decimal = ZERO
) -> LineAmounts:
    subtotal = money(line.quantity * line.unit_price, currency)
    own = own_discount(line, currency)
    base = subtotal - own - document_discount_share
    tax_1 = money(base * line.tax_rate / HUNDRED, currency)
    tax_2_base = base + tax_1 if line.tax_2_compound else base
    tax_2 = money(tax_2_base * line.tax_rate_2 / HUNDRED, currency)
    return LineAmounts(
        subtotal=subtotal,
        discount=own + document_discount_share,
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
    discount_off_lines = _document_discount(net_amounts, adjustments, currency)
    shares = _shares(discount_off_lines, net_amounts, currency) if lines else []
    amounts = tuple(
        line_amounts(line, currency, share) if share else first
        for line, first, share in zip(lines, first_pass, shares, strict=True)
    )
    subtotal = sum((a.subtotal for a in amounts), ZERO)
    discount = sum((a.discount for a in amounts), ZERO)
    tax_on_document = document_tax(
        subtotal=subtotal,
        discount=discount,
        tax_percent=adjustments.tax_percent,
        currency=currency,
    )
    tax = sum((a.tax for a in amounts), ZERO) + tax_on_document
    return Totals(
        lines=amounts,
        subtotal=subtotal,
        discount=discount,
        tax=tax,
        shipping=money(adjustments.shipping, currency),
        adjustment=money(adjustments.adjustment, currency),
        document_tax=tax_on_document,
    )


def _document_discount(
    net_amounts: Sequence[Decimal], adjustments: DocumentAdjustments, currency: str
) -> Decimal:
    return _discount(
        sum(net_amounts, ZERO),
        adjustments.discount_type,
        adjustments.discount_value,
        currency,
    )


def document_discount(
    lines: Iterable[LineLike], *, currency: str, adjustments: DocumentAdjustments
) -> Decimal:
    """The document's own discount (rule 2, before it is shared among the lines):
    a percent of, or a flat amount capped at, the lines after their own discounts."""
    net_amounts = [
        money(line.quantity * line.unit_price, currency) - own_discount(line, currency)
        for line in lines
    ]
    return _document_discount(net_amounts, adjustments, currency)


def document_tax(
    *, subtotal: Decimal, discount: Decimal, tax_percent: Decimal, currency: str
) -> Decimal:
    """The document tax (rule 4): `tax_percent` of the discounted subtotal, rounded
    once. `discount` is every discount (the lines' own and the document's)."""
    return money((subtotal - discount) * tax_percent / HUNDRED, currency)


def flat_tax(*, whole_tax: Decimal, line_tax: Decimal) -> Decimal:
    """A flat tax given as the document's whole tax (FluidPay's `tax`): what it adds
    beyond the line taxes, never negative."""
    return max(whole_tax - line_tax, ZERO)


@dataclass(frozen=True)
class FlatTaxShown:
    tax: Decimal  # every tax, the flat one included
    adjustment: Decimal  # the adjustment without the flat tax it carries


def flat_tax_shown(
    *, tax_total: Decimal, adjustment: Decimal, flat: Decimal
) -> FlatTaxShown:
    """A flat tax is stored inside the document adjustment (so totals stay the
    domain's); shown, it moves from the adjustment to the tax."""
    return FlatTaxShown(tax=tax_total + flat, adjustment=adjustment - flat)


def adjustment_with_flat_tax(*, adjustment: Decimal, flat: Decimal) -> Decimal:
    """The adjustment to store for one shown without its flat tax (the inverse of
    `flat_tax_shown`)."""
    return adjustment + flat


def paid_net_of_credit_memos(*, amount_paid: Decimal, credit_memos: Decimal) -> Decimal:
    """Rule 6: what was paid in money, without the part settled from credit memos."""
    return amount_paid - credit_memos


def balance_due(*, total: Decimal, paid: Decimal, written_off: Decimal) -> Decimal:
    """What the customer still owes; never negative."""
    return max(total - paid - written_off, ZERO)


def tip_for_percent(*, amount: Decimal, percent: Decimal, currency: str) -> Decimal:
    return money(amount * percent / HUNDRED, currency)
