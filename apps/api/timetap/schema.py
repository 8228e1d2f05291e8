"""OpenAPI descriptions of TimeTap's answers, for drf-spectacular only: schema-only
serializers and each endpoint's `extend_schema` arguments (no behaviour).

The answers themselves are built by the functions in `outputs.py`; a test keeps
these field lists equal to what those functions write.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .inputs import InvoiceCreateInput, InvoiceItemInput, InvoiceUpdateInput
from .statuses import ALL_STATUSES, SUB_STATUSES


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
TAG = ["TimeTap"]

# ---- extend_schema arguments, per endpoint and method -----------------------------


SESSION_TOKEN_GET = dict(
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
                "Unix seconds (a float with microseconds is fine); within 15 minutes."
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
        200: SessionTokenSchema,
        400: ErrorSchema,
        401: ErrorSchema,
    },
)


INVOICE_STATUS_LIST_GET = dict(
    tags=TAG,
    summary="Invoices in a status (OPEN, CLOSED or VOID)",
    parameters=[*DATE_PARAMETERS, *PAGING_PARAMETERS],
    responses={200: InvoiceSchema(many=True), **ERRORS},
)


INVOICE_DETAIL_GET = dict(
    tags=TAG,
    summary="One invoice",
    responses={200: InvoiceSchema, **ERRORS},
)


INVOICE_DETAIL_DELETE = dict(
    tags=TAG,
    summary=(
        "Delete a draft invoice (soft: active false, status DELETED); an issued "
        "invoice is refused (400): set status VOID instead"
    ),
    responses={200: InvoiceSchema, **ERRORS},
)


CLIENT_INVOICES_GET = dict(
    tags=TAG,
    summary="A client's invoices",
    parameters=PAGING_PARAMETERS,
    responses={200: InvoiceSchema(many=True), **ERRORS},
)


CLIENT_INVOICES_POST = dict(
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
    responses={200: InvoiceSchema, **ERRORS},
)


INVOICES_POST = dict(
    tags=TAG,
    summary="Create an invoice",
    request=InvoiceCreateInput,
    responses={200: InvoiceSchema, **ERRORS},
)


INVOICES_PUT = dict(
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
    responses={200: InvoiceSchema, **ERRORS},
)


CLIENT_LIST_GET = dict(
    tags=TAG,
    summary="Clients (1-based pages of 25 by default)",
    parameters=PAGING_PARAMETERS,
    responses={200: ClientSchema(many=True), **ERRORS},
)


CLIENT_COUNT_GET = dict(
    tags=TAG,
    summary="Number of active clients",
    responses={200: OpenApiTypes.INT, **ERRORS},
)


CLIENT_DETAIL_GET = dict(
    tags=TAG,
    summary="One client",
    responses={200: ClientSchema, **ERRORS},
)
