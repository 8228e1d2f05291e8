"""FusionInvoice request bodies (store and update): shape checks, and the one table per
module that maps FI column names to domain fields (`*_FIELDS`). Rules stay in the
services; these only parse."""

import re

from rest_framework import serializers

from apps.clients.models import Client

# FI column -> domain field, per module. Used for input, filters and error names.
CLIENT_FIELDS = {
    "id": "id",
    "name": "name",
    "type": "type",
    "email": "email",
    "address": "address_line_1",
    "address_2": "address_line_2",
    "city": "city",
    "state": "state",
    "zip": "postal_code",
    "country": "country",
    "phone": "phone",
    "fax": "fax",
    "mobile": "mobile",
    "web": "website",
    "currency_code": "currency",
    "language": "language",
    "timezone": "timezone",
    "vat_tax_id": "vat_tax_id",
    "general_notes": "notes",
    "active": "is_active",
    "user_id": "created_by",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
INVOICE_FIELDS = {
    "id": "id",
    "type": "type",
    "number": "number",
    "client_id": "client",
    "user_id": "created_by",
    "company_profile_id": "company_profile",
    "document_number_scheme_id": "company_profile",
    "invoice_date": "invoice_date",
    "due_at": "due_date",
    "status": "status",
    "summary": "summary",
    "terms": "terms",
    "footer": "footer",
    "currency_code": "currency",
    "discount": "discount_value",
    "url_key": "public_hash",
    "po_number": "po_number",
    "notes": "notes",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
QUOTE_FIELDS = {
    "id": "id",
    "number": "number",
    "client_id": "client",
    "user_id": "created_by",
    "invoice_id": "invoice",
    "company_profile_id": "company_profile",
    "document_number_scheme_id": "company_profile",
    "quote_date": "quote_date",
    "expires_at": "expires_at",
    "status": "status",
    "summary": "summary",
    "terms": "terms",
    "footer": "footer",
    "currency_code": "currency",
    "discount": "discount_value",
    "url_key": "public_hash",
    "notes": "notes",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
PAYMENT_FIELDS = {
    "id": "id",
    "client_id": "client",
    "invoice_id": "invoice",
    "user_id": "created_by",
    "amount": "amount",
    "paid_at": "paid_at",
    "payment_method_id": "method",
    "currency_code": "currency",
    "note": "note",
    "reference": "reference",
    "credit_memo_id": "credit_memo",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
ITEM_FIELDS = {
    "name": "name",
    "description": "description",
    "quantity": "quantity",
    "price": "unit_price",
    "discount_type": "discount_type",
    "discount": "discount_value",
    "tax_rate_id": "tax_rate_1_source",
    "tax_rate_2_id": "tax_rate_2_source",
    "display_order": "position",
}


def error_names(*tables: dict) -> dict[str, str]:
    """Domain field -> FI name, for turning a service's ValidationError into FI keys."""
    names: dict[str, str] = {
        "unit_price": "price",
        "tax_rate": "tax_rate_id",
        "tax_rate_2": "tax_rate_2_id",
    }
    for table in tables:
        for fi_name, domain in table.items():
            names.setdefault(domain, fi_name)
    return names


class FIDateField(serializers.DateField):
    """`YYYY-MM-DD`; a date-time (`2024-03-01 10:00:00` or ISO) is cut to its date."""

    def to_internal_value(self, value):
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}[T ]", value):
            value = value[:10]
        return super().to_internal_value(value)


def _text(**kwargs):
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, **kwargs
    )


def _decimal(**kwargs):
    return serializers.DecimalField(max_digits=20, decimal_places=4, **kwargs)


def _strip_nulls(data: dict) -> dict:
    """FusionInvoice clients send null for empty text; the domain keeps ''."""
    return {k: ("" if v is None else v) for k, v in data.items()}


class FIClientInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    type = serializers.ChoiceField(choices=Client.Type.values)
    email = serializers.EmailField(required=False, allow_blank=True, allow_null=True)
    client_email = serializers.EmailField(
        required=False, allow_blank=True, allow_null=True
    )  # alias of email
    address = _text()
    address_2 = _text()
    city = _text()
    state = _text()
    zip = _text()
    country = _text()
    phone = _text()
    fax = _text()
    mobile = _text()
    web = _text()
    currency_code = _text()
    language = _text()
    timezone = _text()
    vat_tax_id = _text()
    general_notes = _text()
    active = serializers.BooleanField(required=False)

    def domain_fields(self) -> dict:
        data = dict(self.validated_data)
        if "client_email" in data:
            alias = data.pop("client_email")
            data.setdefault("email", alias)
        data = _strip_nulls(data)
        if data.get("currency_code") == "":
            data.pop("currency_code")
        return {CLIENT_FIELDS[k]: v for k, v in data.items()}


class _DocumentInputSerializer(serializers.Serializer):
    client_id = serializers.IntegerField(required=False, min_value=1)
    client_name = serializers.CharField(required=False)
    company_profile_id = serializers.IntegerField(required=False, min_value=1)
    document_number_scheme_id = serializers.IntegerField(
        required=False
    )  # accepted; numbering is per profile
    number = _text(max_length=64)
    summary = _text(max_length=255)
    terms = _text()
    footer = _text()
    notes = _text()
    currency_code = _text(max_length=3)
    discount = _decimal(required=False, min_value=0)

    table: dict = {}
    skip = {
        "client_id",
        "client_name",
        "company_profile_id",
        "document_number_scheme_id",
        "status",
        "discount",
    }

    def domain_fields(self) -> dict:
        data = _strip_nulls(dict(self.validated_data))
        fields = {self.table[k]: v for k, v in data.items() if k not in self.skip}
        if "discount" in data:
            fields["discount_type"] = "percent" if data["discount"] else ""
            fields["discount_value"] = data["discount"]
        if fields.get("currency") == "":
            fields.pop("currency")
        return fields


class FIInvoiceInputSerializer(_DocumentInputSerializer):
    invoice_date = FIDateField(required=False)
    due_at = FIDateField(required=False)
    status = serializers.ChoiceField(
        choices=["draft", "sent", "canceled"], required=False
    )
    type = serializers.ChoiceField(choices=["invoice", "credit_memo"], required=False)
    po_number = _text(max_length=64)

    table = INVOICE_FIELDS


class FIQuoteInputSerializer(_DocumentInputSerializer):
    quote_date = FIDateField(required=False)
    expires_at = FIDateField(required=False)
    status = serializers.ChoiceField(
        choices=["draft", "sent", "approved", "rejected", "canceled"], required=False
    )

    table = QUOTE_FIELDS


class FIItemInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    quantity = _decimal()
    price = _decimal()
    description = _text()
    tax_rate_id = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    tax_rate_2_id = serializers.IntegerField(
        required=False, allow_null=True, min_value=0
    )
    display_order = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100000
    )
    discount_type = serializers.ChoiceField(
        choices=["", "percentage", "flat_amount"], required=False, allow_null=True
    )
    discount = _decimal(required=False, allow_null=True)

    def domain_fields(self, tax_rates: dict) -> dict:
        data = _strip_nulls(dict(self.validated_data))
        data.pop("invoice_id", None)
        data.pop("quote_id", None)
        fields = {
            ITEM_FIELDS[k]: v
            for k, v in data.items()
            if k not in ("tax_rate_id", "tax_rate_2_id")
        }
        fields["discount_type"] = {"percentage": "percent", "flat_amount": "flat"}.get(
            data.get("discount_type"), ""
        )
        if data.get("discount") == "":
            fields.pop("discount_value")
        if not fields.get("position"):
            fields.pop("position", None)
        for fi_name, domain in (
            ("tax_rate_id", "tax_rate_1_source"),
            ("tax_rate_2_id", "tax_rate_2_source"),
        ):
            if data.get(fi_name):
                fields[domain] = tax_rates[data[fi_name]]
        return fields


class FIInvoiceItemInputSerializer(FIItemInputSerializer):
    invoice_id = serializers.IntegerField(min_value=1)


class FIQuoteItemInputSerializer(FIItemInputSerializer):
    quote_id = serializers.IntegerField(min_value=1)


class FIPaymentInputSerializer(serializers.Serializer):
    invoice_id = serializers.IntegerField(min_value=1)
    client_id = serializers.IntegerField(required=False, min_value=1)
    amount = _decimal(min_value=0)
    paid_at = FIDateField()
    payment_method_id = serializers.IntegerField(min_value=1)
    currency_code = _text(max_length=3)
    note = _text()
    reference = _text(max_length=100)
    type = serializers.ChoiceField(choices=["single"], required=False)
    remaining_balance = _decimal(
        required=False, allow_null=True
    )  # accepted; Remit has no pre-payments
    convenience_charges = _decimal(
        required=False, allow_null=True
    )  # accepted; not charged


class FIPaymentUpdateSerializer(serializers.Serializer):
    paid_at = FIDateField(required=False)
    note = _text()
    reference = _text(max_length=100)

    def domain_fields(self) -> dict:
        return _strip_nulls(dict(self.validated_data))


class EmailListField(serializers.ListField):
    """A list of emails, or one string with commas."""

    child = serializers.EmailField()

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [part.strip() for part in data.split(",") if part.strip()]
        return super().to_internal_value(data)


class FIEmailInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    to = EmailListField(required=False)
    cc = EmailListField(required=False)
    bcc = EmailListField(required=False)
    subject = serializers.CharField(required=False, allow_blank=True, max_length=255)
    attach_pdf = serializers.BooleanField(required=False, default=True)


class FICustomFieldsInputSerializer(serializers.Serializer):
    """`{<module>_id, column_1: ..., column_N: ...}`; the column keys are free."""

    def __init__(self, *args, id_field: str = "id", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[id_field] = serializers.IntegerField(min_value=1)


class FICreditMemoInputSerializer(serializers.Serializer):
    invoice_id = serializers.IntegerField(min_value=1)
    credit_memo_id = serializers.IntegerField(min_value=1)
    amount = _decimal(min_value=0)


class FIConvertInputSerializer(serializers.Serializer):
    invoice_date = FIDateField(required=False)
    document_number_scheme_id = serializers.IntegerField(required=False)


class FILoginInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, max_length=256)


class FITokenSerializer(serializers.Serializer):
    token = serializers.CharField()
