"""TimeTap request bodies in: JSON read with Decimal numbers, the invoice and
invoiceItem objects checked (DRF serializers), their fields mapped onto the domain's
service arguments, and the ids they name looked up. Translators only: every write
goes through a service in the views.
"""

import codecs
from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as drf_json

from apps.clients.selectors import client_list
from apps.companies.selectors import company_profile_list
from apps.core.money import ZERO
from apps.invoices.documents import ITEM_FIELDS
from apps.invoices.models import Invoice

from .outputs import DEFAULT_ITEM_TYPE, QUOTE_ID_BASE
from .query import invoices_for
from .renderers import date_from_epoch_ms, epoch_ms
from .statuses import ALL_STATUSES

INVOICE_TYPES = (
    "INVOICE",
    "QUOTE",
    "TRANSFER_IN",
    "TRANSFER_OUT",
)  # transfers are refused on create


class TimeTapJSONParser(JSONParser):
    """JSON bodies with numbers that have a fraction read as Decimal, never float, so
    an amount keeps the digits the client sent (`0.1` is 0.1, and 17 significant
    digits are not rounded to 15). Nesting too deep to read is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            return drf_json.load(
                codecs.getreader(encoding)(stream), parse_float=Decimal
            )
        except RecursionError:
            raise ParseError(
                "JSON parse error - the body is nested too deeply."
            ) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None


@extend_schema_field(OpenApiTypes.INT64)
class EpochDateField(serializers.Field):
    """A date as epoch milliseconds (a `YYYY-MM-DD` string is accepted too)."""

    default_error_messages = {
        "invalid": "Send a date as epoch milliseconds, such as 1717200000000."
    }

    def to_internal_value(self, data):
        try:
            return date_from_epoch_ms(data)
        except (ValueError, ArithmeticError, OverflowError, TypeError):
            self.fail("invalid")

    def to_representation(self, value):
        return epoch_ms(value)


def _decimal(**kwargs):
    return serializers.DecimalField(
        max_digits=20, decimal_places=4, coerce_to_string=False, **kwargs
    )


class ClientRefInput(serializers.Serializer):
    class Meta:
        ref_name = "TimeTapClientRefInput"

    clientId = serializers.IntegerField()


class InvoiceItemInput(serializers.Serializer):
    """
    An invoiceItem in a request; read-only fields (amount, taxAmount...) are ignored.
    """

    class Meta:
        ref_name = "TimeTapInvoiceItemInput"

    invoiceItemId = serializers.IntegerField(required=False, allow_null=True)
    description = serializers.CharField(max_length=200, help_text="The line's name.")
    quantity = _decimal(required=False, min_value=ZERO)
    rate = _decimal(required=False, min_value=ZERO, help_text="Unit price.")
    itemType = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=100
    )
    productId = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=64
    )
    taxRate = _decimal(
        required=False,
        min_value=ZERO,
        max_value=100,
        help_text="Tax 1 percent (Remit).",
    )
    tax2Rate = _decimal(
        required=False,
        min_value=ZERO,
        max_value=100,
        help_text="Tax 2 percent (Remit).",
    )


class InvoiceInput(serializers.Serializer):
    """An invoice object in a request; server-computed fields are ignored."""

    class Meta:
        ref_name = "TimeTapInvoiceInput"

    invoiceId = serializers.IntegerField(required=False)
    businessId = serializers.IntegerField(required=False, allow_null=True)
    client = ClientRefInput(required=False)
    invoiceType = serializers.ChoiceField(choices=INVOICE_TYPES, required=False)
    invoiceNumber = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=64
    )
    invoiceDate = EpochDateField(required=False)
    invoiceDueDate = EpochDateField(required=False, allow_null=True)
    currency = serializers.CharField(required=False, allow_null=True, max_length=3)
    comments = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    invoiceItem = InvoiceItemInput(many=True, required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=ALL_STATUSES, required=False, allow_null=True
    )
    subStatus = serializers.CharField(required=False, allow_null=True, allow_blank=True)

    def validate(self, attrs):
        # TimeTap clients send back whole objects: a null means "not given".
        return {key: value for key, value in attrs.items() if value is not None}


class InvoiceCreateInput(InvoiceInput):
    """`POST invoices`: businessId, client, invoiceDate and invoiceType are required."""

    class Meta:
        ref_name = "TimeTapInvoiceCreateInput"

    businessId = serializers.IntegerField()
    client = ClientRefInput()
    invoiceDate = EpochDateField()
    invoiceType = serializers.ChoiceField(choices=INVOICE_TYPES)


class InvoiceUpdateInput(InvoiceInput):
    """`PUT invoices`: the object with its invoiceId."""

    class Meta:
        ref_name = "TimeTapInvoiceUpdateInput"

    invoiceId = serializers.IntegerField()


def header_fields(data: dict) -> dict:
    """Domain header fields from a validated invoice body (only those given)."""
    mapping = {
        "invoiceDate": "invoice_date",
        "invoiceDueDate": "due_date",
        "invoiceNumber": "number",
        "comments": "notes",
        "currency": "currency",
    }
    return {domain: data[name] for name, domain in mapping.items() if name in data}


def existing_item_fields(item) -> dict:
    """A stored item as the domain's item fields, to keep what TimeTap cannot carry."""
    values = {
        name: getattr(item, name)
        for name in ITEM_FIELDS
        if not name.endswith("_source")
    }
    for source in ("tax_rate_1_source", "tax_rate_2_source"):
        if getattr(item, f"{source}_id") is not None:
            values[source] = getattr(item, source)
    return values


