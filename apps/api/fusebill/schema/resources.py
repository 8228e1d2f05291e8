"""OpenAPI for the Fusebill endpoints beyond the seeds: customers, summaries, drafts,
payments, credits, the write-off and posting a draft (no behaviour)."""

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from ..query import CUSTOMER_FIELDS, DRAFT_FIELDS, summary_fields
from .invoices import (
    _ERROR,
    _ERRORS,
    CUSTOMER_STATUSES,
    DRAFT_STATUSES,
    GROUP_CHARGES,
    INVOICE_STATUSES,
    TAGS,
    TRACKED,
    FusebillAddressSerializer,
    FusebillChargeGroupSerializer,
    FusebillChargeSerializer,
    FusebillInvoiceCustomerSerializer,
    FusebillInvoiceSerializer,
    FusebillPaymentScheduleSerializer,
    FusebillTaxSerializer,
    _money,
    list_parameters,
)

S = serializers.CharField
_WRITE_ERRORS = {**_ERRORS, 403: _ERROR, 409: _ERROR}


def _nullable() -> S:
    return S(allow_null=True)


class FusebillCustomerSerializer(FusebillInvoiceCustomerSerializer):
    createdTimestamp = S()
    modifiedTimestamp = S()
    effectiveTimestamp = S()
    nextBillingDate = _nullable()
    companyTaxId = _nullable()
    notes = _nullable()
    billingAddress = FusebillAddressSerializer(allow_null=True)


class FusebillCustomerOverviewSerializer(serializers.Serializer):
    title = S()
    firstName, middleName, lastName, suffix = (_nullable() for _ in range(4))
    primaryEmail, primaryPhone, companyName, reference = (_nullable() for _ in range(4))
    createdTimestamp = S()
    status = serializers.ChoiceField(choices=CUSTOMER_STATUSES)
    customerAccountStatus = S()
    currency = S()
    arBalance = serializers.DecimalField(
        **_money, help_text="open balances, in the customer's currency"
    )
    totalPayments = serializers.DecimalField(**_money)
    totalInvoiced = serializers.DecimalField(**_money)
    unallocatedPayments = serializers.DecimalField(
        **_money, help_text="always 0: every payment is applied to an invoice"
    )
    id = serializers.IntegerField()
    uri = S()


class FusebillInvoiceSummarySerializer(serializers.Serializer):
    invoiceNumber = serializers.IntegerField()
    customerId = serializers.IntegerField()
    companyName, firstName, middleName, lastName, reference = (
        _nullable() for _ in range(5)
    )
    currency = S()
    effectiveTimestamp, postedTimestamp, modifiedTimestamp, dueDate = (
        S() for _ in range(4)
    )
    invoiceAmount, sumOfCharges, totalPayments = (
        serializers.DecimalField(**_money) for _ in range(3)
    )
    totalCreditNotes, writeoffs, outstandingBalance = (
        serializers.DecimalField(**_money) for _ in range(3)
    )
    unsettled = serializers.BooleanField()
    invoiceStatus = serializers.ChoiceField(choices=INVOICE_STATUSES)
    id = serializers.IntegerField()
    uri = S()


class FusebillDraftSummarySerializer(serializers.Serializer):
    customerId = serializers.IntegerField()
    firstName, lastName, companyName = (_nullable() for _ in range(3))
    currency = S()
    status = serializers.ChoiceField(choices=DRAFT_STATUSES)
    createdDate, effectiveDate, modifiedTimestamp = (S() for _ in range(3))
    pendingCharges = serializers.DecimalField(**_money)
    poNumber = _nullable()
    id = serializers.IntegerField()
    uri = S()


class FusebillDraftInvoiceSerializer(serializers.Serializer):
    effectiveTimestamp, modifiedTimestamp = S(), S()
    status = serializers.ChoiceField(choices=DRAFT_STATUSES)
    poNumber = _nullable()
    draftCharges = FusebillChargeSerializer(
        many=True, required=False, help_text="absent with groupCharges=true"
    )
    chargeGroups = FusebillChargeGroupSerializer(
        many=True, required=False, help_text="only with groupCharges=true"
    )
    subtotal, totalDiscount, total = (
        serializers.DecimalField(**_money) for _ in range(3)
    )
    taxes = FusebillTaxSerializer(many=True)
    paymentSchedules = FusebillPaymentScheduleSerializer(many=True)
    customer = FusebillInvoiceCustomerSerializer()
    customerId = serializers.IntegerField()
    currency = S()
    notes, shippingInstructions = _nullable(), _nullable()
    customerReferenceValue = S()
    terms = S()
    id = serializers.IntegerField()
    uri = S()


