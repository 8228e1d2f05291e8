"""OpenAPI descriptions of TimeTap's answers, for drf-spectacular only.

The answers themselves are built by the functions in `serializers.py`; a test keeps
these field lists equal to what those functions write.
"""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .status import ALL_STATUSES, SUB_STATUSES


def _money(**kwargs):
    return serializers.DecimalField(
        max_digits=20, decimal_places=2, coerce_to_string=False, **kwargs
    )


def _ms(help_text: str = "Epoch milliseconds."):
    return serializers.IntegerField(help_text=help_text, allow_null=True)


class ErrorSchema(serializers.Serializer):
    class Meta:
        ref_name = "TimeTapError"

    errorMessage = serializers.CharField()
    errorCode = serializers.CharField(
        help_text="BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, ..."
    )


class SessionTokenSchema(serializers.Serializer):
    class Meta:
        ref_name = "TimeTapSessionToken"

    sessionToken = serializers.CharField(
        help_text="st:api:api:<32 hex>; valid 4 hours."
    )


class ClientFieldSchema(serializers.Serializer):
    class Meta:
        ref_name = "TimeTapClientField"

    fieldName = serializers.CharField()
    label = serializers.CharField()
    value = serializers.JSONField(allow_null=True)


class ClientSchema(serializers.Serializer):
    class Meta:
        ref_name = "TimeTapClient"

    clientId = serializers.IntegerField()
    businessId = serializers.IntegerField(allow_null=True)
    firstName = serializers.CharField()
    lastName = serializers.CharField()
    fullName = serializers.CharField()
    emailAddress = serializers.CharField()
    cellPhone = serializers.CharField()
    homePhone = serializers.CharField()
    companyName = serializers.CharField()
    address1 = serializers.CharField()
    address2 = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    zip = serializers.CharField()
    country = serializers.CharField()
    timeZone = serializers.CharField()
    status = serializers.ChoiceField(choices=["ACTIVE", "INACTIVE"])
    externalUserName = serializers.CharField(allow_null=True)
    createdDate = _ms()
    modifiedDate = _ms()
    fields = ClientFieldSchema(many=True)


class InvoiceItemSchema(serializers.Serializer):
    class Meta:
        ref_name = "TimeTapInvoiceItem"

    invoiceItemId = serializers.IntegerField()
    invoiceId = serializers.IntegerField()
    businessId = serializers.IntegerField()
    clientId = serializers.IntegerField()
    itemType = serializers.CharField(help_text='The item group; "CHARGE" when none.')
    calendarId = serializers.IntegerField(allow_null=True)
    recurringAppointmentId = serializers.IntegerField(allow_null=True)
    productId = serializers.CharField(allow_null=True)
    description = serializers.CharField(help_text="The item's name.")
    quantity = serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False
    )
    rate = _money()
    amount = _money(help_text="quantity x rate")
    taxable = serializers.BooleanField()
    taxRate = serializers.DecimalField(
        max_digits=9, decimal_places=4, coerce_to_string=False
    )
    tax2Rate = serializers.DecimalField(
        max_digits=9, decimal_places=4, coerce_to_string=False
    )
    taxAmount = _money()
    tax2Amount = _money()
    createdDate = _ms()
    modifiedDate = _ms()


class InvoiceSchema(serializers.Serializer):
    class Meta:
        ref_name = "TimeTapInvoice"

    invoiceId = serializers.IntegerField()
    businessId = serializers.IntegerField()
    invoiceNumber = serializers.CharField()
    invoiceHash = serializers.CharField(
        help_text="The hosted page is /invoice/<invoiceHash>."
    )
    invoiceType = serializers.ChoiceField(choices=["INVOICE", "QUOTE"])
    status = serializers.ChoiceField(choices=ALL_STATUSES)
    subStatus = serializers.ChoiceField(
        choices=SUB_STATUSES,
        help_text=(
            'CLOSED with "Manual" means settled by a write-off through PUT invoices.'
        ),
    )
    lastStatusDate = _ms()
    invoiceDate = _ms()
    invoiceDueDate = _ms()
    chargeDate = _ms(
        help_text="The due date: the day the invoice is to be charged (epoch ms)."
    )
    paidOnDate = _ms()
    createdDate = _ms()
    createdUser = serializers.CharField()
    modifiedUser = serializers.CharField()
    currency = serializers.CharField()
    subtotalAmount = _money()
    taxAmount = _money()
    tax2Amount = _money()
    tipAmount = _money()
    transactionFeeAmount = _money()
    depositAmount = _money()
    paidAmount = _money()
    writeOffAmount = _money()
    balanceAmount = _money()
    totalAmount = _money()
    preAuthPayment = serializers.BooleanField()
    billingLocationId = serializers.IntegerField()
    billingStaffId = serializers.IntegerField(allow_null=True)
    location = serializers.JSONField(allow_null=True)
    staff = serializers.JSONField(allow_null=True)
    client = ClientSchema()
    invoiceItem = InvoiceItemSchema(many=True)
    comments = serializers.CharField()
    active = serializers.BooleanField()


def _query(name: str, type_=str, description: str = "", **kwargs) -> OpenApiParameter:
    return OpenApiParameter(
        name, type_, OpenApiParameter.QUERY, description=description, **kwargs
    )


PAGING_PARAMETERS = [
    _query("pageNumber", int, "1-based page number."),
    _query("pageSize", int, "Items per page (default 25, at most 500)."),
    _query("order_field", str, "Field to order by, such as invoiceDate."),
    _query("order_mode", str, "asc or desc.", enum=["asc", "desc"]),
]
DATE_PARAMETERS = [
    _query("invoiceStartDate", str, "YYYY-MM-DD, inclusive."),
    _query("invoiceEndDate", str, "YYYY-MM-DD, inclusive."),
    _query("chargeStartDate", str, "YYYY-MM-DD, inclusive (the due date)."),
    _query("chargeEndDate", str, "YYYY-MM-DD, inclusive (the due date)."),
]
ERRORS = {400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema}
