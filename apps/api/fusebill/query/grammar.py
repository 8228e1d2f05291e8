"""Fusebill's `query` filter grammar, parsed into Django `Q` objects. Pure: no database.

    query      := pair ( ";" pair )*
    pair       := name ":" value
    value      := string | set | range | "[empty]"

* A string matches case-insensitively and in full; `*` stands for any run of
  characters (`555*`, `*555*`). `[empty]` matches null or "".
* A comma set (`1,2,3`) ORs its members; only enum fields and ids accept one.
* A range is `lower|upper`, either end optional. Decimal ranges include both ends;
  date ranges include the lower end and exclude the upper one, and a bare date is
  midnight UTC, so `2018-01-01|2019-01-01` is all of 2018.
* Pairs joined by `;` are ANDed. A name is matched case-insensitively.

Any other shape, or a name the endpoint does not list, raises `QueryError`.
Fields Fusebill has but Remit does not store (a QuickBooks id, a NetSuite id, MRR)
are constants: they are evaluated here, matching every row or none.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Q

EMPTY = "[empty]"
NOTHING = Q(pk__in=[])
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
_INTEGER = re.compile(r"^-?\d{1,18}$")
_DECIMAL = re.compile(r"^-?\d{1,18}(\.\d{1,10})?$")


class QueryError(ValueError):
    """The query does not follow the grammar or names an unknown field."""


@dataclass(frozen=True)
class Field:
    """How one Fusebill query name maps onto the domain.

    kind: "string", "integer", "id" (integer accepting sets), "decimal",
    "datetime" (a timestamp column), "date" (a date column read as midnight UTC)
    or "enum" (`choices` maps each lower-cased value to a Q).
    lookup: the ORM path (or annotation); None for a constant field.
    """

    kind: str
    lookup: str | None = None
    constant: object = None
    choices: Mapping[str, Q] = field(default_factory=dict)
    sort: str | None = None  # ORM path to sort on when it differs from `lookup`

    @property
    def sort_lookup(self) -> str | None:
        return self.sort or self.lookup


def parse_query(text: str | None, fields: Mapping[str, Field]) -> Q:
    """The Q for a Fusebill `query` over `fields` (names matched case-insensitively)."""
    result = Q()
    if text is None or not text.strip():
        return result
    if "\x00" in text:  # no stored value holds one, and PostgreSQL refuses it in SQL
        raise QueryError(text)
    by_name = {name.lower(): spec for name, spec in fields.items()}
    for pair in text.split(";"):
        if not pair.strip():
            continue  # a trailing ";" from a client that joins pairs loosely
        name, sep, value = pair.partition(":")
        spec = by_name.get(name.strip().lower())
        value = value.strip()
        if not sep or spec is None or not value:
            raise QueryError(pair)
        result &= _pair(spec, value)
    return result


def field_for(name: str, fields: Mapping[str, Field]) -> tuple[str, Field] | None:
    """The documented spelling and spec for `name`, matched case-insensitively."""
    for known, spec in fields.items():
        if known.lower() == name.strip().lower():
            return known, spec
    return None


def _pair(spec: Field, value: str) -> Q:
    if value.lower() == EMPTY:
        return _empty(spec)
    if spec.kind == "enum":
        return _enum(spec, value)
    if spec.kind == "string":
        return _string(spec, value)
    if spec.kind in ("integer", "id"):
        return _integers(spec, value)
    if spec.kind == "decimal":
        return _range(spec, value, _decimal, upper_inclusive=True)
    if spec.kind == "datetime":
        return _range(spec, value, _datetime, upper_inclusive=False)
    if spec.kind == "date":
        return _range(
            spec, value, _datetime, upper_inclusive=False, to_column=_ceil_date
        )
    raise QueryError(spec.kind)


def _constant(spec: Field, matches: bool) -> Q:
    return Q() if matches else NOTHING


def _empty(spec: Field) -> Q:
    if spec.lookup is None:
        return _constant(spec, spec.constant in (None, ""))
    q = Q(**{f"{spec.lookup}__isnull": True})
    if spec.kind == "string":
        q |= Q(**{spec.lookup: ""})
    return q


def _enum(spec: Field, value: str) -> Q:
    result = None
    for member in value.split(","):
        choice = spec.choices.get(member.strip().lower())
        if choice is None:
            raise QueryError(value)
        result = choice if result is None else result | choice
    return result


def _string(spec: Field, value: str) -> Q:
    if "*" not in value:
        if spec.lookup is None:
            return _constant(spec, str(spec.constant or "").lower() == value.lower())
        return Q(**{f"{spec.lookup}__iexact": value})
    pattern = "^" + ".*".join(re.escape(part) for part in value.split("*")) + "$"
    if spec.lookup is None:
        return _constant(
            spec,
            bool(
                re.match(pattern, str(spec.constant or ""), re.IGNORECASE | re.DOTALL)
            ),
        )
    return Q(**{f"{spec.lookup}__iregex": pattern})


def _integers(spec: Field, value: str) -> Q:
    members = [m.strip() for m in value.split(",")]
    if len(members) > 1 and spec.kind != "id":
        raise QueryError(value)
    if not all(_INTEGER.match(m) for m in members):
        raise QueryError(value)
    numbers = [int(m) for m in members]
    if spec.lookup is None:
        return _constant(spec, spec.constant in numbers)
    if len(numbers) == 1:
        return Q(**{spec.lookup: numbers[0]})
    return Q(**{f"{spec.lookup}__in": numbers})


def _decimal(text: str) -> Decimal:
    if not _DECIMAL.match(text):
        raise QueryError(text)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise QueryError(text) from None


def _datetime(text: str) -> dt.datetime:
    if not _DATE.match(text):
        raise QueryError(text)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise QueryError(text) from None
    return parsed.replace(tzinfo=dt.UTC)


def _later(moment, delta: dt.timedelta):
    """`moment + delta`, or None past the last representable day (9999-12-31):
    an upper bound there bounds nothing, and no date is on or after a lower one."""
    try:
        return moment + delta
    except OverflowError:
        return None


def _ceil_date(moment: dt.datetime) -> dt.date | None:
    """The first date whose midnight is at or after `moment`: for a date column read
    as midnight UTC, `column >= moment` is `column >= _ceil_date(moment)`."""
    day = moment.date()
    return day if moment.time() == dt.time(0) else _later(day, dt.timedelta(days=1))


def _range(
    spec: Field, value: str, parse, *, upper_inclusive: bool, to_column=None
) -> Q:
    if "|" not in value:
        if spec.kind == "decimal":
            lower = upper = parse(value)
            upper_inclusive = True
        else:  # a bare date means that whole day; a bare time, that second
            lower = parse(value)
            upper = _later(
                lower,
                dt.timedelta(days=1) if "T" not in value else dt.timedelta(seconds=1),
            )
    else:
        low_text, _, high_text = value.partition("|")
        if "|" in high_text or not (low_text.strip() or high_text.strip()):
            raise QueryError(value)
        lower = parse(low_text.strip()) if low_text.strip() else None
        upper = parse(high_text.strip()) if high_text.strip() else None
    if spec.lookup is None:
        constant = spec.constant
        if constant is None:
            return NOTHING
        ok = (lower is None or constant >= lower) and (
            upper is None
            or (constant <= upper if upper_inclusive else constant < upper)
        )
        return _constant(spec, ok)
    convert = to_column or (lambda v: v)
    q = Q()
    if lower is not None:
        lower = convert(lower)
        if lower is None:  # after the last representable day: nothing is that late
            return NOTHING
        q &= Q(**{f"{spec.lookup}__gte": lower})
    if upper is not None:
        upper = convert(upper)
    if upper is not None:  # None here: past the last day, so no upper bound at all
        q &= Q(**{f"{spec.lookup}__{'lte' if upper_inclusive else 'lt'}": upper})
    return q
