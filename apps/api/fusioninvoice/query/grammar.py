"""FusionInvoice list grammar, translated to Django lookups.

* a plain key is a column: case-insensitive "contains" on text and dates, an exact
  match on numbers and booleans; a value starting with `!=` means "not equal";
* keys are ORed, or ANDed with `where_operator=AND`;
* `relation->column` (`client->name`, `custom->column_3`) is always ANDed;
* reserved keys (paging, sorting, named filters) are never columns;
* an unknown column is a FieldNameError (400 "Please enter a valid field name").

Each module declares its FI column -> domain field mapping once (`ModuleGrammar`).
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length

from apps.core.custom_fields import COLUMN_RE

RESERVED = frozenset(
    {
        "paginated_response",
        "page",
        "per_page",
        "include_custom_fields",
        "where_operator",
        "status",
        "search",
        "client",
        "s",
        "o",
        "active",
    }
)


class FieldNameError(Exception):
    """A filter key that is not a column of the module."""


@dataclass(frozen=True)
class ModuleGrammar:
    model: type[models.Model]
    columns: dict[str, str]  # FI column -> domain lookup path
    relations: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # relation -> {column: path}
    many_relations: frozenset[str] = (
        frozenset()
    )  # filtered through a subquery (no duplicate rows)
    sorts: dict[str, tuple] = field(
        default_factory=dict
    )  # FI sort column -> order_by expressions
    default_order: tuple = ("-id",)


def _field_of(model, path: str):
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def is_true(value) -> bool | None:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    return None


NOTHING = Q(pk__in=[])


def _condition(model, path: str, raw) -> Q:
    value = "" if raw is None else str(raw)
    negate = value.startswith("!=")
    if negate:
        value = value[2:]
    if path.startswith("custom__"):
        if negate:  # a row with no value for the column is "not equal" too
            return ~Q(**{path: value}) | Q(**{f"{path}__isnull": True})
        return Q(**{f"{path}__icontains": value})
    model_field = _field_of(model, path)
    if isinstance(model_field, models.BooleanField):
        flag = is_true(value)
        if flag is None:
            return NOTHING
        return ~Q(**{path: flag}) if negate else Q(**{path: flag})
    if isinstance(
        model_field,
        models.DecimalField
        | models.IntegerField
        | models.ForeignKey
        | models.AutoField,
    ):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return ~NOTHING if negate else NOTHING
        if not number.is_finite() or abs(number) >= Decimal(10) ** 16:
            return ~NOTHING if negate else NOTHING
        if not isinstance(model_field, models.DecimalField):
            if number != number.to_integral_value():
                return ~NOTHING if negate else NOTHING
            number = int(number)
        return ~Q(**{path: number}) if negate else Q(**{path: number})
    if negate:
        return ~Q(**{path: value})
    return Q(**{f"{path}__icontains": value})


def list_filter(queryset, params: dict, grammar: ModuleGrammar, extra: Q | None = None):
    """Apply the generic field filters in `params` (reserved keys are skipped)."""
    plain: list[Q] = []
    anded: list[Q] = [extra] if extra is not None else []
    for key, value in params.items():
        if key in RESERVED:
            continue
        relation, arrow, column = key.partition("->")
        if arrow:
            relation, column = relation.strip(), column.strip()
            if relation == "custom":
                if not COLUMN_RE.match(column):
                    raise FieldNameError(key)
                anded.append(_condition(grammar.model, f"custom__{column}", value))
                continue
            columns = grammar.relations.get(relation)
            if columns is None or column not in columns:
                raise FieldNameError(key)
            condition = _condition(grammar.model, columns[column], value)
            if relation in grammar.many_relations:
                condition = Q(
                    pk__in=grammar.model.objects.filter(condition).values("pk")
                )
            anded.append(condition)
            continue
        path = grammar.columns.get(key)
        if path is None:
            raise FieldNameError(key)
        plain.append(_condition(grammar.model, path, value))
    combined = Q()
    if plain:
        use_and = str(params.get("where_operator", "")).strip().upper() == "AND"
        combined = plain[0]
        for condition in plain[1:]:
            combined = (combined & condition) if use_and else (combined | condition)
    for condition in anded:
        combined &= condition
    return queryset.filter(combined) if combined else queryset


def list_sort(queryset, params: dict, grammar: ModuleGrammar):
    """`s`/`o` sorting on whitelisted columns; other columns keep the default order."""
    column = str(params.get("s") or "").strip()
    direction = str(params.get("o") or "asc").strip().lower()
    if column and column in grammar.sorts:
        expressions = grammar.sorts[column]
    elif column and COLUMN_RE.match(column) and "custom" in grammar.sorts:
        expressions = (f"custom__{column}",)
    else:
        return queryset.order_by(*grammar.default_order)
    ordered = []
    for expr in expressions:
        if isinstance(expr, str):
            expr = models.F(expr)
        ordered.append(expr.desc() if direction == "desc" else expr.asc())
    return queryset.order_by(*ordered, "-id" if direction == "desc" else "id")


def number_sort(column: str) -> tuple:
    """FusionInvoice sorts document numbers by length, then value.

    So INV-9 comes before INV-10.
    """
    return (Length(column), column)


def wants(params: dict, key: str) -> bool:
    return is_true(params.get(key, "")) is True
