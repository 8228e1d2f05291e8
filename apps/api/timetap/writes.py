"""Lookups and writes behind the TimeTap endpoints: each write is translated into
calls to the domain's services, nothing more."""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from apps.clients.selectors import client_list
from apps.companies.selectors import company_profile_list
from apps.invoices.models import Invoice
from apps.invoices.selectors import invoice_list
from apps.invoices.services import (
    invoice_create,
    invoice_extra_set,
    invoice_update,
    invoice_update_with_status,
    invoice_write_off,
)
from apps.quotes.selectors import quote_get, quote_list
from apps.quotes.services import quote_create

from .params import paged
from .serializers import (
    QUOTE_ID_BASE,
    OutputContext,
    existing_item_fields,
    header_fields,
    invoice_data,
    item_fields,
    quote_data,
)
from .status import (
    CLOSED,
    DELETED,
    MANUAL,
    OPEN,
    VOID,
    manual_snapshot,
    with_timetap_status,
)


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


def invoice_or_404(user, pk: int, *, include_deleted: bool = False) -> Invoice:
    if pk >= QUOTE_ID_BASE:
        raise ValidationError(
            {
                "invoiceId": (
                    f"{pk} is a quote; "
                    "quotes are read here and changed through /api/v1/quotes."
                )
            }
        )
    invoice = invoices_for(user, include_deleted=include_deleted).filter(pk=pk).first()
    if invoice is None:
        raise NotFound(f"No invoice with id {pk}.")
    return invoice


def invoice_response(user, pk: int) -> Response:
    if pk >= QUOTE_ID_BASE:
        quote = (
            quote_list(user=user, with_items=True).filter(pk=pk - QUOTE_ID_BASE).first()
        )
        if quote is None:
            raise NotFound(f"No invoice with id {pk}.")
        return Response(quote_data(quote, OutputContext()))
    return Response(
        invoice_data(invoice_or_404(user, pk, include_deleted=True), OutputContext())
    )


def client_or_error(user, pk: int, *, field: str | None = None):
    client = client_list(user=user).filter(pk=pk).first()
    if client is None:
        if field:
            raise ValidationError({field: f"No client with id {pk}."})
        raise NotFound(f"No client with id {pk}.")
    return client


def business_or_error(business_id: int | None):
    if business_id is None:
        return None
    profile = company_profile_list().filter(pk=business_id).first()
    if profile is None:
        raise ValidationError({"businessId": f"No business with id {business_id}."})
    return profile


def document_create(request, *, client, data: dict, invoice_type: str) -> Response:
    if invoice_type not in ("INVOICE", "QUOTE"):
        raise ValidationError(
            {"invoiceType": "Only INVOICE and QUOTE can be created here."}
        )
    profile = business_or_error(data.get("businessId"))
    header = header_fields(data)
    items = [
        item_fields(item, None, position=n)
        for n, item in enumerate(data.get("invoiceItem") or [], 1)
    ]
    if invoice_type == "QUOTE":
        quote = quote_create(
            client=client,
            by=request.user,
            company_profile=profile,
            items=items,
            quote_date=header.pop("invoice_date", None),
            expires_at=header.pop("due_date", None),
            **header,
        )
        return Response(
            quote_data(quote_get(user=request.user, pk=quote.pk), OutputContext())
        )
    # TimeTap invoices are OPEN and payable from the start.
    invoice = invoice_create(
        client=client,
        by=request.user,
        company_profile=profile,
        items=items,
        status=Invoice.Status.SENT,
        **header,
    )
    return invoice_response(request.user, invoice.pk)


def _changes(user, invoice: Invoice, data: dict) -> dict:
    """The invoice_update() arguments for what the body really changes."""
    changes = {}
    for name, value in header_fields(data).items():
        value = value.upper() if name == "currency" else value
        if not (name == "number" and not value) and getattr(invoice, name) != value:
            changes[name] = value
    if "client" in data and data["client"]["clientId"] != invoice.client_id:
        changes["client"] = client_or_error(
            user, data["client"]["clientId"], field="client.clientId"
        )
    if data.get("businessId") not in (None, invoice.company_profile_id):
        changes["company_profile"] = business_or_error(data["businessId"])
    if "invoiceItem" in data:
        stored = [existing_item_fields(item) for item in invoice.items.all()]
        by_id = {
            item.pk: fields
            for item, fields in zip(invoice.items.all(), stored, strict=True)
        }
        items = [
            item_fields(item, by_id.get(item.get("invoiceItemId")), position=n)
            for n, item in enumerate(data["invoiceItem"], 1)
        ]
        unchanged = len(items) == len(stored) and all(
            {**new, "position": 0} == {**old, "position": 0}
            for new, old in zip(items, stored, strict=False)
        )
        if not unchanged:
            changes["items"] = items
    return changes


# TimeTap's manual status words for the domain's. CLOSED is not a status anyone
# sets: with "Manual" it means settled without more money, a write-off.
STATUS_IN = {OPEN: Invoice.Status.SENT, VOID: Invoice.Status.VOID}


def invoice_put(user, invoice: Invoice, data: dict) -> None:
    current = invoice.tt_status
    target = data.get("status", current)
    if target != current:
        if data.get("subStatus") != MANUAL:
            raise ValidationError(
                {
                    "subStatus": (
                        f"To change the status to {target}, "
                        'also send subStatus "Manual".'
                    )
                }
            )
        if target == DELETED:
            raise ValidationError(
                {"status": "Use DELETE invoices/{invoiceId} to delete an invoice."}
            )
    changes = _changes(user, invoice, data)
    if target == current:
        if changes:
            invoice_update(invoice=invoice, by=user, **changes)
        return
    if target == CLOSED:
        # Closed by hand: a draft is sent, then the balance written off. A void
        # invoice takes no write-off: it is reopened (OPEN) first.
        draft = invoice.status == Invoice.Status.DRAFT
        invoice = invoice_update_with_status(
            invoice=invoice,
            by=user,
            status=Invoice.Status.SENT if draft else None,
            **changes,
        )
        invoice = invoice_write_off(
            invoice=invoice, by=user
        )  # CLOSED + Manual: settled by write-off
    else:
        invoice = invoice_update_with_status(
            invoice=invoice,
            by=user,
            status=STATUS_IN[target],
            reason="TimeTap manual status change",
            **changes,
        )
    extra = dict((invoice.extra or {}).get("timetap") or {})
    extra["manual"] = manual_snapshot(invoice, target)
    invoice_extra_set(invoice=invoice, values={"timetap": extra})
