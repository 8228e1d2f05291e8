"""`POST invoices/search` and `POST transaction/search` criteria as one queryset
filter each (criteria are ANDed).

Operators: `=`, `!=`, `%` (contains), `>`, `<`. Amounts (`amount_due`, a transaction's
`amount`) are in minor units of each row's own currency, so 5000 means $50.00 on a
USD invoice and ¥5000 on a JPY one.
"""

from functools import lru_cache

from babel.core import get_global
from django.db.models import CharField, F, Q, QuerySet
from django.db.models.functions import Cast

from apps.core.money import from_minor_units, parse_decimal
from apps.core.text import is_digits

from .errors import BadRequest
from .outputs import order_id
from .statuses import (
    STATUSES,
    TRANSACTION_STATUS_WORDS,
    status_q,
    transaction_status_q,
    with_last_charge_code,
)

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


def _minor_units(criterion: dict, name: str, column: str) -> Q:
    """`column` (an amount) compared with a value in each row's minor units."""
    operator = criterion["operator"]
    if operator not in ("=", "!=", ">", "<"):
        raise BadRequest(f"{name}.operator: use one of =, !=, >, <.")
    try:
        cents = int(parse_decimal(criterion["value"]))
    except (ValueError, TypeError):
        raise BadRequest(
            f"{name}.value: an integer amount in cents is required."
        ) from None
    special = _currencies_by_digits()
    others = [code for codes in special.values() for code in codes]
    query = ~Q(currency__in=others) & _compare(
        column, operator, from_minor_units(cents, "USD")
    )
    for codes in special.values():
        query |= Q(currency__in=codes) & _compare(
            column, operator, from_minor_units(cents, codes[0])
        )
    return query


def _amount_due(criterion: dict) -> Q:
    return _minor_units(criterion, "amount_due", "balance")


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


def transaction_id_q(value: str) -> Q:
    """The payment whose transaction `id` is `value`: its gateway transaction id,
    or its own id when the gateway gave none (`outputs.transaction_data`)."""
    query = Q(transaction_id=value)
    if is_digits(value) and len(value) <= 18:
        query |= Q(transaction_id="", pk=int(value))
    return query


def order_id_q(value: str, invoices: QuerySet) -> Q:
    """Payments whose `order_id` (and `po_number`) is `value`: on an invoice whose
    FluidPay invoice_number is `value`, or on invoice `value` when it has none
    (`outputs.order_id` decides which, for the one invoice that id names)."""
    query = Q(invoice__number=value, invoice__extra__fluidpay__invoice_number=value)
    if is_digits(value) and len(value) <= 18:
        by_id = invoices.filter(pk=int(value)).first()
        if by_id is not None and order_id(by_id) == value:
            query |= Q(invoice_id=by_id.pk)
    return query


def _equality(criteria: dict, name: str) -> tuple[str, str] | None:
    if name not in criteria:
        return None
    operator, value = _string(criteria[name], name, ("=", "!="))
    if "\x00" in value:  # no stored value holds one, and PostgreSQL refuses it
        raise BadRequest(f"{name}.value: must not contain a NUL character.")
    return operator, value


def _negate(operator: str, query: Q) -> Q:
    return query if operator == "=" else ~query


def transaction_search(
    qs: QuerySet, criteria: dict, *, invoices: QuerySet
) -> tuple[QuerySet, int, int]:
    """Filter payments `qs` by validated transaction `criteria`; answers
    (queryset, limit, offset). `invoices` are the invoices the caller may read."""
    query = Q()
    if found := _equality(criteria, "transaction_id"):
        query &= _negate(found[0], transaction_id_q(found[1]))
    if found := _equality(criteria, "type"):
        # Remit only sells: every transaction is a "sale".
        query &= _negate(found[0], Q() if found[1] == "sale" else Q(pk__in=[]))
    for name in ("order_id", "po_number"):  # the same value, by the vendor's rule
        if found := _equality(criteria, name):
            query &= _negate(found[0], order_id_q(found[1], invoices))
    for name in ("payment_method", "payment_type"):
        if found := _equality(criteria, name):
            query &= _negate(found[0], Q(method=found[1]))
    if found := _equality(criteria, "status"):
        if found[1] not in TRANSACTION_STATUS_WORDS + ("unknown",):
            words = ", ".join(TRANSACTION_STATUS_WORDS)
            raise BadRequest(f"status.value: use one of {words}.")
        query &= _negate(found[0], transaction_status_q(found[1]))
    if found := _equality(criteria, "customer_id"):
        operator, value = found
        known = is_digits(value) and len(value) <= 18
        match = Q(client_id=int(value)) if known else Q(pk__in=[])
        query &= _negate(operator, match)
    if "amount" in criteria:
        # The transaction's amount is what was charged: the payment and its tip.
        qs = qs.alias(_charged=F("amount") + F("tip"))
        query &= _minor_units(criteria["amount"], "amount", "_charged")
    created = criteria.get("created_at") or {}
    if "start_date" in created:
        query &= Q(created_at__gte=created["start_date"])
    if "end_date" in created:
        query &= Q(created_at__lte=created["end_date"])
    limit = criteria.get("limit") or DEFAULT_LIMIT
    return qs.filter(query), limit, criteria.get("offset", 0)