class FusebillAllocationToInvoiceSerializer(serializers.Serializer):
    invoiceId = serializers.IntegerField()
    invoiceNumber = serializers.IntegerField()
    amount = serializers.DecimalField(**_money)
    outstandingBalance = serializers.DecimalField(**_money)
    uri = S()


class FusebillPaymentSerializer(serializers.Serializer):
    customerId = serializers.IntegerField()
    amount = serializers.DecimalField(**_money)
    currency = S()
    effectiveTimestamp, createdTimestamp = S(), S()
    reference, description = _nullable(), _nullable()
    source = serializers.ChoiceField(choices=["Manual", "Automatic"])
    paymentMethodType = S()
    paymentAllocations = FusebillAllocationToInvoiceSerializer(many=True)
    unallocatedAmount = serializers.DecimalField(**_money)
    id = serializers.IntegerField()
    uri = S()


class FusebillCreditAllocationSerializer(serializers.Serializer):
    creditId = serializers.IntegerField(
        allow_null=True, help_text="the credit memo's id"
    )
    amount = serializers.DecimalField(**_money)
    currency = S()
    effectiveTimestamp, createdTimestamp = S(), S()
    reference = _nullable()
    invoiceId = serializers.IntegerField()
    id = serializers.IntegerField()
    uri = _nullable()


class FusebillWriteOffInputSerializer(serializers.Serializer):
    invoiceId = serializers.IntegerField(min_value=1)
    amount = serializers.DecimalField(
        **_money, required=False, help_text="default: the whole balance"
    )
    reference = serializers.CharField(required=False, help_text="accepted, not kept")


class FusebillDraftPostInputSerializer(serializers.Serializer):
    draftChargeIds = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="refused when not empty: Remit posts whole drafts",
    )
    preview = serializers.BooleanField(required=False, help_text="refused when true")


def _list(fields: dict, item, description: str) -> dict:
    return {
        "tags": TAGS,
        "parameters": list_parameters(fields),
        "responses": {200: item(many=True), **_ERRORS},
        "description": description,
    }


def customer_list() -> dict:
    return _list(
        CUSTOMER_FIELDS,
        FusebillCustomerSerializer,
        "Remit's clients as Fusebill customers (read-only), as a bare JSON array.",
    )


def customer_detail() -> dict:
    return {"tags": TAGS, "responses": {200: FusebillCustomerSerializer, **_ERRORS}}


def customer_overview() -> dict:
    return {
        "tags": TAGS,
        "responses": {200: FusebillCustomerOverviewSerializer, **_ERRORS},
    }


def invoice_summaries() -> dict:
    return _list(
        summary_fields(today=dt.date(2000, 1, 1)),  # names only; today is not used
        FusebillInvoiceSummarySerializer,
        "Posted invoices as summaries. `query=invoiceStatus:Overdue,Due` filters on "
        "the status the summaries show (Due, Overdue, Paid, WrittenOff, Void; "
        "Disputed and Pending match nothing).",
    )


def draft_list() -> dict:
    return _list(
        DRAFT_FIELDS,
        FusebillDraftSummarySerializer,
        "The customer's draft invoices (Remit's drafts), without charges.",
    )


def draft_detail() -> dict:
    return {
        "tags": TAGS,
        "parameters": [GROUP_CHARGES],
        "responses": {200: FusebillDraftInvoiceSerializer, **_ERRORS},
    }


def invoice_html() -> dict:
    return {
        "tags": TAGS,
        "parameters": [TRACKED],
        "responses": {
            200: OpenApiResponse(
                OpenApiTypes.STR, description="the invoice's HTML, as a JSON string"
            ),
            **_ERRORS,
        },
    }


def credit_allocations() -> dict:
    return {
        "tags": TAGS,
        "responses": {200: FusebillCreditAllocationSerializer(many=True), **_ERRORS},
    }


def payment_detail() -> dict:
    return {"tags": TAGS, "responses": {200: FusebillPaymentSerializer, **_ERRORS}}


def write_off() -> dict:
    return {
        "tags": TAGS,
        "request": FusebillWriteOffInputSerializer,
        "responses": {200: FusebillInvoiceSerializer, **_WRITE_ERRORS},
        "description": "Write off some or all of a posted invoice's balance; "
        "answers the invoice. A write-off the balance does not allow is a 409.",
    }


def draft_post() -> dict:
    return {
        "tags": TAGS,
        "operation_id": "fusebill_draft_invoice_post",
        "parameters": [
            OpenApiParameter(
                "draftInvoiceId",
                OpenApiTypes.INT,
                required=True,
                description=("the draft to post"),
            )
        ],
        "request": FusebillDraftPostInputSerializer,
        "responses": {200: FusebillInvoiceSerializer, **_WRITE_ERRORS},
        "description": "Post a draft (Remit sends it); answers the posted invoice.",
    }
