"""Fusebill paging and sorting: 0-based `pageNumber`, `pageSize` (default 100,
at most 1000), `sortOrder` + `sortExpression`, and the nine `X-*` headers."""

import math
from dataclasses import dataclass

from django.db.models import F

from ..errors import FusebillError
from .grammar import Field, field_for

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
ORDERS = {"ascending": "Ascending", "descending": "Descending"}
DEFAULT_ORDER = "Ascending"
DEFAULT_EXPRESSION = "id"


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    order: str  # "Ascending" | "Descending"
    expression: str  # as documented, e.g. "postedTimestamp"
    ordering: tuple  # ORM order_by arguments

    @property
    def bounds(self) -> tuple[int, int]:
        start = self.number * self.size
        return start, start + self.size

    def headers(self, *, count: int, max_count: int) -> dict[str, str]:
        last = max(math.ceil(count / self.size) - 1, 0)
        values = {
            "X-Count": count,
            "X-MaxCount": max_count,
            "X-CurrentPage": self.number,
            "X-NextPage": self.number + 1 if self.number < last else self.number,
            "X-PreviousPage": self.number - 1,  # -1 on the first page
            "X-PageSize": self.size,
            "X-MaxPageIndex": last,  # the last 0-based page index
            "X-SortOrder": self.order,
            "X-SortExpression": self.expression,
        }
        return {name: str(value) for name, value in values.items()}


def _integer(params, name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise FusebillError(f"Bad request, {name} must be a whole number.") from None
    if value < 0:
        raise FusebillError(f"Bad request, {name} cannot be negative.")
    return value


def page_from(params, fields: dict[str, Field]) -> Page:
    size = _integer(params, "pageSize", DEFAULT_PAGE_SIZE)
    if size == 0:
        raise FusebillError("Bad request, pageSize must be at least 1.")
    number = _integer(params, "pageNumber", 0)
    order_text = (params.get("sortOrder") or "").strip()
    order = ORDERS.get(order_text.lower()) if order_text else DEFAULT_ORDER
    if order is None:
        raise FusebillError("Bad request, sortOrder must be Ascending or Descending.")
    expression_text = (params.get("sortExpression") or "").strip()
    expression, lookup = DEFAULT_EXPRESSION, "id"
    if expression_text:
        found = field_for(expression_text, fields)
        if found is None:
            raise FusebillError(
                f"Bad request, {expression_text} is not a sortable field."
            )
        expression, spec = found
        lookup = spec.sort_lookup or "id"  # a constant field sorts like the default
    ascending = order == "Ascending"
    if lookup == "id":  # plain, so the primary key index serves it
        ordering = ("id",) if ascending else ("-id",)
    elif ascending:  # Fusebill sorts null first
        ordering = (F(lookup).asc(nulls_first=True), "id")
    else:
        ordering = (F(lookup).desc(nulls_last=True), "-id")
    return Page(
        number=number,
        size=min(size, MAX_PAGE_SIZE),
        order=order,
        expression=expression,
        ordering=ordering,
    )
