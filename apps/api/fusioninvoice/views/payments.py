"""Payments: list, show, store, update, delete, custom fields."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema

from apps.core.text import is_digits
from apps.invoices.selectors import invoice_list
from apps.payments.models import Payment
from apps.payments.selectors import payment_list
from apps.payments.services import (
    payment_custom_fields_set,
    payment_delete,
    payment_record,
    payment_update,
)

from ..errors import CREATED, UPDATED, FIError, FIValidation
from ..inputs import (
    PAYMENT_FIELDS,
    FIPaymentInputSerializer,
    FIPaymentUpdateSerializer,
    error_names,
)
from ..outputs import (
    PAYMENT_METHOD_IDS,
    PAYMENT_METHODS,
    FIPaymentSerializer,
    FIPaymentWithInvoiceSerializer,
)
from .base import FIView, ok
from .common import COMMON_ERRORS, envelope, parse
from .generic import (
    CustomFieldsView,
    ModuleDetailView,
    ModuleListView,
    ModuleMixin,
    custom_fields_schema,
    delete_schema,
    list_schema,
)

_FIXED = {
    "amount": "amount",
    "invoice_id": "invoice",
    "client_id": "client",
    "payment_method_id": "method",
    "currency_code": "currency",
}


class PaymentMixin(ModuleMixin):
    module = "payments"
    custom_fk = "payment_id"
    error_names = {**error_names(PAYMENT_FIELDS), "method": "payment_method_id"}

    def get_queryset(self):
        # FusionInvoice knows payments that happened:
        # declined attempts are not its payments.
        return (
            payment_list(user=self.user)
            .filter(status=Payment.Status.SUCCEEDED)
            .select_related("invoice__client")
        )


class PaymentListView(PaymentMixin, ModuleListView):
    list_serializer = FIPaymentWithInvoiceSerializer

    def get_queryset(self):
        # The vendor's list hides credit-memo applications.
        return super().get_queryset().filter(credit_memo__isnull=True)

    def filter_params(self, params):
        if "payment_method_id" in params:
            value = str(params["payment_method_id"])
            method = (
                PAYMENT_METHODS.get(int(value))
                if is_digits(value) and len(value) < 3
                else None
            )
            params = {**params, "payment_method_id": method or "-"}
        return params

    @list_schema(
        "Payment",
        FIPaymentWithInvoiceSerializer,
        [
            OpenApiParameter("search", str),
            OpenApiParameter("client", int),
            OpenApiParameter("note", str),
        ],
    )
    def get(self, request):
        return super().get(request)


class PaymentStoreView(PaymentMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIPaymentInputSerializer,
        responses={
            201: envelope("FIPaymentCreated", FIPaymentWithInvoiceSerializer()),
            **COMMON_ERRORS,
        },
        description=(
            "Record a payment on one invoice. "
            "The amount may not exceed the invoice balance."
        ),
    )
    def post(self, request):
        data = parse(FIPaymentInputSerializer, self.params).validated_data
        invoice = invoice_list(user=self.user).filter(pk=data["invoice_id"]).first()
        if invoice is None or (
            data.get("client_id") and invoice.client_id != data["client_id"]
        ):
            raise FIError("Invalid Invoice Id")
        method = PAYMENT_METHODS.get(data["payment_method_id"])
        if method is None or method == Payment.Method.CREDIT_MEMO:
            raise FIValidation(
                {"payment_method_id": ["The selected payment method id is invalid."]}
            )
        if (
            data.get("currency_code")
            and data["currency_code"].upper() != invoice.currency
        ):
            raise FIValidation(
                {
                    "currency_code": [
                        "The payment must be in the invoice's currency "
                        f"({invoice.currency})."
                    ]
                }
            )
        try:
            payment = payment_record(
                invoice=invoice,
                amount=data["amount"],
                method=method,
                paid_at=data["paid_at"],
                reference=data.get("reference") or "",
                note=data.get("note") or "",
                by=self.user,
                source=Payment.Source.API,
            )
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(
            FIPaymentWithInvoiceSerializer(self.get_object(payment.pk)).data,
            message=CREATED,
            status=201,
        )


class PaymentDetailView(PaymentMixin, ModuleDetailView):
    show_serializer = FIPaymentSerializer

    @extend_schema(
        tags=["FusionInvoice"],
        parameters=[OpenApiParameter("include_custom_fields", int, enum=[0, 1])],
        responses={
            200: envelope("FIPaymentShow", FIPaymentSerializer()),
            **COMMON_ERRORS,
        },
    )
    def get(self, request, pk):
        return super().get(request, pk)

    @extend_schema(
        tags=["FusionInvoice"],
        request=FIPaymentUpdateSerializer,
        responses={
            200: envelope("FIPaymentUpdated", FIPaymentSerializer()),
            **COMMON_ERRORS,
        },
        description=(
            "Remit extension: change paid_at, note or reference. "
            "Amount, invoice and method are fixed."
        ),
    )
    def put(self, request, pk):
        payment = self.get_object(pk)
        fields = parse(
            FIPaymentUpdateSerializer, self.params, partial=True
        ).domain_fields()
        # Fixed fields go to the service too, which refuses them with its own message.
        fields.update({_FIXED[k]: v for k, v in self.params.items() if k in _FIXED})
        try:
            payment = payment_update(payment=payment, by=self.user, **fields)
        except ValidationError as exc:
            raise self.domain_error(exc) from None
        return ok(
            FIPaymentSerializer(self.get_object(payment.pk)).data, message=UPDATED
        )

    @delete_schema("Payment")
    def delete(self, request, pk):
        return super().delete(request, pk)

    def perform_delete(self, obj):
        payment_delete(payment=obj, by=self.user)


class PaymentCustomFieldsView(PaymentMixin, CustomFieldsView):
    def set_values(self, obj, values):
        return payment_custom_fields_set(payment=obj, by=self.user, values=values)

    @custom_fields_schema("Payment", "payment_id")
    def patch(self, request):
        return super().patch(request)

    @custom_fields_schema("Payment", "payment_id")
    def post(self, request):
        return super().patch(request)


__all__ = ["PAYMENT_METHOD_IDS"]
