"""Quotes: list, show, store, update, delete, items, email, PDF, custom fields.

Also the conversion of a quote into an invoice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from apps.invoices.selectors import invoice_get
from apps.quotes import emails, pdf
from apps.quotes.selectors import quote_list
from apps.quotes.services import (
    quote_convert_to_invoice,
    quote_create,
    quote_custom_fields_set,
    quote_delete,
    quote_item_add,
    quote_set_status,
    quote_update,
)

from ..errors import CREATED, UPDATED
from ..inputs import (
    ITEM_FIELDS,
    QUOTE_FIELDS,
    FIConvertInputSerializer,
    FIEmailInputSerializer,
    FIQuoteInputSerializer,
    FIQuoteItemInputSerializer,
    error_names,
)
from ..outputs import FIInvoiceSerializer, FIQuoteRowSerializer, FIQuoteSerializer
from ..statuses import QUOTE_FILTER_WORDS
from .base import FIView, ok
from .common import COMMON_ERRORS, envelope, parse
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

STATUS_PARAMETER = OpenApiParameter("status", str, enum=list(QUOTE_FILTER_WORDS))


class QuoteMixin(ModuleMixin):
    module = "quotes"
    custom_fk = "quote_id"
    error_names = error_names(QUOTE_FIELDS, ITEM_FIELDS)

    def get_queryset(self):
        return quote_list(user=self.user, with_items=True)

    def full(self, quote) -> dict:
        return FIQuoteSerializer(self.get_object(quote.pk)).data


class QuoteListView(QuoteMixin, ModuleListView):
    list_serializer = FIQuoteSerializer

    @list_schema(
        "Quote",
        FIQuoteSerializer,
        [STATUS_PARAMETER, OpenApiParameter("client->name", str)],
    )
    def get(self, request):
        return super().get(request)


class QuoteStoreView(QuoteMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIQuoteInputSerializer,
        responses={
            201: envelope("FIQuoteCreated", FIQuoteRowSerializer()),
            **COMMON_ERRORS,
        },
    )
    def post(self, request):
        serializer = parse(FIQuoteInputSerializer, self.params)
        data = serializer.validated_data
        client = resolve_client(self.user, data, required=True)
        profile = resolve_profile(data)
        fields = serializer.domain_fields()
        try:
            with transaction.atomic():
                quote = quote_create(
                    client=client,
                    by=self.user,
                    company_profile=profile,
                    quote_date=fields.pop("quote_date", None),
                    expires_at=fields.pop("expires_at", None),
                    currency=fields.pop("currency", None),
                    **fields,
                )
                if data.get("status") and data["status"] != "draft":
                    quote = quote_set_status(
                        quote=quote, status=data["status"], by=self.user
                    )
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(FIQuoteRowSerializer(quote).data, message=CREATED, status=201)


class QuoteDetailView(QuoteMixin, ModuleDetailView):
    show_serializer = FIQuoteSerializer

    @extend_schema(
        tags=["FusionInvoice"],
        parameters=[OpenApiParameter("include_custom_fields", int, enum=[0, 1])],
        responses={200: envelope("FIQuoteShow", FIQuoteSerializer()), **COMMON_ERRORS},
    )
    def get(self, request, pk):
        return super().get(request, pk)

    @extend_schema(
        tags=["FusionInvoice"],
        request=FIQuoteInputSerializer,
        responses={
            200: envelope("FIQuoteUpdated", FIQuoteSerializer()),
            **COMMON_ERRORS,
        },
        description=(
            "Remit extension: a partial update; `status` moves the quote along."
        ),
    )
    def put(self, request, pk):
        quote = self.get_object(pk)
        serializer = parse(FIQuoteInputSerializer, self.params, partial=True)
        data = serializer.validated_data
        fields = serializer.domain_fields()
        if (client := resolve_client(self.user, data, required=False)) is not None:
            fields["client"] = client
        if (profile := resolve_profile(data)) is not None:
            fields["company_profile"] = profile
        try:
            with transaction.atomic():
                if fields:
                    quote = quote_update(quote=quote, by=self.user, **fields)
                if data.get("status"):
                    quote = quote_set_status(
                        quote=quote, status=data["status"], by=self.user
                    )
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(self.full(quote), message=UPDATED)

    @delete_schema("Quote")
    def delete(self, request, pk):
        return super().delete(request, pk)

    def perform_delete(self, obj):
        quote_delete(quote=obj, by=self.user)


class QuoteItemAddView(QuoteMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIQuoteItemInputSerializer,
        responses={
            201: envelope("FIQuoteItemAdded", FIQuoteSerializer()),
            **COMMON_ERRORS,
        },
    )
    def put(self, request):
        serializer = parse(FIQuoteItemInputSerializer, self.params)
        quote = self.get_object(serializer.validated_data["quote_id"])
        fields = serializer.domain_fields(resolve_tax_rates(serializer.validated_data))
        try:
            quote = quote_item_add(quote=quote, by=self.user, **fields)
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(self.full(quote), message=CREATED, status=201)


class QuoteEmailView(QuoteMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIEmailInputSerializer,
        responses={200: envelope("FIQuoteEmailed", None), **COMMON_ERRORS},
    )
    def post(self, request):
        return email_document(
            self,
            lambda quote, **kw: emails.quote_email_send(quote=quote, **kw),
            "Quote",
        )


class QuotePdfView(QuoteMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **COMMON_ERRORS,
        },
    )
    def get(self, request, pk):
        return pdf_response(
            lambda doc: pdf.quote_pdf_render(quote=doc), self.get_object(pk)
        )


class QuoteConvertView(QuoteMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIConvertInputSerializer,
        responses={
            201: envelope("FIQuoteConverted", FIInvoiceSerializer()),
            **COMMON_ERRORS,
        },
        description=(
            "Remit extension: copy the quote into a new draft invoice; "
            "the quote becomes approved."
        ),
    )
    def post(self, request, pk):
        quote = self.get_object(pk)
        data = parse(FIConvertInputSerializer, self.params).validated_data
        try:
            invoice = quote_convert_to_invoice(
                quote=quote, by=self.user, invoice_date=data.get("invoice_date")
            )
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(
            FIInvoiceSerializer(invoice_get(user=self.user, pk=invoice.pk)).data,
            message=CREATED,
            status=201,
        )


class QuoteCustomFieldsView(QuoteMixin, CustomFieldsView):
    def set_values(self, obj, values):
        return quote_custom_fields_set(quote=obj, by=self.user, values=values)

    @custom_fields_schema("Quote", "quote_id")
    def patch(self, request):
        return super().patch(request)

    @custom_fields_schema("Quote", "quote_id")
    def post(self, request):
        return super().patch(request)
