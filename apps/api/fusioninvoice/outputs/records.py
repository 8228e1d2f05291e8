"""FusionInvoice record shapes out. Output serializers render domain objects with FI
column names (decimals as 4-place strings, ids as numbers, booleans as 0/1); request
bodies are checked in `inputs`. Nothing here writes: the views call services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .fields import (
    Amount,
    CurrencyField,
    DiscountTypeField,
    FlagField,
    InvoiceStatusField,
    PlainDateField,
    TimestampField,
    ZeroField,
    ZeroIfNoneField,
)


class FIClientSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    unique_name = serializers.CharField(source="name", read_only=True)
    type = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    address = serializers.CharField(source="address_line_1", read_only=True)
    address_2 = serializers.CharField(source="address_line_2", read_only=True)
    city = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    zip = serializers.CharField(source="postal_code", read_only=True)
    country = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    fax = serializers.CharField(read_only=True)
    mobile = serializers.CharField(read_only=True)
    web = serializers.CharField(source="website", read_only=True)
    active = FlagField("is_active")
    currency_code = serializers.CharField(source="currency", read_only=True)
    language = serializers.CharField(read_only=True)
    timezone = serializers.CharField(read_only=True)
    vat_tax_id = serializers.CharField(read_only=True)
    general_notes = serializers.CharField(source="notes", read_only=True)
    user_id = serializers.IntegerField(
        source="created_by_id", read_only=True, allow_null=True
    )
    created_at = TimestampField()
    updated_at = TimestampField()


class FIClientWithAmountsSerializer(FIClientSerializer):
    """Client::getSelect() adds balance, paid and total (live, non-void invoices)."""

    balance = Amount()
    paid = Amount()
    total = Amount(source="invoiced")
    unapplied_Payments = ZeroField()  # noqa: N815 - the vendor's key


# ---------------------------------------------------------------- output: items
class FIItemAmountSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    item_id = serializers.IntegerField(source="id", read_only=True)
    subtotal = Amount()
    tax_1 = Amount()
    tax_2 = Amount()
    tax = Amount()
    total = Amount()
    discount_amount = Amount()


class FIItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    quantity = Amount()
    price = Amount(source="unit_price")
    original_price = Amount(source="unit_price")
    discount_type = DiscountTypeField()
    discount = Amount(source="discount_value")
    tax_rate_id = ZeroIfNoneField(source="tax_rate_1_source_id", read_only=True)
    tax_rate_2_id = ZeroIfNoneField(source="tax_rate_2_source_id", read_only=True)
    tax_rate = Amount()  # Remit extension: the percent the item was taxed at
    tax_rate_2 = Amount()
    display_order = serializers.IntegerField(source="position", read_only=True)
    amount = FIItemAmountSerializer(source="*", read_only=True)


class FIInvoiceItemSerializer(FIItemSerializer):
    invoice_id = serializers.IntegerField(read_only=True)


class FIQuoteItemSerializer(FIItemSerializer):
    quote_id = serializers.IntegerField(read_only=True)


# ---------------------------------------------------------------- output: invoices
class FIInvoiceAmountSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    invoice_id = serializers.IntegerField(source="id", read_only=True)
    subtotal = Amount()
    discount = Amount(source="discount_total")
    tax = Amount(source="tax_total")
    total = Amount()
    paid = Amount(source="amount_paid")
    balance = Amount()
    created_at = TimestampField()
    updated_at = TimestampField()


class FIInvoiceRowSerializer(serializers.Serializer):
    """The bare `invoices` row (store answers this)."""

    id = serializers.IntegerField(read_only=True)
    type = serializers.CharField(read_only=True)
    number = serializers.CharField(read_only=True)
    client_id = serializers.IntegerField(read_only=True)
    user_id = serializers.IntegerField(
        source="created_by_id", read_only=True, allow_null=True
    )
    company_profile_id = serializers.IntegerField(read_only=True)
    document_number_scheme_id = serializers.IntegerField(
        source="company_profile_id", read_only=True
    )
    recurring_invoice_id = ZeroField(value=None)
    invoice_date = TimestampField()
    due_at = TimestampField(source="due_date")
    status = InvoiceStatusField()
    summary = serializers.CharField(read_only=True)
    terms = serializers.CharField(read_only=True)
    footer = serializers.CharField(read_only=True)
    currency_code = serializers.CharField(source="currency", read_only=True)
    exchange_rate = ZeroField(value="1.0000000")
    discount = Amount(source="discount_value")
    template = ZeroField(value="default.blade.php")
    url_key = serializers.CharField(source="public_hash", read_only=True)
    viewed = FlagField("viewed_at")
    date_emailed = PlainDateField(source="emailed_at")
    date_mailed = ZeroField(value=None)
    online_payment_processing_fee = ZeroField(value="no")
    total_convenience_charges = ZeroField()
    created_at = TimestampField()
    updated_at = TimestampField()


class FIInvoiceSerializer(FIInvoiceRowSerializer):
    """An invoice with `items.amount`, `client`, `amount` and `currency`."""

    items = FIInvoiceItemSerializer(source="items.all", many=True, read_only=True)
    client = FIClientSerializer(read_only=True)
    amount = FIInvoiceAmountSerializer(source="*", read_only=True)
    currency = CurrencyField()


# ---------------------------------------------------------------- output: quotes
class FIQuoteAmountSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    quote_id = serializers.IntegerField(source="id", read_only=True)
    subtotal = Amount()
    discount = Amount(source="discount_total")
    tax = Amount(source="tax_total")
    total = Amount()


class FIQuoteRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    client_id = serializers.IntegerField(read_only=True)
    user_id = serializers.IntegerField(
        source="created_by_id", read_only=True, allow_null=True
    )
    company_profile_id = serializers.IntegerField(read_only=True)
    document_number_scheme_id = serializers.IntegerField(
        source="company_profile_id", read_only=True
    )
    invoice_id = serializers.IntegerField(read_only=True, allow_null=True)
    number = serializers.CharField(read_only=True)
    quote_date = PlainDateField()
    expires_at = PlainDateField()
    status = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    terms = serializers.CharField(read_only=True)
    footer = serializers.CharField(read_only=True)
    currency_code = serializers.CharField(source="currency", read_only=True)
    exchange_rate = ZeroField(value="1.0000000")
    discount = Amount(source="discount_value")
    template = ZeroField(value="default.blade.php")
    url_key = serializers.CharField(source="public_hash", read_only=True)
    viewed = FlagField("viewed_at")
    created_at = TimestampField()
    updated_at = TimestampField()


class FIQuoteSerializer(FIQuoteRowSerializer):
    items = FIQuoteItemSerializer(source="items.all", many=True, read_only=True)
    client = FIClientSerializer(read_only=True)
    amount = FIQuoteAmountSerializer(source="*", read_only=True)
    currency = CurrencyField()


# ---------------------------------------------------------------- output: payments
# FusionInvoice's payment_methods table, fixed: id -> Remit's method.
PAYMENT_METHODS = {
    1: "card",
    2: "ach",
    3: "mail",
    4: "cash",
    5: "check",
    6: "other",
    7: "credit_memo",
}
PAYMENT_METHOD_IDS = {method: pk for pk, method in PAYMENT_METHODS.items()}
_METHOD_NAMES = {
    "card": "Credit Card",
    "ach": "ACH Bank Transfer",
    "mail": "Mailed Check",
    "cash": "Cash",
    "check": "Check",
    "other": "Other",
    "credit_memo": "Credit Memo",
}


class FIPaymentMethodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


@extend_schema_field(FIPaymentMethodSerializer)
class PaymentMethodField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="method", read_only=True, **kwargs)

    def to_representation(self, value):
        return {
            "id": PAYMENT_METHOD_IDS.get(value, 6),
            "name": _METHOD_NAMES.get(value, value),
        }


class PaymentMethodIdField(serializers.IntegerField):
    def to_representation(self, value):
        return PAYMENT_METHOD_IDS.get(value, 6)


class PaymentTypeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=["single", "credit-memo"], source="method", read_only=True, **kwargs
        )

    def to_representation(self, value):
        return "credit-memo" if value == "credit_memo" else "single"


class FIPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    client_id = serializers.IntegerField(read_only=True)
    user_id = serializers.IntegerField(
        source="created_by_id", read_only=True, allow_null=True
    )
    payment_method_id = PaymentMethodIdField(source="method", read_only=True)
    type = PaymentTypeField()
    credit_memo_id = serializers.IntegerField(read_only=True, allow_null=True)
    invoice_id = serializers.IntegerField(
        read_only=True
    )  # Remit extension: the one invoice paid
    paid_at = TimestampField()
    amount = Amount()
    remaining_balance = ZeroField()
    currency_code = serializers.CharField(source="currency", read_only=True)
    note = serializers.CharField(read_only=True)
    reference = serializers.CharField(read_only=True)
    created_at = TimestampField()
    updated_at = TimestampField()


class FIPaymentInvoiceInvoiceSerializer(FIInvoiceRowSerializer):
    client = FIClientSerializer(read_only=True)
    currency = CurrencyField()


class FIPaymentInvoiceSerializer(serializers.Serializer):
    """The `payment_invoices` link row; Remit applies a payment to one invoice."""

    id = serializers.IntegerField(read_only=True)
    payment_id = serializers.IntegerField(source="id", read_only=True)
    invoice_id = serializers.IntegerField(read_only=True)
    invoice_amount_paid = Amount(source="amount")
    convenience_charges = ZeroField()
    created_at = TimestampField()
    updated_at = TimestampField()
    invoice = FIPaymentInvoiceInvoiceSerializer(read_only=True)


class FIPaymentWithInvoiceSerializer(FIPaymentSerializer):
    payment_invoice = serializers.SerializerMethodField()
    payment_method = PaymentMethodField()

    @extend_schema_field(FIPaymentInvoiceSerializer(many=True))
    def get_payment_invoice(self, payment):
        return [FIPaymentInvoiceSerializer(payment).data]
