"""TimeTap's list query parameters: dates, 1-based paging and ordering, and the
invoice lists they apply to."""

import datetime as dt

from rest_framework.exceptions import ValidationError

from apps.invoices.models import Invoice
from apps.invoices.selectors import invoice_list

from .statuses import with_timetap_status

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 500
# Rows before the requested page beyond which no page can exist; keeps the SQL OFFSET
# inside a 64-bit integer (a larger one is a database error, not an empty page).
MAX_OFFSET = 2**31
INVOICE_ORDER_FIELDS = {
    "invoiceId": "id",
    "invoiceNumber": "number",
    "invoiceDate": "invoice_date",
    "invoiceDueDate": "due_date",
    "chargeDate": "due_date",
    "createdDate": "created_at",
    "paidOnDate": "paid_at",
    "subtotalAmount": "subtotal",
    "paidAmount": "amount_paid",
    "balanceAmount": "balance",
    "clientId": "client_id",
}
CLIENT_ORDER_FIELDS = {
    "clientId": "id",
    "firstName": "first_name",
    "lastName": "last_name",
    "fullName": "name",
    "companyName": "name",
    "emailAddress": "email",
    "createdDate": "created_at",
    "modifiedDate": "updated_at",
    "externalUserName": "reference",
}


def param(request, name: str) -> str | None:
    value = request.query_params.get(name)
    return value.strip() if value and value.strip() else None


def date_param(request, name: str) -> dt.date | None:
    value = param(request, name)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationError(
            {name: f"'{value}' is not a date; use YYYY-MM-DD."}
        ) from None


def _int_param(request, name: str, default: int) -> int:
    value = param(request, name)
    if value is None:
        return default
    digits = value.lstrip("0")
    if not (value.isascii() and value.isdigit()) or not digits:
        raise ValidationError({name: f"'{value}' is not a whole number of 1 or more."})
    # Past 18 digits the exact value no longer matters (page sizes are capped, and
    # such a page is past the end), and int() refuses strings of thousands of digits.
    return int(digits) if len(digits) <= 18 else 10**18


def _normalised(name: str) -> str:
    return name.replace("_", "").lower()


def ordered(request, qs, fields: dict[str, str]):
    field, mode = (
        param(request, "order_field"),
        (param(request, "order_mode") or "asc").lower(),
    )
    if mode not in ("asc", "desc"):
        raise ValidationError({"order_mode": "Use asc or desc."})
    if field is None:
        return qs
    column = {_normalised(k): v for k, v in fields.items()}.get(_normalised(field))
    if column is None:
        raise ValidationError(
            {
                "order_field": (
                    f"Cannot order by '{field}'; use one of {', '.join(fields)}."
                )
            }
        )
    sign = "-" if mode == "desc" else ""
    return qs.order_by(f"{sign}{column}", f"{sign}id")


def paged(request, qs, *, always: bool):
    """1-based pageNumber / pageSize; without either, everything unless `always`."""
    if (
        not always
        and param(request, "pageNumber") is None
        and param(request, "pageSize") is None
    ):
        return qs
    number = _int_param(request, "pageNumber", 1)
    size = min(_int_param(request, "pageSize", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    offset = (number - 1) * size
    if offset > MAX_OFFSET:  # past the end: an empty page, as any page past the end
        return qs.none()
    return qs[offset : offset + size]


def invoices_for(user, *, include_deleted: bool = False):
    qs = invoice_list(user=user, with_items=True, include_deleted=include_deleted)
    return with_timetap_status(qs.select_related("created_by", "updated_by"))


def invoice_page(request, qs) -> list[Invoice]:
    """The invoices of `qs` on the requested page (all of them when no paging is asked).

    A page is found by its ids first, in a narrow query, and only those rows are then
    loaded with their joins and items: deep pages never join the rows they skip.
    """
    page = paged(request, qs, always=False)
    if page is qs:
        return list(qs)
    ids = list(page.prefetch_related(None).values_list("pk", flat=True))
    found = qs.in_bulk(ids)
    return [found[pk] for pk in ids]
