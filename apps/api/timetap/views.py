"""TimeTap endpoints (`/timetap/live/` and `/timetap/test/`, the same data).

Thin translators: parse TimeTap's request (`inputs`, `query`), call the domain's
selectors and services, answer TimeTap's shapes (`outputs`) and errors (`errors`).
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.common.permissions import RolePermission
from apps.clients.selectors import client_list
from apps.invoices.models import Invoice
from apps.invoices.services import (
    invoice_create,
    invoice_delete,
    invoice_extra_set,
    invoice_update,
    invoice_update_with_status,
    invoice_write_off,
)
from apps.quotes.selectors import quote_get, quote_list
from apps.quotes.services import quote_create

from . import schema
from .auth import SessionTokenAuthentication, session_token_issue
from .errors import exception_handler
from .inputs import (
    InvoiceCreateInput,
    InvoiceInput,
    InvoiceUpdateInput,
    TimeTapJSONParser,
    business_or_error,
    client_or_error,
    header_fields,
    invoice_changes,
    invoice_or_404,
    item_fields,
)
from .outputs import QUOTE_ID_BASE, OutputContext, client_data, invoice_data, quote_data
from .query import (
    CLIENT_ORDER_FIELDS,
    INVOICE_ORDER_FIELDS,
    date_param,
    invoice_page,
    invoices_for,
    ordered,
    paged,
    param,
)
from .renderers import JSONOnlyNegotiation, TimeTapJSONRenderer
from .statuses import (
    CLOSED,
    DELETED,
    LIST_STATUSES,
    MANUAL,
    STATUS_IN,
    manual_snapshot,
    status_condition,
)


class TimeTapView(APIView):
    authentication_classes = [SessionTokenAuthentication]
    permission_classes = [RolePermission]
    renderer_classes = [TimeTapJSONRenderer]
    parser_classes = [TimeTapJSONParser]
    content_negotiation_class = JSONOnlyNegotiation

    def get_exception_handler(self):
        return exception_handler


# ---- service calls --------------------------------------------------------------


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
    changes = invoice_changes(user, invoice, data)
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


# ---- endpoints ------------------------------------------------------------------


class SessionTokenView(TimeTapView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    # Clients fetch a token before every call: never throttle it tighter than the API.
    throttle_classes: list = []

    @extend_schema(**schema.SESSION_TOKEN_GET)
    def get(self, request):
        token = session_token_issue(
            api_key=param(request, "apiKey"),
            timestamp=param(request, "timestamp"),
            signature=param(request, "signature"),
        )
        # A credential: no shared cache may keep it (the request is a plain GET).
        return Response({"sessionToken": token}, headers={"Cache-Control": "no-store"})


class InvoiceStatusListView(TimeTapView):
    @extend_schema(**schema.INVOICE_STATUS_LIST_GET)
    def get(self, request, status_string: str):
        word = status_string.upper()
        if word not in LIST_STATUSES:
            raise ValidationError(
                {
                    "statusString": (
                        f"'{status_string}' is not a status; use OPEN, CLOSED or VOID."
                    )
                }
            )
        qs = invoices_for(request.user).filter(status_condition(word))
        for name, lookup in (
            ("invoiceStartDate", "invoice_date__gte"),
            ("invoiceEndDate", "invoice_date__lte"),
            ("chargeStartDate", "due_date__gte"),
            ("chargeEndDate", "due_date__lte"),
        ):
            value = date_param(request, name)
            if value is not None:
                qs = qs.filter(**{lookup: value})
        invoices = invoice_page(request, ordered(request, qs, INVOICE_ORDER_FIELDS))
        ctx = OutputContext()
        return Response([invoice_data(invoice, ctx) for invoice in invoices])


class InvoiceDetailView(TimeTapView):
    @extend_schema(**schema.INVOICE_DETAIL_GET)
    def get(self, request, invoice_id: int):
        return invoice_response(request.user, invoice_id)

    @extend_schema(**schema.INVOICE_DETAIL_DELETE)
    def delete(self, request, invoice_id: int):
        invoice = invoice_or_404(request.user, invoice_id)
        invoice_delete(invoice=invoice, by=request.user)
        return invoice_response(request.user, invoice_id)


class ClientInvoicesView(TimeTapView):
    @extend_schema(**schema.CLIENT_INVOICES_GET)
    def get(self, request, client_id: int):
        client = client_or_error(request.user, client_id)
        qs = invoices_for(request.user).filter(client=client)
        invoices = invoice_page(request, ordered(request, qs, INVOICE_ORDER_FIELDS))
        ctx = OutputContext()
        return Response([invoice_data(invoice, ctx) for invoice in invoices])

    @extend_schema(**schema.CLIENT_INVOICES_POST)
    def post(self, request, client_id: int):
        client = client_or_error(request.user, client_id)
        body = request.data
        if isinstance(body, list):
            body = {"invoiceItem": body}
        elif not isinstance(body, dict):
            raise ValidationError(
                "Send a JSON array of invoiceItem objects or an invoice object."
            )
        body = {
            k: v for k, v in body.items() if k not in ("client", "invoiceId")
        }  # the path names the client
        serializer = InvoiceInput(data=body)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invoice_type = (
            param(request, "invoiceType") or data.get("invoiceType") or "INVOICE"
        ).upper()
        with transaction.atomic():
            return document_create(
                request, client=client, data=data, invoice_type=invoice_type
            )


class InvoicesView(TimeTapView):
    @extend_schema(**schema.INVOICES_POST)
    def post(self, request):
        serializer = InvoiceCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        client = client_or_error(
            request.user, data["client"]["clientId"], field="client.clientId"
        )
        with transaction.atomic():
            return document_create(
                request, client=client, data=data, invoice_type=data["invoiceType"]
            )

    @extend_schema(**schema.INVOICES_PUT)
    def put(self, request):
        serializer = InvoiceUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():  # several services: all of them or none
            invoice = invoice_or_404(request.user, data["invoiceId"])
            invoice_put(request.user, invoice, data)
        return invoice_response(request.user, invoice.pk)


class ClientListView(TimeTapView):
    @extend_schema(**schema.CLIENT_LIST_GET)
    def get(self, request):
        qs = paged(
            request,
            ordered(request, client_list(user=request.user), CLIENT_ORDER_FIELDS),
            always=True,
        )
        ctx = OutputContext()
        return Response([client_data(client, ctx) for client in qs])


class ClientCountView(TimeTapView):
    @extend_schema(**schema.CLIENT_COUNT_GET)
    def get(self, request):
        return Response(client_list(user=request.user).filter(is_active=True).count())


class ClientDetailView(TimeTapView):
    @extend_schema(**schema.CLIENT_DETAIL_GET)
    def get(self, request, client_id: int):
        return Response(
            client_data(client_or_error(request.user, client_id), OutputContext())
        )
