"""The four FusionInvoice modules' grammars (FI column -> domain field), and the
reserved keys that restrict a list (`named_filters`)."""

from django.db.models import Q

from apps.core.text import is_digits

from .grammar import NOTHING, ModuleGrammar, is_true, number_sort


# ------------------------------------------------------------------ the four modules
def _grammars():
    from apps.clients.models import Client
    from apps.invoices.models import Invoice
    from apps.payments.models import Payment
    from apps.quotes.models import Quote

    from ..inputs import CLIENT_FIELDS, INVOICE_FIELDS, PAYMENT_FIELDS, QUOTE_FIELDS
    from ..statuses import invoice_status_q, quote_status_q

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

    return {
        "clients": clients,
        "invoices": invoices,
        "quotes": quotes,
        "payments": payments,
        "invoice_status": invoice_status_q,
        "quote_status": quote_status_q,
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
            else NOTHING
        )
    if module == "clients" and "active" in params:
        flag = is_true(params["active"])
        condition &= NOTHING if flag is None else Q(is_active=flag)
    return condition
