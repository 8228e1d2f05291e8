"""OpenAPI for the Fusebill views (drf-spectacular; no behaviour): schema-only
serializers that describe Fusebill's JSON, and the `extend_schema` arguments.
Responses are built by `outputs` (plain dicts), so money keeps its exact digits."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from ..query import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

_money = {"max_digits": 20, "decimal_places": 4, "coerce_to_string": False}
# Status words as the answers show them (named enums: config ENUM_NAME_OVERRIDES).
INVOICE_STATUSES = ["Due", "Overdue", "Paid", "WrittenOff", "Void"]
CUSTOMER_STATUSES = ["Active", "Cancelled"]
DRAFT_STATUSES = ["Ready"]


class FusebillErrorItemSerializer(serializers.Serializer):
    Key = serializers.CharField(default="Api Error")
    Value = serializers.CharField()


class FusebillErrorSerializer(serializers.Serializer):
    ErrorId = serializers.IntegerField(default=0)
    HttpStatusCode = serializers.IntegerField()
    Errors = FusebillErrorItemSerializer(many=True)


class FusebillDiscountSerializer(serializers.Serializer):
    configuredDiscountAmount = serializers.DecimalField(**_money)
    amount = serializers.DecimalField(**_money)
    discountType = serializers.ChoiceField(choices=["Percentage", "Amount"])
    quantity = serializers.DecimalField(**_money)


class FusebillChargeTierSerializer(serializers.Serializer):
    label = serializers.CharField()
    quantity = serializers.DecimalField(**_money)
    unitPrice = serializers.DecimalField(**_money)
    amount = serializers.DecimalField(**_money)


class FusebillChargeSerializer(serializers.Serializer):
    quantity = serializers.DecimalField(**_money)
    unitPrice = serializers.DecimalField(**_money)
    amount = serializers.DecimalField(
        **_money, help_text="quantity x unitPrice, before discounts"
    )
    name = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    glCode = serializers.CharField()
    effectiveTimestamp = serializers.CharField(help_text="UTC, YYYY-MM-DDTHH:MM:SS")
    proratedUnitPrice = serializers.DecimalField(**_money, allow_null=True)
    startServiceDate = serializers.CharField()
    endServiceDate = serializers.CharField()
    rangeQuantity = serializers.IntegerField(allow_null=True)
    isReversable = serializers.BooleanField()
    discount = serializers.JSONField(
        allow_null=True, help_text="deprecated; always null"
    )
    discounts = FusebillDiscountSerializer(many=True)
    subscriptionProduct = serializers.JSONField(allow_null=True)
    purchase = serializers.JSONField(allow_null=True)
    chargeTiers = FusebillChargeTierSerializer(many=True)
    netsuiteChargeItem = serializers.CharField()
    trackedItems = serializers.ListField(
        child=serializers.JSONField(),
        required=False,
        help_text="only with showTrackedItems=true",
    )
    id = serializers.IntegerField()
    uri = serializers.CharField(allow_null=True)


class FusebillChargeGroupSerializer(serializers.Serializer):
    name = serializers.CharField(help_text='the items\' group, or "Charges"')
    description = serializers.CharField()
    reference = serializers.CharField(allow_null=True)
    subscriptionId = serializers.IntegerField(allow_null=True)
    charges = FusebillChargeSerializer(many=True)


class FusebillTaxSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    percentage = serializers.DecimalField(**_money)
    amount = serializers.DecimalField(**_money)
    registrationCode = serializers.CharField()
    taxRuleId = serializers.IntegerField(allow_null=True)


class FusebillPaymentScheduleSerializer(serializers.Serializer):
    dueDateTimestamp = serializers.CharField()
    status = serializers.ChoiceField(choices=INVOICE_STATUSES)
    amount = serializers.DecimalField(**_money)
    outstandingBalance = serializers.DecimalField(**_money)
    daysDueAfterTerm = serializers.IntegerField()


class FusebillInvoiceCustomerSerializer(serializers.Serializer):
    firstName = serializers.CharField(allow_null=True)
    middleName = serializers.CharField(allow_null=True)
    lastName = serializers.CharField(allow_null=True)
    companyName = serializers.CharField(allow_null=True)
    suffix = serializers.CharField(allow_null=True)
    primaryEmail = serializers.CharField(allow_null=True)
    primaryPhone = serializers.CharField(allow_null=True)
    secondaryEmail = serializers.CharField(allow_null=True)
    secondaryPhone = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    reference = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=CUSTOMER_STATUSES)
    customerAccountStatus = serializers.CharField()
    currency = serializers.CharField()
    customerReference = serializers.JSONField(allow_null=True)
    customerAcquisition = serializers.JSONField(allow_null=True)
    monthlyRecurringRevenue = serializers.DecimalField(**_money)
    netMonthlyRecurringRevenue = serializers.DecimalField(**_money)
    salesforceId = serializers.CharField(allow_null=True)
    salesforceAccountType = serializers.CharField(allow_null=True)
    salesforceSynchStatus = serializers.CharField(allow_null=True)
    netsuiteId = serializers.CharField(allow_null=True)
    netsuiteCustomerType = serializers.CharField(allow_null=True)
    portalUserName = serializers.CharField(allow_null=True)
    parentId = serializers.IntegerField(allow_null=True)
    quickBooksLatchType = serializers.CharField(allow_null=True)
    quickBooksId = serializers.IntegerField(allow_null=True)
    quickBooksSyncToken = serializers.IntegerField(allow_null=True)
    id = serializers.IntegerField()
    uri = serializers.CharField(allow_null=True)


class FusebillAddressSerializer(serializers.Serializer):
    companyName = serializers.CharField(allow_null=True)
    line1 = serializers.CharField(allow_null=True)
    line2 = serializers.CharField(allow_null=True)
    city = serializers.CharField(allow_null=True)
    state = serializers.CharField(allow_null=True)
    country = serializers.CharField(allow_null=True)
    postalZip = serializers.CharField(allow_null=True)
    addressType = serializers.CharField()
    id = serializers.IntegerField()
    uri = serializers.CharField(allow_null=True)


class FusebillAddressPreferenceSerializer(serializers.Serializer):
    contactName = serializers.CharField(allow_null=True)
    shippingInstructions = serializers.CharField(allow_null=True)
    useBillingAddressAsShippingAddress = serializers.BooleanField()
    billingAddress = FusebillAddressSerializer(allow_null=True)
    shippingAddress = FusebillAddressSerializer(allow_null=True)
    id = serializers.IntegerField()
    uri = serializers.CharField(allow_null=True)


class FusebillInvoiceSerializer(serializers.Serializer):
    invoiceNumber = serializers.IntegerField()
    invoiceSignature = serializers.CharField(help_text="company block as HTML")
    poNumber = serializers.CharField(allow_null=True)
    effectiveTimestamp = serializers.CharField()
    postedTimestamp = serializers.CharField()
    modifiedTimestamp = serializers.CharField()
    charges = FusebillChargeSerializer(
        many=True,
        required=False,
        help_text="absent from GET Invoices and with groupCharges=true",
    )
    chargeGroups = FusebillChargeGroupSerializer(
        many=True, required=False, help_text="only with groupCharges=true"
    )
    subtotal = serializers.DecimalField(**_money)
    invoiceAmount = serializers.DecimalField(**_money)
    totalPayments = serializers.DecimalField(**_money)
    unsettled = serializers.BooleanField()
    outstandingBalance = serializers.DecimalField(**_money)
    terms = serializers.CharField(
        help_text="Net0 ... Net90, or DayOfMonth1 ... DayOfMonth31"
    )
    defaultTerms = serializers.CharField()
    isDefaultTerms = serializers.BooleanField()
    customerId = serializers.IntegerField()
    invoiceCustomer = FusebillInvoiceCustomerSerializer()
    invoiceCustomerAddressPreference = FusebillAddressPreferenceSerializer()
    sumOfCreditNotes = serializers.DecimalField(**_money)
    totalWriteoffs = serializers.DecimalField(**_money)
    taxes = FusebillTaxSerializer(many=True)
    totalDiscount = serializers.DecimalField(**_money)
    paymentSchedules = FusebillPaymentScheduleSerializer(many=True)
    notes = serializers.CharField(allow_null=True)
    customerReferenceValue = serializers.CharField()
    openingArBalance = serializers.DecimalField(
        **_money, help_text="customer receivable before this invoice"
    )
    closingArBalance = serializers.DecimalField(
        **_money, help_text="customer receivable after this invoice"
    )
    invoiceInMemoryOnly = serializers.BooleanField()
    id = serializers.IntegerField()
    uri = serializers.CharField()


class FusebillPaymentAllocationSerializer(serializers.Serializer):
    paymentId = serializers.IntegerField()
    amount = serializers.DecimalField(**_money)
    currency = serializers.CharField()
    effectiveTimestamp = serializers.CharField()
    createdTimestamp = serializers.CharField()
    reference = serializers.CharField(allow_null=True)
    paymentMethodType = serializers.CharField()
    invoiceId = serializers.IntegerField()
    id = serializers.IntegerField()
    uri = serializers.CharField()


TAGS = ["Fusebill"]
_ERROR = OpenApiResponse(FusebillErrorSerializer, description="Fusebill error envelope")
_ERRORS = {400: _ERROR, 401: _ERROR, 404: _ERROR, 429: _ERROR}


def _bool(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        OpenApiTypes.BOOL,
        description=description + " (`true`/`false`; default false)",
    )


GROUP_CHARGES = _bool(
    "groupCharges", "Return `chargeGroups` (by item group) instead of `charges`."
)
TRACKED = _bool("showTrackedItems", "Add `trackedItems` to each charge.")
ZERO_DOLLAR = _bool("showZeroDollarCharges", "Include charges whose amount is 0.")

_HEADERS = [
    OpenApiParameter(
        name,
        OpenApiTypes.STR if name.startswith("X-Sort") else OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[200],
        description=text,
    )
    for name, text in (
        ("X-Count", "matching rows"),
        ("X-MaxCount", "rows before the query filter"),
        ("X-CurrentPage", "this 0-based page"),
        ("X-NextPage", "the next page; the current one on the last page"),
        ("X-PreviousPage", "the previous page; -1 on the first"),
        ("X-PageSize", "page size in effect"),
        (
            "X-MaxPageIndex",
            "the last 0-based page index: max(ceil(X-Count / X-PageSize) - 1, 0)",
        ),
        ("X-SortOrder", "Ascending or Descending"),
        ("X-SortExpression", "the field sorted on"),
    )
]


def list_parameters(fields: dict) -> list[OpenApiParameter]:
    """`query`, paging and sorting over `fields`, and the nine `X-*` headers."""
    names = ", ".join(f"`{name}`" for name in fields)
    parameters = [
        OpenApiParameter(
            "query",
            OpenApiTypes.STR,
            description=(
                "Filters `name:value` joined by `;` (AND). Strings match in full, "
                "case-insensitively; `*` is a wildcard; `[empty]` matches null or "
                "empty; `a,b` sets on ids and enums; ranges `lower|upper` on dates "
                "(upper bound exclusive) and decimals. Names: " + names
            ),
        ),
        OpenApiParameter(
            "pageSize",
            OpenApiTypes.INT,
            description=f"Default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}.",
        ),
        OpenApiParameter(
            "pageNumber",
            OpenApiTypes.INT,
            description="0-based; a page past the end is [].",
        ),
        OpenApiParameter(
            "sortOrder", OpenApiTypes.STR, enum=["Ascending", "Descending"]
        ),
        OpenApiParameter(
            "sortExpression",
            OpenApiTypes.STR,
            enum=list(fields),
            description="Any filter name; default `id`.",
        ),
        *_HEADERS,
    ]
    return parameters


def invoice_list(fields: dict, *, full: bool) -> dict:
    parameters = list_parameters(fields)
    if full:
        parameters += [GROUP_CHARGES, TRACKED, ZERO_DOLLAR]
    return {
        "tags": TAGS,
        "parameters": parameters,
        "responses": {200: FusebillInvoiceSerializer(many=True), **_ERRORS},
        "description": "Posted invoices as a bare JSON array"
        + ("." if full else ", without their charges."),
    }


def invoice_detail() -> dict:
    return {
        "tags": TAGS,
        "parameters": [GROUP_CHARGES, TRACKED, ZERO_DOLLAR],
        "responses": {200: FusebillInvoiceSerializer, **_ERRORS},
    }


def invoice_pdf() -> dict:
    return {
        "tags": TAGS,
        "parameters": [TRACKED],
        "responses": {
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The invoice as PDF"
            ),
            **{(code, "application/json"): _ERROR for code in (400, 401, 404, 429)},
        },
    }


def payment_allocations() -> dict:
    return {
        "tags": TAGS,
        "responses": {200: FusebillPaymentAllocationSerializer(many=True), **_ERRORS},
    }
