"""Invoices: list, show, store, update, delete, items, email, PDF, custom fields,
and applying a credit memo."""

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from apps.accounts.roles import WRITE
from apps.api.common.permissions import request_can
from apps.invoices import emails, pdf
from apps.invoices.models import Invoice
from apps.invoices.selectors import invoice_list
from apps.invoices.services import (
    invoice_create,
    invoice_custom_fields_set,
    invoice_delete,
    invoice_item_add,
    invoice_mark_downloaded,
    invoice_status_set,
    invoice_update_with_status,
)
from apps.payments.services import payment_apply_credit_memo

from ..errors import CREATED, UPDATED, FIError
from ..inputs import (
    INVOICE_FIELDS,
    ITEM_FIELDS,
    FICreditMemoInputSerializer,
    FIEmailInputSerializer,
    FIInvoiceInputSerializer,
    FIInvoiceItemInputSerializer,
    error_names,
)
from ..outputs import (
    FIInvoiceRowSerializer,
    FIInvoiceSerializer,
)
from ..statuses import INVOICE_FILTER_WORDS, status_wanted
from .base import FIView, ok
from .common import (
    COMMON_ERRORS,
    CREDIT_MEMO_ERROR,
    envelope,
    parse,
)
from .documents import (
    email_document,
    pdf_response,
    resolve_client,
    resolve_profile,
    resolve_tax_rates,
)
from .generic import (
    CustomFieldsView,
    ModuleDetailView,
    ModuleListView,
    ModuleMixin,
    custom_fields_schema,
    delete_schema,
    list_schema,
)

STATUS_PARAMETER = OpenApiParameter("status", str, enum=list(INVOICE_FILTER_WORDS))


class InvoiceMixin(ModuleMixin):
    module = "invoices"
    custom_fk = "invoice_id"
    error_names = error_names(INVOICE_FIELDS, ITEM_FIELDS)

    def get_queryset(self):
        return invoice_list(user=self.user, with_items=True)

    def full(self, invoice) -> dict:
        return FIInvoiceSerializer(self.get_object(invoice.pk)).data


class InvoiceListView(InvoiceMixin, ModuleListView):
    list_serializer = FIInvoiceSerializer

    @list_schema(
        "Invoice",
        FIInvoiceSerializer,
        [
            STATUS_PARAMETER,
            OpenApiParameter("number", str),
            OpenApiParameter("client->name", str),
        ],
    )
    def get(self, request):
        return super().get(request)


class InvoiceStoreView(InvoiceMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIInvoiceInputSerializer,
        responses={
            201: envelope("FIInvoiceCreated", FIInvoiceRowSerializer()),
            **COMMON_ERRORS,
        },
    )
    def post(self, request):
        serializer = parse(FIInvoiceInputSerializer, self.params)
        data = serializer.validated_data
        client = resolve_client(self.user, data, required=True)
        profile = resolve_profile(data)
        fields = serializer.domain_fields()
        status = data.get("status")
        try:
            with transaction.atomic():
                invoice = invoice_create(
                    client=client,
                    by=self.user,
                    company_profile=profile,
                    invoice_date=fields.pop("invoice_date", None),
                    due_date=fields.pop("due_date", None),
                    currency=fields.pop("currency", None),
                    status="sent" if status == "sent" else "draft",
                    **fields,
                )
                if status == "canceled":
                    invoice = invoice_status_set(
                        invoice=invoice, status=Invoice.Status.VOID, by=self.user
                    )
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(FIInvoiceRowSerializer(invoice).data, message=CREATED, status=201)


