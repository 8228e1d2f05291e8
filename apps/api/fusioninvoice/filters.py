"""FusionInvoice list grammar, translated to Django lookups.

* a plain key is a column: case-insensitive "contains" on text and dates, an exact
  match on numbers and booleans; a value starting with `!=` means "not equal";
* keys are ORed, or ANDed with `where_operator=AND`;
* `relation->column` (`client->name`, `custom->column_3`) is always ANDed;
* reserved keys (paging, sorting, named filters) are never columns;
* an unknown column is a FieldNameError (400 "Please enter a valid field name").

Each module declares its FI column -> domain field mapping once (`ModuleGrammar`).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length

from apps.core.custom_fields import COLUMN_RE
from apps.core.text import is_digits

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
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 15  # FusionInvoice's `resultsPerPage` default


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


def _is_true(value) -> bool | None:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    return None


_NOTHING = Q(pk__in=[])


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
        flag = _is_true(value)
        if flag is None:
            return _NOTHING
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
            return ~_NOTHING if negate else _NOTHING
        if not number.is_finite() or abs(number) >= Decimal(10) ** 16:
            return ~_NOTHING if negate else _NOTHING
        if not isinstance(model_field, models.DecimalField):
            if number != number.to_integral_value():
                return ~_NOTHING if negate else _NOTHING
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


def per_page(params: dict) -> int:
    """`per_page` (an extension; FusionInvoice uses its setting) capped at 100."""
    try:
        size = int(str(params.get("per_page", DEFAULT_PER_PAGE)))
    except ValueError:
        return DEFAULT_PER_PAGE
    return max(1, min(size, MAX_PER_PAGE))


def page_number(params: dict) -> int:
    text = str(params.get("page", "1")).strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) and int(text) > 0 else 1


def wants(params: dict, key: str) -> bool:
    return _is_true(params.get(key, "")) is True


# ------------------------------------------------------------------ the four modules
def _grammars():
    from django.utils import timezone

    from apps.clients.models import Client
    from apps.invoices.models import Invoice, invoice_overdue_q, invoice_payable_q
    from apps.payments.models import Payment
    from apps.quotes.models import Quote

    from .inputs import CLIENT_FIELDS, INVOICE_FIELDS, PAYMENT_FIELDS, QUOTE_FIELDS

    def paths(table: dict, prefix: str = "", skip=()) -> dict[str, str]:
        out = {}
        for fi_name, domain in table.items():
            if fi_name in skip:
                continue
            if domain in (
                "client",
                "company_profile",
                "created_by",
                "invoice",
                "credit_memo",
            ):
                domain = f"{domain}_id"
            out[fi_name] = f"{prefix}{domain}"
        return out

    client_columns = paths(CLIENT_FIELDS)
    related_client = paths(CLIENT_FIELDS, "client__")
    user = {
        "id": "created_by_id",
        "name": "created_by__full_name",
        "email": "created_by__email",
    }
    company_profile = {
        "id": "company_profile_id",
        "company": "company_profile__name",
        "name": "company_profile__name",
        "address": "company_profile__address",
        "city": "company_profile__city",
        "state": "company_profile__state",
        "zip": "company_profile__postal_code",
        "country": "company_profile__country",
        "phone": "company_profile__phone",
        "email": "company_profile__email",
        "web": "company_profile__website",
    }
    currency = {"code": "currency"}
    amount = {
        "subtotal": "subtotal",
        "discount": "discount_total",
        "tax": "tax_total",
        "total": "total",
    }
    item_columns = {
        "name": "items__name",
        "description": "items__description",
        "quantity": "items__quantity",
        "price": "items__unit_price",
    }

    clients = ModuleGrammar(
        model=Client,
        columns=client_columns,
        relations={
            "user": user,
            "invoices": paths(INVOICE_FIELDS, "invoices__", skip=("status",)),
        },
        many_relations=frozenset({"invoices"}),
        sorts={
            "id": ("id",),
            "name": ("name",),
            "email": ("email",),
            "phone": ("phone",),
            "balance": ("balance",),
            "active": ("is_active",),
            "custom": (),
        },
        default_order=("name", "id"),
    )
    invoices = ModuleGrammar(
        model=Invoice,
        columns=paths(INVOICE_FIELDS, skip=("status",)),
        relations={
            "client": related_client,
            "items": item_columns,
            "user": user,
            "currency": currency,
            "companyProfile": company_profile,
            "amount": {**amount, "paid": "amount_paid", "balance": "balance"},
        },
        many_relations=frozenset({"items"}),
        sorts={
            "number": number_sort("number"),
            "invoice_date": ("invoice_date",),
            "due_at": ("due_date",),
            "clients.name": ("client__name",),
            "summary": ("summary",),
            "invoice_amounts.total": ("total",),
            "invoice_amounts.balance": ("balance",),
            "invoice_amounts.tax": ("tax_total",),
            "invoice_amounts.subtotal": ("subtotal",),
            "id": ("id",),
        },
        default_order=(
            "-invoice_date",
            "-id",
        ),  # the indexed order; `s=number` sorts by number
    )
    quotes = ModuleGrammar(
        model=Quote,
        columns=paths(QUOTE_FIELDS, skip=("status",)),
        relations={
            "client": related_client,
            "amount": amount,
            "items": item_columns,
            "user": user,
            "currency": currency,
            "companyProfile": company_profile,
        },
        many_relations=frozenset({"items"}),
        sorts={
            "number": number_sort("number"),
            "quote_date": ("quote_date",),
            "expires_at": ("expires_at",),
            "clients.name": ("client__name",),
            "summary": ("summary",),
            "quote_amounts.total": ("total",),
            "id": ("id",),
        },
        default_order=("-quote_date", "-id"),
    )
    payments = ModuleGrammar(
        model=Payment,
        columns=paths(PAYMENT_FIELDS),
        relations={
            "client": related_client,
            "user": user,
            "invoice": paths(INVOICE_FIELDS, "invoice__", skip=("status",)),
            "paymentInvoice": {
                "id": "id",
                "payment_id": "id",
                "invoice_id": "invoice_id",
                "invoice_amount_paid": "amount",
            },
        },
        sorts={
            "paid_at": ("paid_at",),
            "invoices.invoice_date": ("invoice__invoice_date",),
            "invoices.number": number_sort("invoice__number"),
            "invoices.summary": ("invoice__summary",),
            "clients.name": ("client__name",),
            "amount": ("amount",),
            "payment_methods.name": ("method",),
            "note": ("note",),
            "id": ("id",),
        },
        default_order=("-paid_at", "-id"),
    )

    def invoice_status(name: str) -> Q | None:
        # FusionInvoice's virtual statuses over the domain's words (models.py):
        # "unpaid" is payable; "overdue" is the domain's overdue.
        today = timezone.localdate()
        payable = invoice_payable_q()
        return {
            "draft": Q(status=Invoice.Status.DRAFT),
            "sent": Q(
                status__in=[
                    Invoice.Status.SENT,
                    Invoice.Status.PARTIALLY_PAID,
                    Invoice.Status.PAID,
                ]
            ),
            "canceled": Q(status=Invoice.Status.VOID),
            "viewed": Q(viewed_at__isnull=False),
            "paid": Q(status=Invoice.Status.PAID),
            "unpaid": payable,
            "overdue": invoice_overdue_q(today=today),
            "emailed": payable & Q(emailed_at__isnull=False),
            # the customer chose to pay by mail:
            "mailed": payable & Q(awaiting_mail_since__isnull=False),
        }.get(name)

    def quote_status(name: str) -> Q | None:
        if name == "viewed":
            return Q(viewed_at__isnull=False)
        return Q(status=name) if name in Quote.Status.values else None

    return {
        "clients": clients,
        "invoices": invoices,
        "quotes": quotes,
        "payments": payments,
        "invoice_status": invoice_status,
        "quote_status": quote_status,
    }


_CACHE: dict = {}


def grammar(name: str):
    """A module's grammar (or the `invoice_status` / `quote_status` named filters)."""
    if not _CACHE:
        _CACHE.update(_grammars())
    return _CACHE[name]


def named_filters(params: dict, module: str) -> Q:
    """The reserved keys that restrict a list.

    They are `status`, `search`, `client` and `active`.
    """
    condition = Q()
    status = str(params.get("status") or "").strip().lower()
    if status and module in ("invoices", "quotes"):
        named = grammar("invoice_status" if module == "invoices" else "quote_status")(
            status
        )
        if named is not None:
            condition &= named
    search = str(params.get("search") or "").strip()
    if search and module == "clients":
        condition &= (
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(phone__icontains=search)
            | Q(address_line_1__icontains=search)
            | Q(city__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
        )
    if search and module == "payments":
        condition &= (
            Q(note__icontains=search)
            | Q(reference__icontains=search)
            | Q(invoice__number__icontains=search)
            | Q(invoice__summary__icontains=search)
            | Q(client__name__icontains=search)
            | Q(method__icontains=search)
        )
    if module == "payments" and str(params.get("client") or "").strip():
        client = str(params["client"]).strip()
        condition &= (
            Q(client_id=int(client))
            if is_digits(client) and len(client) < 18
            else _NOTHING
        )
    if module == "clients" and "active" in params:
        flag = _is_true(params["active"])
        condition &= _NOTHING if flag is None else Q(is_active=flag)
    return condition
