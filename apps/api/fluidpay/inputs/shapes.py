"""FluidPay request shapes. They check types only (cents are integers, rates are
decimal strings, dates RFC 3339); translation to the domain is in `translate`.
Callers strip nulls first (`drop_nulls`): FluidPay clients send null for "absent"."""

import datetime as dt

from django.utils import timezone
from rest_framework import serializers


def drop_nulls(value):
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value if v is not None]
    return value


class Rfc3339Field(serializers.DateTimeField):
    """RFC 3339 with `Z` or an offset, kept: `.date()` is the date as written."""

    def enforce_timezone(self, value):
        return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)


# The domain refuses amounts of 10^11 or more (apps.core.money.AMOUNT_LIMIT) by field;
# this looser bound in minor units only keeps absurd integers away from the arithmetic.
MAX_MINOR_UNITS = 10**15


class CentsField(serializers.IntegerField):
    """An amount in the currency's minor units (cents for USD, yen for JPY)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", MAX_MINOR_UNITS)
        kwargs.setdefault("min_value", -MAX_MINOR_UNITS)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, float) and not data.is_integer():
            self.fail("invalid")
        return super().to_internal_value(data)


class RateField(serializers.DecimalField):
    """A percentage, sent and answered as a string such as "8.250"."""

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=9, decimal_places=4, min_value=0, max_value=100, **kwargs
        )


class FluidPayAddressSerializer(serializers.Serializer):
    id = serializers.CharField(required=False)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    company = serializers.CharField(required=False, allow_blank=True, max_length=200)
    address_line_1 = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    address_line_2 = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    state = serializers.CharField(required=False, allow_blank=True, max_length=100)
    postal_code = serializers.CharField(required=False, allow_blank=True, max_length=20)
    country = serializers.RegexField(
        r"^([A-Za-z]{2})?$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": "Use a two-letter country code such as US."},
    )
    phone = serializers.CharField(required=False, allow_blank=True, max_length=50)
    fax = serializers.CharField(required=False, allow_blank=True, max_length=50)
    email = serializers.EmailField(required=False, allow_blank=True)


class FluidPayLineItemSerializer(serializers.Serializer):
    id = serializers.CharField(required=False)
    status = (
        serializers.ChoiceField(  # "rejected" and "" only as read back from answers
            choices=["pending", "paid", "rejected", ""],
            allow_blank=True,
            required=False,
        )
    )  # required on create
    type = serializers.CharField(required=False, allow_blank=True, max_length=50)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    unit_price = CentsField(min_value=0)
    quantity = serializers.DecimalField(max_digits=20, decimal_places=4, min_value=0)
    quantity_shipped = serializers.DecimalField(
        max_digits=20, decimal_places=4, min_value=0, required=False
    )
    product_code = serializers.CharField(
        required=False, allow_blank=True, max_length=64
    )
    commodity_code = serializers.CharField(
        required=False, allow_blank=True, max_length=64
    )
    unit_of_measure = serializers.CharField(
        required=False, allow_blank=True, max_length=20
    )
    alternate_tax_identifier = serializers.CharField(
        required=False, allow_blank=True, max_length=64
    )
    taxable = serializers.BooleanField(required=False)
    tax_rate = RateField(required=False)
    local_tax_rate = RateField(required=False)
    national_tax_rate = RateField(required=False)
    discount_amount = CentsField(min_value=0, required=False)
    freight_amount = CentsField(min_value=0, required=False)

    def validate(self, attrs):
        # Bigger lines than the domain's Decimal(20, 4) would overflow its arithmetic
        # (28 significant digits) before its own checks could refuse them.
        if attrs["quantity"] * attrs["unit_price"] > MAX_MINOR_UNITS * 1000:
            raise serializers.ValidationError(
                {"quantity": "quantity times unit_price is too large for one line."}
            )
        return attrs


class FluidPayInvoiceSettingsSerializer(serializers.Serializer):
    allow_tipping = serializers.BooleanField(required=False)


class FluidPayInvoiceInputSerializer(serializers.Serializer):
    """Create (`POST invoice`) and update (`POST|PUT invoice/{id}`) bodies."""

    currency = serializers.RegexField(
        r"^[A-Za-z]{3}$",
        required=False,
        error_messages={"invalid": "Use an ISO 4217 code such as USD."},
    )
    company_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    company_logo_url = serializers.CharField(
        required=False, allow_blank=True, max_length=500
    )
    customer_number = serializers.CharField(
        required=False, allow_blank=True, max_length=100
    )
    customer_id = serializers.CharField(required=False, allow_blank=True)
    invoice_number = serializers.CharField(
        required=False, allow_blank=True, max_length=64
    )
    date_due = Rfc3339Field(required=False)
    payable_to = FluidPayAddressSerializer(required=False)
    bill_to = FluidPayAddressSerializer(required=False)
    items = FluidPayLineItemSerializer(many=True, required=False, allow_empty=False)
    settings = FluidPayInvoiceSettingsSerializer(required=False)
    allow_tipping = serializers.BooleanField(required=False)
    advanced_fields = serializers.BooleanField(required=False)
    enable_tax = serializers.BooleanField(required=False)
    enable_shipping = serializers.BooleanField(required=False)
    require_shipping_details = serializers.BooleanField(required=False)
    require_billing_details_on_payment_only = serializers.BooleanField(required=False)
    tax_percent = RateField(required=False)
    tax = CentsField(min_value=0, required=False)
    shipping = CentsField(min_value=0, required=False)
    adjustment = CentsField(required=False)
    discount_credited = CentsField(min_value=0, required=False)
    amount_paid = CentsField(required=False)  # read-only in Remit: payments set it
    service_fees_paid = CentsField(required=False)
    surcharge_paid = CentsField(required=False)
    allow_partial_payment = serializers.BooleanField(required=False)
    transaction_type = serializers.ChoiceField(
        choices=["sale"],
        required=False,
        error_messages={"invalid_choice": "Only sale is supported."},
    )
    payment_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=["card", "ach", "mail"]), required=False
    )
    card_processor_id = serializers.CharField(
        required=False, allow_blank=True, max_length=64
    )
    ach_processor_id = serializers.CharField(
        required=False, allow_blank=True, max_length=64
    )
    message = serializers.CharField(required=False, allow_blank=True)
    save_customer_vault = serializers.ChoiceField(
        choices=["none", "optional", "required"], required=False
    )
    send_via = serializers.ChoiceField(
        choices=["email", "text", "both", "none"], required=False
    )
    email_to = serializers.EmailField(required=False, allow_blank=True)
    # Update only:
    amount_due = CentsField(required=False)
    mark_as_paid = serializers.BooleanField(required=False)
    reactivate = serializers.BooleanField(required=False)


class FluidPayCriterionSerializer(serializers.Serializer):
    operator = serializers.ChoiceField(choices=["=", "!=", "%", ">", "<"], default="=")
    value = serializers.JSONField()


class FluidPayDateRangeSerializer(serializers.Serializer):
    start_date = Rfc3339Field(required=False)
    end_date = Rfc3339Field(required=False)


class CriteriaSerializer(serializers.Serializer):
    """A search body: criteria named in `CRITERIA`, each a criterion object."""

    CRITERIA: tuple[str, ...] = ()

    def to_internal_value(self, data):
        # A bare value means "equals": {"status": "paid"} is
        # {"status": {"operator": "=", "value": "paid"}}; a criterion whose value is
        # null (dropped before) is absent, like any null field.
        if isinstance(data, dict):
            data = {
                k: (
                    {"operator": "=", "value": v}
                    if k in self.CRITERIA and not isinstance(v, dict)
                    else v
                )
                for k, v in data.items()
                if not (k in self.CRITERIA and isinstance(v, dict) and "value" not in v)
            }
        return super().to_internal_value(data)


class FluidPaySearchSerializer(CriteriaSerializer):
    CRITERIA = ("id", "customer_id", "invoice_number", "status", "amount_due")

    id = FluidPayCriterionSerializer(required=False)
    customer_id = FluidPayCriterionSerializer(required=False)
    invoice_number = FluidPayCriterionSerializer(required=False)
    status = FluidPayCriterionSerializer(required=False)
    amount_due = FluidPayCriterionSerializer(required=False)
    date_due = FluidPayDateRangeSerializer(required=False)
    limit = serializers.IntegerField(min_value=0, max_value=100, required=False)
    offset = serializers.IntegerField(min_value=0, required=False)


class FluidPayTransactionSearchSerializer(CriteriaSerializer):
    """`POST transaction/search`: the invoice search's criteria shape over
    transactions (the names of the vendor's transaction search)."""

    CRITERIA = (
        "transaction_id",
        "type",
        "amount",
        "po_number",
        "order_id",
        "payment_method",
        "payment_type",
        "status",
        "customer_id",
    )
    # The vendor's other criteria, which Remit keeps no data for: refused, never
    # silently ignored (an ignored filter would answer more than was asked).
    UNSUPPORTED = (
        "user_id",
        "ip_address",
        "amount_authorized",
        "amount_captured",
        "amount_settled",
        "tax_amount",
        "processor_id",
        "settlement_batch_id",
        "captured_at",
        "settled_at",
        "billing_address",
        "shipping_address",
    )

    transaction_id = FluidPayCriterionSerializer(required=False)
    type = FluidPayCriterionSerializer(required=False)
    amount = FluidPayCriterionSerializer(required=False)
    po_number = FluidPayCriterionSerializer(required=False)
    order_id = FluidPayCriterionSerializer(required=False)
    payment_method = FluidPayCriterionSerializer(required=False)
    payment_type = FluidPayCriterionSerializer(required=False)
    status = FluidPayCriterionSerializer(required=False)
    customer_id = FluidPayCriterionSerializer(required=False)
    created_at = FluidPayDateRangeSerializer(required=False)
    limit = serializers.IntegerField(min_value=0, max_value=100, required=False)
    offset = serializers.IntegerField(min_value=0, required=False)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            refused = sorted(set(data) & set(self.UNSUPPORTED))
            if refused:
                raise serializers.ValidationError(
                    {name: "Remit cannot search on this field." for name in refused}
                )
        return super().to_internal_value(data)


class FluidPayCardSerializer(serializers.Serializer):
    number = serializers.CharField()
    expiration_date = serializers.CharField()
    cvc = serializers.CharField(required=False, allow_blank=True)
    entry_type = serializers.CharField(required=False)


class FluidPayAchSerializer(serializers.Serializer):
    routing_number = serializers.CharField()
    account_number = serializers.CharField()
    sec_code = serializers.ChoiceField(
        choices=["web", "ccd", "ppd", "tel"], required=False
    )
    account_type = serializers.ChoiceField(
        choices=["checking", "savings"], default="checking"
    )
    check_number = serializers.CharField(required=False, allow_blank=True)


class FluidPayPaymentMethodSerializer(serializers.Serializer):
    card = FluidPayCardSerializer(required=False)
    ach = FluidPayAchSerializer(required=False)
    customer = serializers.JSONField(required=False)
    token = serializers.CharField(required=False)


class FluidPayPayInputSerializer(serializers.Serializer):
    payment_method = FluidPayPaymentMethodSerializer(required=False)
    amount = CentsField(min_value=1, required=False)  # defaults to amount_due
    tip_amount = CentsField(min_value=0, required=False)
