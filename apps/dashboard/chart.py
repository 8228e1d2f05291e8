"""Geometry for the dashboard's invoiced-vs-paid bar chart, drawn as server-side SVG.

Pure: months in, rectangles out. Heights scale Decimal amounts; nothing here
rounds money.
"""

from dataclasses import dataclass
from decimal import Decimal

from apps.core.money import ZERO

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 84, 8, 12, 28
TICKS = 4


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    amount: Decimal


@dataclass(frozen=True)
class Group:
    label: str  # "Feb"; January and the first month carry the year: "Jan ’26"
    label_x: float
    month: object
    invoiced: Bar
    paid: Bar


@dataclass(frozen=True)
class Tick:
    y: float
    value: Decimal


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right_edge: int
    baseline: float
    groups: list[Group]
    ticks: list[Tick]


def _nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 x 10^n at or above `value` (a round axis top)."""
    if value <= ZERO:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        top = step.scaleb(exponent)
        if top >= value:
            return top
    return Decimal(10).scaleb(exponent)  # pragma: no cover


def chart_build(months) -> Chart:
    """`months`: MonthFigures oldest first (each with .month, .invoiced, .paid)."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    peak = max([ZERO, *(m.invoiced for m in months), *(m.paid for m in months)])
    top = _nice_ceiling(peak)
    slot = plot_w / max(len(months), 1)
    bar_w = slot * 0.36
    baseline = TOP + plot_h

    def bar(x: float, amount: Decimal) -> Bar:
        h = float(max(amount, ZERO) / top) * plot_h  # float ok: SVG geometry, not money
        return Bar(
            x=round(x, 1),
            y=round(baseline - h, 1),
            width=round(bar_w, 1),
            height=round(h, 1),
            amount=amount,
        )

    groups = []
    for i, m in enumerate(months):
        x0 = LEFT + i * slot + slot * 0.12
        label = (
            m.month.strftime("%b")
            if m.month.month != 1 and i
            else m.month.strftime("%b ’%y")
        )
        groups.append(
            Group(
                label=label,
                label_x=round(LEFT + i * slot + slot / 2, 1),
                month=m.month,
                invoiced=bar(x0, m.invoiced),
                paid=bar(x0 + bar_w, m.paid),
            )
        )
    ticks = [
        Tick(y=round(baseline - plot_h * i / TICKS, 1), value=top * i / TICKS)
        for i in range(TICKS + 1)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        baseline=baseline,
        groups=groups,
        ticks=ticks,
    )