def item_fields(data: dict, existing: dict | None, *, position: int) -> dict:
    """Domain item fields from a validated invoiceItem, over the stored item it names
    (so what TimeTap cannot carry, such as discounts, is kept)."""
    values = dict(existing) if existing else {"description": ""}
    values["name"] = data["description"]
    values["position"] = position
    mapping = {
        "quantity": "quantity",
        "rate": "unit_price",
        "productId": "product_code",
        "taxRate": "tax_rate",
        "tax2Rate": "tax_rate_2",
    }
    for name, domain in mapping.items():
        if data.get(name) is not None:
            values[domain] = data[name]
    if "itemType" in data:
        item_type = (data["itemType"] or "").strip()
        values["group"] = "" if item_type.upper() == DEFAULT_ITEM_TYPE else item_type
    return values


# ---- Ids named by a request -------------------------------------------------------


def invoice_or_404(user, pk: int, *, include_deleted: bool = False) -> Invoice:
    if pk >= QUOTE_ID_BASE:
        raise ValidationError(
            {
                "invoiceId": (
                    f"{pk} is a quote; "
                    "quotes are read here and changed through /api/v1/quotes."
                )
            }
        )
    invoice = invoices_for(user, include_deleted=include_deleted).filter(pk=pk).first()
    if invoice is None:
        raise NotFound(f"No invoice with id {pk}.")
    return invoice


def client_or_error(user, pk: int, *, field: str | None = None):
    client = client_list(user=user).filter(pk=pk).first()
    if client is None:
        if field:
            raise ValidationError({field: f"No client with id {pk}."})
        raise NotFound(f"No client with id {pk}.")
    return client


def business_or_error(business_id: int | None):
    if business_id is None:
        return None
    profile = company_profile_list().filter(pk=business_id).first()
    if profile is None:
        raise ValidationError({"businessId": f"No business with id {business_id}."})
    return profile


def invoice_changes(user, invoice: Invoice, data: dict) -> dict:
    """The invoice_update() arguments for what the body really changes."""
    changes = {}
    for name, value in header_fields(data).items():
        value = value.upper() if name == "currency" else value
        if not (name == "number" and not value) and getattr(invoice, name) != value:
            changes[name] = value
    if "client" in data and data["client"]["clientId"] != invoice.client_id:
        changes["client"] = client_or_error(
            user, data["client"]["clientId"], field="client.clientId"
        )
    if data.get("businessId") not in (None, invoice.company_profile_id):
        changes["company_profile"] = business_or_error(data["businessId"])
    if "invoiceItem" in data:
        stored = [existing_item_fields(item) for item in invoice.items.all()]
        by_id = {
            item.pk: fields
            for item, fields in zip(invoice.items.all(), stored, strict=True)
        }
        items = [
            item_fields(item, by_id.get(item.get("invoiceItemId")), position=n)
            for n, item in enumerate(data["invoiceItem"], 1)
        ]
        unchanged = len(items) == len(stored) and all(
            {**new, "position": 0} == {**old, "position": 0}
            for new, old in zip(items, stored, strict=False)
        )
        if not unchanged:
            changes["items"] = items
    return changes
