"""`POST invoices/search` criteria as one queryset filter (criteria are ANDed).

Operators: `=`, `!=`, `%` (contains), `>`, `<`. `amount_due` is in minor units of each
invoice's own currency, so 5000 means $50.00 on a USD invoice and ¥5000 on a JPY one.
"""

from functools import lru_cache

from babel.core import get_global
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from apps.core.money import from_minor_units, parse_decimal
from apps.core.text import is_digits

from .errors import BadRequest
from .statuses import STATUSES, status_q, with_last_charge_code

DEFAULT_LIMIT = 10
MAX_LIMIT = 100


@lru_cache(maxsize=1)
def _currencies_by_digits() -> dict[int, list[str]]:
    """Currencies whose minor unit is not 2 digits (CLDR), grouped by digit count."""
    groups: dict[int, list[str]] = {}
    for code, fraction in get_global("currency_fractions").items():
        digits = fraction[0]
        if code != "DEFAULT" and digits != 2:
            groups.setdefault(digits, []).append(code)
    return groups


def _compare(field: str, operator: str, value) -> Q:
    if operator == "=":
        return Q(**{field: value})
    if operator == "!=":
        return ~Q(**{field: value})
    if operator == ">":
        return Q(**{f"{field}__gt": value})
    if operator == "<":
        return Q(**{f"{field}__lt": value})
    return Q(**{f"{field}__icontains": value})


def _string(criterion: dict, name: str, allowed: tuple[str, ...]) -> tuple[str, str]:
    operator, value = criterion["operator"], criterion["value"]
    if operator not in allowed:
        raise BadRequest(f"{name}.operator: use one of {', '.join(allowed)}.")
    if isinstance(value, dict | list | bool):
        raise BadRequest(f"{name}.value: a string is required.")
    return operator, str(value)


def _amount_due(criterion: dict) -> Q:
    operator = criterion["operator"]
    if operator not in ("=", "!=", ">", "<"):
        raise BadRequest("amount_due.operator: use one of =, !=, >, <.")
    try:
        cents = int(parse_decimal(criterion["value"]))
    except (ValueError, TypeError):
        raise BadRequest(
            "amount_due.value: an integer amount in cents is required."
        ) from None
    special = _currencies_by_digits()
    others = [code for codes in special.values() for code in codes]
    query = ~Q(currency__in=others) & _compare(
        "balance", operator, from_minor_units(cents, "USD")
    )
    for codes in special.values():
        query |= Q(currency__in=codes) & _compare(
            "balance", operator, from_minor_units(cents, codes[0])
        )
    return query


def invoice_search(qs: QuerySet, criteria: dict) -> tuple[QuerySet, int, int]:
    """Filter `qs` by validated `criteria`; answers (queryset, limit, offset)."""
    query = Q()
    if "id" in criteria:
        operator, value = _string(criteria["id"], "id", ("=", "!=", "%", ">", "<"))
        if operator == "%":
            qs = qs.annotate(_id_text=Cast("id", CharField()))
            query &= Q(_id_text__contains=value)
        elif not is_digits(value):
            raise BadRequest("id.value: an invoice id is required.")
        else:
            query &= _compare("id", operator, int(value))
    if "customer_id" in criteria:
        operator, value = _string(
            criteria["customer_id"], "customer_id", ("=", "!=", "%")
        )
        if operator == "%":
            qs = qs.annotate(_client_text=Cast("client_id", CharField()))
            query &= Q(_client_text__contains=value)
        elif not is_digits(value):
            query &= Q(pk__in=[]) if operator == "=" else Q()
        else:
            query &= _compare("client_id", operator, int(value))
    if "invoice_number" in criteria:
        operator, value = _string(
            criteria["invoice_number"], "invoice_number", ("=", "!=", "%")
        )
        query &= _compare("number", operator, value)
    if "status" in criteria:
        operator, value = _string(criteria["status"], "status", ("=", "!="))
        if value not in STATUSES:
            raise BadRequest(f"status.value: use one of {', '.join(STATUSES)}.")
        qs = with_last_charge_code(qs)
        query &= status_q(value) if operator == "=" else ~status_q(value)
    if "amount_due" in criteria:
        query &= _amount_due(criteria["amount_due"])
    date_due = criteria.get("date_due") or {}
    if "start_date" in date_due:
        query &= Q(due_date__gte=date_due["start_date"].date())
    if "end_date" in date_due:
        query &= Q(due_date__lte=date_due["end_date"].date())
    # 0 means "not set": SDKs with zero-valued structs (Go) send it that way.
    limit = criteria.get("limit") or DEFAULT_LIMIT
    return qs.filter(query), limit, criteria.get("offset", 0)
