"""FluidPay dialect views: parse, call the domain's services and selectors, answer
`{"status": "success", "msg": "success", "data": ...}`. No business rule lives here."""

import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import READ
from apps.api.common.permissions import RolePermission
from apps.core.money import to_minor_units
from apps.core.text import is_digits
from apps.invoices.emails import invoice_email_send
from apps.invoices.models import Invoice
from apps.invoices.selectors import invoice_list
from apps.invoices.services import (
    invoice_cancel,
    invoice_create,
    invoice_reactivate,
    invoice_update,
)
from apps.payments.models import Payment
from apps.payments.services import payment_settle_outside_gateway

from .. import schema
from ..auth import AUTHENTICATION_CLASSES
from ..errors import BadRequest, django_errors, exception_handler, not_found_view
from ..inputs import (
    FluidPayInvoiceInputSerializer,
    FluidPaySearchSerializer,
    drop_nulls,
    fp_extra,
    invoice_fields_from,
)
from ..outputs import invoice_data
from ..query import invoice_search
from ..statuses import last_charge_codes_attach

logger = logging.getLogger(__name__)
ID_PARAMETER = OpenApiParameter(
    "invoice_id", str, OpenApiParameter.PATH, description="The invoice id (a string)."
)
# Domain field names as FluidPay calls them, for error messages.
FIELD_NAMES = {
    "due_date": "date_due",
    "number": "invoice_number",
    "client": "bill_to",
    "balance": "amount_due",
    "discount_value": "discount_credited",
    "tip": "tip_amount",
    "method": "payment_method",
    "to": "email_to",
}


def invoices(user):
    """What this dialect reads: live invoices with their items."""
    return invoice_list(user=user, with_items=True)


def success(data=None, **extra) -> Response:
    return Response({"status": "success", "msg": "success", **extra, "data": data})


class FluidPayView(APIView):
    authentication_classes = AUTHENTICATION_CLASSES
    permission_classes = [RolePermission]
    parser_classes = [JSONParser]

    def get_exception_handler(self):
        return exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["X-Correlation-Id"] = str(
            uuid.uuid4()
        )  # on every answer, as the vendor
        return response

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError):
            exc = BadRequest(django_errors(exc, names=FIELD_NAMES))
        return super().handle_exception(exc)

    def body(self, serializer_class):
        data = self.request.data
        if not isinstance(data, dict):
            raise BadRequest("the body must be a JSON object.")
        serializer = serializer_class(data=drop_nulls(data))
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def invoice(self, invoice_id: str) -> Invoice:
        if not is_digits(str(invoice_id)):
            raise Invoice.DoesNotExist
        invoice = invoices(self.request.user).get(pk=int(invoice_id))
        last_charge_codes_attach([invoice])
        return invoice

    def respond_invoice(self, invoice: Invoice) -> Response:
        return success(invoice_data(self.invoice(invoice.pk), self.request))


def _send_email(invoice: Invoice, *, by, to: str = "") -> None:
    invoice_email_send(invoice=invoice, by=by, to=[to] if to else None)


class InvoiceCreateView(FluidPayView):
    @extend_schema(
        operation_id="fluidpay_invoice_create",
        tags=["FluidPay"],
        request=FluidPayInvoiceInputSerializer,
        responses={200: schema.INVOICE_ENVELOPE, **schema.FAILURES},
        summary="Create an invoice (open and payable at once: status pending)",
    )
    def post(self, request):
        data = self.body(FluidPayInvoiceInputSerializer)
        with (
            transaction.atomic()
        ):  # a client made for bill_to goes if the invoice fails
            fields = invoice_fields_from(data, by=request.user)
            # A date_due in the past back-dates the invoice: invoice_create's rule.
            invoice = invoice_create(
                by=request.user, status=Invoice.Status.SENT, **fields
            )
        if data.get("send_via") in ("email", "both"):
            try:
                _send_email(invoice, by=request.user, to=data.get("email_to", ""))
            except ValidationError as exc:
                logger.warning(
                    "FluidPay create: invoice %s not emailed: %s", invoice.pk, exc
                )
        return self.respond_invoice(invoice)


