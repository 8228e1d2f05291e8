"""OpenAPI shapes of FluidPay's answers (documentation only: outputs.py builds them)."""

from rest_framework import serializers

from .statuses import STATUSES, TRANSACTION_STATUS_WORDS

S, Int, B = serializers.CharField, serializers.IntegerField, serializers.BooleanField


class FluidPayAddressOut(serializers.Serializer):
    id, first_name, last_name, company = S(), S(), S(), S()
    address_line_1, address_line_2, city, state, postal_code, country = (
        S(),
        S(),
        S(),
        S(),
        S(),
        S(),
    )
    phone, fax, email = S(), S(), S()


class FluidPayLineItemOut(serializers.Serializer):
    id = S()
    status = S(help_text="pending or paid; always a string")
    type, name, description, product_code, commodity_code, unit_of_measure = (
        S(),
        S(),
        S(),
        S(),
        S(),
        S(),
    )
    unit_price = Int(help_text="minor units (cents)")
    # Documents a JSON number (a quantity); it never parses a request.
    quantity = serializers.FloatField()  # float ok
    taxable = B()
    tax_rate, local_tax_rate, national_tax_rate = S(), S(), S()
    tax_amount, local_tax, national_tax, discount_amount, freight_amount = (
        Int(),
        Int(),
        Int(),
        Int(),
        Int(),
    )
    subtotal = Int()
    amount = Int(help_text="line total: subtotal - discount + tax")


class FluidPayInvoiceSettingsOut(serializers.Serializer):
    allow_tipping = B()


class FluidPayInvoice(serializers.Serializer):
    id = S(help_text="Remit's invoice id, as a string")
    merchant_id, customer_id, currency, company_name, company_logo_url = (
        S(),
        S(),
        S(),
        S(),
        S(),
    )
    customer_number, invoice_number = S(), S()
    payable_to, bill_to = FluidPayAddressOut(), FluidPayAddressOut()
    created_at, updated_at, last_sent_at, date_due = S(), S(), S(), S()
    items = FluidPayLineItemOut(many=True)
    advanced_fields, enable_tax, enable_shipping, allow_partial_payment = (
        B(),
        B(),
        B(),
        B(),
    )
    subtotal = Int()
    tax_percent = S(help_text='e.g. "8.250"')
    tax, shipping, total, amount_paid, tip_amount, service_fees_paid, surcharge_paid = (
        Int(),
        Int(),
        Int(),
        Int(),
        Int(),
        Int(),
        Int(),
    )
    discount_credited, adjustment, amount_due = Int(), Int(), Int()
    transaction_type = S()
    payment_methods = serializers.ListField(child=S())
    card_processor_id, ach_processor_id = S(), S()
    status = serializers.ChoiceField(choices=STATUSES)
    message, reject_message, send_via, email_to = S(), S(), S(), S()
    public_hash = S()
    public_url = S(help_text="the same value as public_hash")
    hosted_url = S(help_text="absolute URL of the hosted invoice page")
    settings = FluidPayInvoiceSettingsOut()


class FluidPayTransaction(serializers.Serializer):
    id = S(help_text="the gateway's transaction id, else the payment's id")
    type = S(help_text='always "sale"')
    amount = Int(help_text="total charged, tip included")
    base_amount = Int(help_text="without the tip")
    amount_authorized, amount_captured, amount_settled, amount_refunded = (
        Int(),
        Int(),
        Int(),
        Int(),
    )
    tip_amount, tax_amount, shipping_amount, surcharge, discount_amount = (
        Int(),
        Int(),
        Int(),
        Int(),
        Int(),
    )
    currency, description = S(), S()
    order_id = S(help_text="the invoice's FluidPay invoice_number, else its id")
    po_number = S(help_text="the same value as order_id")
    payment_method, payment_type, processor_id = S(), S(), S()
    customer_id, merchant_id, invoice_id, idempotency_key = S(), S(), S(), S()
    status = S(help_text=", ".join(TRANSACTION_STATUS_WORDS) + " or unknown")
    response = S(help_text="approved, declined or error")
    response_code = Int(help_text="100 approved, 2xx declined, 3xx processor error")
    response_body = serializers.JSONField()
    created_at, updated_at = S(), S()


def _envelope(name: str, data, **extra):
    fields = {"status": S(), "msg": S(), **extra, "data": data}
    return type(name, (serializers.Serializer,), fields)


INVOICE_ENVELOPE = _envelope("FluidPayInvoiceEnvelope", FluidPayInvoice())
SEARCH_ENVELOPE = _envelope(
    "FluidPaySearchEnvelope", FluidPayInvoice(many=True), total_count=Int()
)
TRANSACTION_ENVELOPE = _envelope("FluidPayTransactionEnvelope", FluidPayTransaction())
TRANSACTION_SEARCH_ENVELOPE = _envelope(
    "FluidPayTransactionSearchEnvelope",
    FluidPayTransaction(many=True),
    total_count=Int(),
)
NULL_ENVELOPE = _envelope(
    "FluidPayEmptyEnvelope", serializers.JSONField(allow_null=True)
)
FAILED = _envelope("FluidPayFailed", serializers.JSONField(required=False))
# Every failure an endpoint can answer, all in the one envelope: a refused request
# (400), no or a bad key (401), a role that may not (403), an invoice that is not
# there (404), a key over its rate (429). errors.py lists the words.
FAILURES = {code: FAILED for code in (400, 401, 403, 404, 429)}
