"""TimeTap endpoints (`/timetap/live/` and `/timetap/test/`, the same data).

Thin translators: parse TimeTap's request, call the domain's selectors and services,
answer TimeTap's shapes (`serializers.py`) and errors (`errors.py`).
"""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.common.permissions import RolePermission
from apps.clients.selectors import client_list
from apps.invoices.services import invoice_delete

from . import schema
from .auth import SessionTokenAuthentication, session_token_issue
from .errors import exception_handler
from .params import (
    CLIENT_ORDER_FIELDS,
    INVOICE_ORDER_FIELDS,
    date_param,
    ordered,
    paged,
    param,
)
from .renderers import JSONOnlyNegotiation, TimeTapJSONParser, TimeTapJSONRenderer
from .serializers import (
    InvoiceCreateInput,
    InvoiceInput,
    InvoiceItemInput,
    InvoiceUpdateInput,
    OutputContext,
    client_data,
    invoice_data,
)
from .status import LIST_STATUSES, status_condition
from .writes import (
    client_or_error,
    document_create,
    invoice_or_404,
    invoice_page,
    invoice_put,
    invoice_response,
    invoices_for,
)

TAG = ["TimeTap"]


class TimeTapView(APIView):
    authentication_classes = [SessionTokenAuthentication]
    permission_classes = [RolePermission]
    renderer_classes = [TimeTapJSONRenderer]
    parser_classes = [TimeTapJSONParser]
    content_negotiation_class = JSONOnlyNegotiation

    def get_exception_handler(self):
        return exception_handler


# ---- endpoints ------------------------------------------------------------------


class SessionTokenView(TimeTapView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    # Clients fetch a token before every call: never throttle it tighter than the API.
    throttle_classes: list = []

    @extend_schema(
        tags=TAG,
        auth=[],
        summary="Get a session token",
        parameters=[
            OpenApiParameter("apiKey", str, OpenApiParameter.QUERY, required=True),
            OpenApiParameter(
                "timestamp",
                OpenApiTypes.NUMBER,
                OpenApiParameter.QUERY,
                required=True,
                description=(
                    "Unix seconds (a float with microseconds is fine); "
                    "within 15 minutes."
                ),
            ),
            OpenApiParameter(
                "signature",
                str,
                OpenApiParameter.QUERY,
                required=True,
                description="md5hex(apiKey + privateKey).",
            ),
        ],
        responses={
            200: schema.SessionTokenSchema,
            400: schema.ErrorSchema,
            401: schema.ErrorSchema,
        },
    )
    def get(self, request):
        token = session_token_issue(
            api_key=param(request, "apiKey"),
            timestamp=param(request, "timestamp"),
            signature=param(request, "signature"),
        )
        # A credential: no shared cache may keep it (the request is a plain GET).
        return Response({"sessionToken": token}, headers={"Cache-Control": "no-store"})


class InvoiceStatusListView(TimeTapView):
    @extend_schema(
        tags=TAG,
        summary="Invoices in a status (OPEN, CLOSED or VOID)",
        parameters=[*schema.DATE_PARAMETERS, *schema.PAGING_PARAMETERS],
        responses={200: schema.InvoiceSchema(many=True), **schema.ERRORS},
    )
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
    @extend_schema(
        tags=TAG,
        summary="One invoice",
        responses={200: schema.InvoiceSchema, **schema.ERRORS},
    )
    def get(self, request, invoice_id: int):
        return invoice_response(request.user, invoice_id)

    @extend_schema(
        tags=TAG,
        summary=(
            "Delete a draft invoice (soft: active false, status DELETED); an issued "
            "invoice is refused (400): set status VOID instead"
        ),
        responses={200: schema.InvoiceSchema, **schema.ERRORS},
    )
    def delete(self, request, invoice_id: int):
        invoice = invoice_or_404(request.user, invoice_id)
        invoice_delete(invoice=invoice, by=request.user)
        return invoice_response(request.user, invoice_id)


class ClientInvoicesView(TimeTapView):
    @extend_schema(
        tags=TAG,
        summary="A client's invoices",
        parameters=schema.PAGING_PARAMETERS,
        responses={200: schema.InvoiceSchema(many=True), **schema.ERRORS},
    )
    def get(self, request, client_id: int):
        client = client_or_error(request.user, client_id)
        qs = invoices_for(request.user).filter(client=client)
        invoices = invoice_page(request, ordered(request, qs, INVOICE_ORDER_FIELDS))
        ctx = OutputContext()
        return Response([invoice_data(invoice, ctx) for invoice in invoices])

    @extend_schema(
        tags=TAG,
        summary="Create an invoice (or quote) for a client from invoice items",
        description=(
            "The body is a JSON array of invoiceItem objects, "
            "or an invoice object with invoiceItem."
        ),
        parameters=[
            OpenApiParameter(
                "invoiceType", str, OpenApiParameter.QUERY, enum=["INVOICE", "QUOTE"]
            )
        ],
        request=InvoiceItemInput(many=True),
        responses={200: schema.InvoiceSchema, **schema.ERRORS},
    )
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
    @extend_schema(
        tags=TAG,
        summary="Create an invoice",
        request=InvoiceCreateInput,
        responses={200: schema.InvoiceSchema, **schema.ERRORS},
    )
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

    @extend_schema(
        tags=TAG,
        summary="Update an invoice (invoiceId in the body)",
        request=InvoiceUpdateInput,
        description=(
            "To change the status send status OPEN, CLOSED or VOID "
            'with subStatus "Manual". '
            "OPEN to VOID voids; VOID to OPEN reopens; "
            "to CLOSED writes off the balance "
            '(CLOSED with "Manual" means settled by write-off). '
            "invoiceItem, when sent, replaces the items."
        ),
        responses={200: schema.InvoiceSchema, **schema.ERRORS},
    )
    def put(self, request):
        serializer = InvoiceUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():  # several services: all of them or none
            invoice = invoice_or_404(request.user, data["invoiceId"])
            invoice_put(request.user, invoice, data)
        return invoice_response(request.user, invoice.pk)


class ClientListView(TimeTapView):
    @extend_schema(
        tags=TAG,
        summary="Clients (1-based pages of 25 by default)",
        parameters=schema.PAGING_PARAMETERS,
        responses={200: schema.ClientSchema(many=True), **schema.ERRORS},
    )
    def get(self, request):
        qs = paged(
            request,
            ordered(request, client_list(user=request.user), CLIENT_ORDER_FIELDS),
            always=True,
        )
        ctx = OutputContext()
        return Response([client_data(client, ctx) for client in qs])


class ClientCountView(TimeTapView):
    @extend_schema(
        tags=TAG,
        summary="Number of active clients",
        responses={200: OpenApiTypes.INT, **schema.ERRORS},
    )
    def get(self, request):
        return Response(client_list(user=request.user).filter(is_active=True).count())


class ClientDetailView(TimeTapView):
    @extend_schema(
        tags=TAG,
        summary="One client",
        responses={200: schema.ClientSchema, **schema.ERRORS},
    )
    def get(self, request, client_id: int):
        return Response(
            client_data(client_or_error(request.user, client_id), OutputContext())
        )