class InvoiceDetailView(FluidPayView):
    @extend_schema(
        operation_id="fluidpay_invoice_get",
        tags=["FluidPay"],
        parameters=[ID_PARAMETER],
        responses={200: schema.INVOICE_ENVELOPE, **schema.FAILURES},
        summary="Get an invoice",
    )
    def get(self, request, invoice_id):
        return success(invoice_data(self.invoice(invoice_id), request))

    @extend_schema(
        operation_id="fluidpay_invoice_update",
        tags=["FluidPay"],
        parameters=[ID_PARAMETER],
        request=FluidPayInvoiceInputSerializer,
        responses={200: schema.INVOICE_ENVELOPE, **schema.FAILURES},
        summary="Update an invoice (also PUT)",
        description=(
            "Fields given replace the stored ones; `items`, when given, replace all "
            "items. `amount_due` is computed by Remit: it may be sent only with the "
            "value it will have. `reactivate` runs before the update, `mark_as_paid` "
            "after it."
        ),
    )
    def post(self, request, invoice_id):
        invoice = self.invoice(invoice_id)
        data = self.body(FluidPayInvoiceInputSerializer)
        with transaction.atomic():
            if data.get("reactivate"):
                invoice = invoice_reactivate(invoice=invoice, by=request.user)
            fields = invoice_fields_from(data, invoice=invoice, by=request.user)
            items = fields.pop("items", None)
            if set(data) - {"amount_due", "mark_as_paid", "reactivate"}:
                invoice = invoice_update(
                    invoice=invoice, by=request.user, items=items, **fields
                )
            due = to_minor_units(invoice.balance, invoice.currency)
            if "amount_due" in data and data["amount_due"] != due:
                raise BadRequest(
                    f"amount_due: Remit computes the amount due ({due}) from the "
                    "items and payments; change the items or record a payment."
                )
            if data.get("mark_as_paid"):
                _mark_paid(invoice, by=request.user)
        return self.respond_invoice(invoice)

    @extend_schema(exclude=True)
    def put(self, request, invoice_id):
        return self.post(request, invoice_id)

    @extend_schema(
        operation_id="fluidpay_invoice_delete",
        tags=["FluidPay"],
        parameters=[ID_PARAMETER],
        responses={200: schema.NULL_ENVELOPE, **schema.FAILURES},
        summary=(
            "Cancel an invoice: a draft is deleted, an issued one voided (status "
            "rejected; reactivate reopens it); refused once it has payments"
        ),
    )
    def delete(self, request, invoice_id):
        invoice_cancel(invoice=self.invoice(invoice_id), by=request.user)
        return success(None)


class InvoiceSearchView(FluidPayView):
    api_capability = READ  # a read sent by POST

    @extend_schema(
        operation_id="fluidpay_invoice_search",
        tags=["FluidPay"],
        request=FluidPaySearchSerializer,
        responses={200: schema.SEARCH_ENVELOPE, **schema.FAILURES},
        summary="Search invoices (criteria ANDed; newest first)",
    )
    def post(self, request):
        criteria = self.body(FluidPaySearchSerializer)
        qs, limit, offset = invoice_search(invoices(request.user), criteria)
        total = qs.count()
        # Newest first. Ids follow creation order (created_at is stamped at insert), and
        # the primary key orders a page without sorting the whole table.
        page = list(qs.order_by("-id")[offset : offset + limit])
        last_charge_codes_attach(page)
        return success(
            [invoice_data(invoice, request) for invoice in page], total_count=total
        )


class InvoiceResendView(FluidPayView):
    @extend_schema(
        operation_id="fluidpay_invoice_resend",
        tags=["FluidPay"],
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: schema.NULL_ENVELOPE, **schema.FAILURES},
        summary="Email the invoice's link to the customer again",
    )
    def post(self, request, invoice_id):
        invoice = self.invoice(invoice_id)
        _send_email(invoice, by=request.user, to=fp_extra(invoice).get("email_to", ""))
        # Accepted and queued, not yet delivered: FluidPay's `msg` says which.
        return Response({"status": "success", "msg": "queued", "data": None})


def _mark_paid(invoice: Invoice, *, by) -> Payment:
    return payment_settle_outside_gateway(
        invoice=invoice,
        by=by,
        source=Payment.Source.API,
        note="Marked as paid through the FluidPay API",
    )


class InvoiceMarkPaidView(FluidPayView):
    @extend_schema(
        operation_id="fluidpay_invoice_mark_paid",
        tags=["FluidPay"],
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: schema.INVOICE_ENVELOPE, **schema.FAILURES},
        summary="Record the balance as received outside the gateway (a mailed check)",
    )
    def post(self, request, invoice_id):
        invoice = self.invoice(invoice_id)
        _mark_paid(invoice, by=request.user)
        return self.respond_invoice(invoice)


class InvoiceReactivateView(FluidPayView):
    @extend_schema(
        operation_id="fluidpay_invoice_reactivate",
        tags=["FluidPay"],
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: schema.INVOICE_ENVELOPE, **schema.FAILURES},
        summary="Reopen a rejected (void) invoice or clear a decline: back to pending",
    )
    def post(self, request, invoice_id):
        invoice = invoice_reactivate(invoice=self.invoice(invoice_id), by=request.user)
        return self.respond_invoice(invoice)


@csrf_exempt  # it only forwards to the API view, itself exempt
def trailing_slash_view(request, rest: str):
    """`/fluidpay/api/invoice/` answers as `/fluidpay/api/invoice` (no redirect: a POST
    body would not survive one)."""
    try:
        match = resolve(
            reverse("fluidpay:invoice-create").removesuffix("invoice") + rest
        )
    except Resolver404:
        return not_found_view(request)
    if match.func is trailing_slash_view or match.url_name == "not-found":
        return not_found_view(request)
    return match.func(request, *match.args, **match.kwargs)