class InvoiceDetailView(InvoiceMixin, ModuleDetailView):
    show_serializer = FIInvoiceSerializer

    @extend_schema(
        tags=["FusionInvoice"],
        parameters=[OpenApiParameter("include_custom_fields", int, enum=[0, 1])],
        responses={
            200: envelope("FIInvoiceShow", FIInvoiceSerializer()),
            **COMMON_ERRORS,
        },
    )
    def get(self, request, pk):
        return super().get(request, pk)

    @extend_schema(
        tags=["FusionInvoice"],
        request=FIInvoiceInputSerializer,
        responses={
            200: envelope("FIInvoiceUpdated", FIInvoiceSerializer()),
            **COMMON_ERRORS,
        },
        description=(
            "Remit extension (FusionInvoice 2023 has no invoice update): "
            "a partial update; "
            "`status` sent sends a draft or reopens a canceled invoice, canceled "
            "voids; a refused change is 422 on `status` and saves nothing."
        ),
    )
    def put(self, request, pk):
        invoice = self.get_object(pk)
        serializer = parse(FIInvoiceInputSerializer, self.params, partial=True)
        data = serializer.validated_data
        fields = serializer.domain_fields()
        client = resolve_client(self.user, data, required=False)
        if client is not None:
            fields["client"] = client
        if (profile := resolve_profile(data)) is not None:
            fields["company_profile"] = profile
        try:
            invoice = invoice_update_with_status(
                invoice=invoice,
                by=self.user,
                status=status_wanted(invoice, data.get("status")),
                **fields,
            )
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(self.full(invoice), message=UPDATED)

    @delete_schema("Invoice")
    def delete(self, request, pk):
        return super().delete(request, pk)

    def perform_delete(self, obj):
        invoice_delete(invoice=obj, by=self.user)


class InvoiceItemAddView(InvoiceMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIInvoiceItemInputSerializer,
        responses={
            201: envelope("FIInvoiceItemAdded", FIInvoiceSerializer()),
            **COMMON_ERRORS,
        },
    )
    def put(self, request):
        serializer = parse(FIInvoiceItemInputSerializer, self.params)
        invoice = self.get_object(serializer.validated_data["invoice_id"])
        fields = serializer.domain_fields(resolve_tax_rates(serializer.validated_data))
        try:
            invoice = invoice_item_add(invoice=invoice, by=self.user, **fields)
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(self.full(invoice), message=CREATED, status=201)


class InvoiceEmailView(InvoiceMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIEmailInputSerializer,
        responses={200: envelope("FIInvoiceEmailed", None), **COMMON_ERRORS},
    )
    def post(self, request):
        return email_document(
            self,
            lambda invoice, **kw: emails.invoice_email_send(invoice=invoice, **kw),
            "Invoice",
        )


class InvoicePdfView(InvoiceMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **COMMON_ERRORS,
        },
        description=(
            "The invoice as a PDF. "
            "As in FusionInvoice, downloading it marks a draft sent."
        ),
    )
    def get(self, request, pk):
        invoice = self.get_object(pk)

        def mark_downloaded(document):
            # Only a caller who may write sends a draft; a Viewer just gets the PDF.
            if not request_can(request, WRITE):
                return document
            marked = invoice_mark_downloaded(invoice=document, by=self.user)
            if marked.status == document.status:
                return document
            return self.get_object(document.pk)

        try:
            return pdf_response(
                lambda doc: pdf.invoice_pdf_render(invoice=doc),
                invoice,
                before=mark_downloaded,
            )
        except ValidationError as exc:
            raise self.domain_error(exc) from None


class InvoiceCustomFieldsView(InvoiceMixin, CustomFieldsView):
    def set_values(self, obj, values):
        return invoice_custom_fields_set(invoice=obj, by=self.user, values=values)

    @custom_fields_schema("Invoice", "invoice_id")
    def patch(self, request):
        return super().patch(request)

    @custom_fields_schema("Invoice", "invoice_id")
    def post(self, request):
        return super().patch(request)


class InvoiceApplyCreditMemoView(InvoiceMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FICreditMemoInputSerializer,
        responses={
            200: envelope("FICreditMemoApplied", None),
            **COMMON_ERRORS,
            422: CREDIT_MEMO_ERROR,
        },
    )
    def post(self, request):
        data = parse(FICreditMemoInputSerializer, self.params).validated_data
        invoice = self.get_object(data["invoice_id"])
        memo = self.get_object(data["credit_memo_id"])
        try:
            payment_apply_credit_memo(
                invoice=invoice, credit_memo=memo, amount=data["amount"], by=self.user
            )
        except ValidationError as exc:
            # FusionInvoice answers this one refusal as 422 with the message in a list.
            raise FIError(exc.messages, status_code=422) from None
        return ok(message=UPDATED)
