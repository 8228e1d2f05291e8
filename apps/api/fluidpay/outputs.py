"""Domain objects as FluidPay JSON: ids as strings, amounts as integer minor units
(cents for USD, yen for JPY), percentages as strings, times RFC 3339 with ms and Z."""

import datetime as dt
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from apps.core.links import public_url
from apps.core.money import from_minor_units, to_minor_units
from apps.invoices import calculations
from apps.payments.models import Payment

from .inputs import fp_extra
from .statuses import invoice_status, transaction_status


def iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC)
    else:  # a date: midnight UTC
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def rate(value) -> str:
    return f"{value:.3f}"


def number(value):
    """A Decimal quantity as a JSON number: an int when whole."""
    # A quantity (at most 4 decimals), not money; json writes its shortest form.
    if value == value.to_integral_value():
        return int(value)
    return float(value)  # float ok: a quantity, not money


_HASH = "0public0hash0"


def hosted_url(invoice, request) -> str:
    """Absolute URL of the hosted page. The route is resolved once per request (a page
    of 100 invoices would otherwise reverse it 100 times)."""
    template = getattr(request, "_fluidpay_hosted_url", None)
    if template is None:
        try:
            path = reverse("public_invoices:detail", kwargs={"public_hash": _HASH})
        except NoReverseMatch:  # the hosted page's route is mounted at /invoice/
            path = f"/invoice/{_HASH}"
        template = public_url(path)  # REMIT_PUBLIC_BASE_URL, not the API host
        request._fluidpay_hosted_url = template
    return template.replace(_HASH, invoice.public_hash)


def client_address(client) -> dict:
    person = client.contact_name
    return {
        "id": str(client.pk),
        "first_name": client.first_name,
        "last_name": client.last_name,
        "company": "" if client.name == person else client.name,
        "address_line_1": client.address_line_1,
        "address_line_2": client.address_line_2,
        "city": client.city,
        "state": client.state,
        "postal_code": client.postal_code,
        "country": client.country,
        "phone": client.phone,
        "fax": client.fax,
        "email": client.email,
    }


def profile_address(profile, echoed: dict | None) -> dict:
    lines = profile.address.splitlines()
    address = {
        "first_name": "",
        "last_name": "",
        "company": profile.name,
        "address_line_1": lines[0] if lines else "",
        "address_line_2": " ".join(lines[1:]),
        "city": profile.city,
        "state": profile.state,
        "postal_code": profile.postal_code,
        "country": profile.country,
        "phone": profile.phone,
        "fax": "",
        "email": profile.email,
    }
    address.update(echoed or {})
    address["id"] = str(profile.pk)
    return address


def item_data(item, currency: str, extra: dict) -> dict:
    cents = lambda value: to_minor_units(value, currency)  # noqa: E731
    split = extra.get("split_tax", False)
    return {
        "id": str(item.pk),
        "status": str(extra.get("status") or "pending"),
        "type": extra.get("type", ""),
        "name": item.name,
        "description": item.description,
        "unit_price": cents(item.unit_price),
        "quantity": number(item.quantity),
        "quantity_shipped": number(Decimal(extra.get("quantity_shipped", "0"))),
        "product_code": item.product_code,
        "commodity_code": extra.get("commodity_code", ""),
        "unit_of_measure": item.unit_of_measure,
        "alternate_tax_identifier": extra.get("alternate_tax_identifier", ""),
        "taxable": bool(extra.get("taxable", item.tax_rate + item.tax_rate_2 > 0)),
        "local_tax_rate": rate(item.tax_rate) if split else "0.000",
        "local_tax": cents(item.tax_1) if split else 0,
        "national_tax_rate": rate(item.tax_rate_2) if split else "0.000",
        "national_tax": cents(item.tax_2) if split else 0,
        "tax_rate": rate(item.tax_rate + item.tax_rate_2),
        "tax_amount": cents(item.tax),
        # the line's own discount; its share of the document's is discount_credited
        "discount_amount": cents(calculations.own_discount(item, currency)),
        "discount_rate": "0.000",
        "freight_amount": int(extra.get("freight_amount", 0)),
        "subtotal": cents(item.subtotal),
        "amount": cents(item.total),
    }


def invoice_data(invoice, request) -> dict:
    """FluidPay's invoice object; reads only the invoice, client, profile and items."""
    currency = invoice.currency
    cents = lambda value: to_minor_units(value, currency)  # noqa: E731
    fp = fp_extra(invoice)
    # A flat tax rides in the adjustment (inputs); shown, it is part of `tax`.
    shown = calculations.flat_tax_shown(
        tax_total=invoice.tax_total,
        adjustment=invoice.adjustment,
        flat=from_minor_units(int(fp.get("flat_tax", 0)), currency),
    )
    item_extras = fp.get("items") or {}
    items = [
        item_data(item, currency, item_extras.get(str(item.position), {}))
        for item in invoice.items.all()
    ]
    credited = calculations.document_discount(
        invoice.items.all(),
        currency=currency,
        adjustments=calculations.DocumentAdjustments(
            discount_type=invoice.discount_type,
            discount_value=invoice.discount_value,
        ),
    )
    date_due = fp.get("date_due")
    if not date_due or dt.datetime.fromisoformat(date_due).date() != invoice.due_date:
        date_due = invoice.due_date
    else:
        date_due = dt.datetime.fromisoformat(date_due)
    last_sent = max(
        (t for t in (invoice.sent_at, invoice.emailed_at) if t), default=None
    )
    return {
        "id": str(invoice.pk),
        "merchant_id": str(invoice.company_profile_id),
        "customer_id": str(invoice.client_id),
        "currency": currency,
        "company_name": fp.get("company_name", invoice.company_profile.name),
        "company_logo_url": fp.get("company_logo_url", ""),
        "customer_number": fp.get("customer_number", invoice.client.reference),
        "invoice_number": invoice.number,
        "payable_to": profile_address(invoice.company_profile, fp.get("payable_to")),
        "bill_to": client_address(invoice.client),
        "created_at": iso(invoice.created_at),
        "updated_at": iso(invoice.updated_at),
        "last_sent_at": iso(last_sent),
        "date_due": iso(date_due),
        "items": items,
        "advanced_fields": bool(fp.get("advanced_fields", False)),
        "enable_tax": bool(fp.get("enable_tax", invoice.tax_percent > 0)),
        "enable_shipping": bool(fp.get("enable_shipping", invoice.shipping > 0)),
        "require_shipping_details": bool(fp.get("require_shipping_details", False)),
        "require_billing_details_on_payment_only": bool(
            fp.get("require_billing_details_on_payment_only", False)
        ),
        "allow_partial_payment": invoice.allow_partial_payment,
        "subtotal": cents(invoice.subtotal),
        "tax_percent": rate(invoice.tax_percent),
        "tax": cents(shown.tax),
        "shipping": cents(invoice.shipping),
        "total": cents(invoice.total),
        "amount_paid": cents(invoice.amount_paid),
        "tip_amount": cents(invoice.tip_total),
        "service_fees_paid": 0,
        "surcharge_paid": 0,
        "discount_credited": cents(credited),
        "adjustment": cents(shown.adjustment),
        "amount_due": cents(invoice.balance),
        "transaction_type": "sale",
        "payment_methods": list(invoice.payment_methods or []),
        "card_processor_id": fp.get("card_processor_id", ""),
        "ach_processor_id": fp.get("ach_processor_id", ""),
        "status": invoice_status(invoice),
        "message": invoice.message,
        "reject_message": "void" if invoice.status == invoice.Status.VOID else "",
        "send_via": fp.get("send_via", "none"),
        "email_to": fp.get("email_to", invoice.client.email),
        "save_customer_vault": fp.get("save_customer_vault", "none"),
        "public_hash": invoice.public_hash,
        "public_url": invoice.public_hash,
        "hosted_url": hosted_url(invoice, request),
        "settings": {"allow_tipping": invoice.allow_tipping},
    }


def order_id(invoice) -> str:
    """The transaction's order_id and po_number: the invoice_number the caller set
    through FluidPay, else the invoice id (the vendor's linkage rule)."""
    if invoice.number and fp_extra(invoice).get("invoice_number") == invoice.number:
        return invoice.number
    return str(invoice.pk)


def transaction_data(payment: Payment, invoice, *, idempotency_key: str = "") -> dict:
    """FluidPay's transaction object for a payment attempt on `invoice`."""
    currency = payment.currency
    cents = lambda value: to_minor_units(value, currency)  # noqa: E731
    status, response = transaction_status(payment)
    approved = payment.status == Payment.Status.SUCCEEDED
    charged = cents(payment.amount) + cents(payment.tip)
    linkage = order_id(invoice)
    code = (
        payment.response_code
        if payment.response_code is not None
        else (100 if approved else 300)
    )
    body_common = {
        "id": str(payment.pk),
        "response": response,
        "response_code": code,
        "processor_response_text": payment.response_text,
        "processor_transaction_id": payment.transaction_id,
        "processor_type": payment.gateway,
        "processor_id": payment.gateway,
        "auth_code": payment.transaction_id[-6:].upper() if approved else "",
        "created_at": iso(payment.created_at),
        "updated_at": iso(payment.updated_at),
    }
    if payment.method == Payment.Method.ACH:
        body = {
            "ach": {
                **body_common,
                "sec_code": "web",
                "account_type": "",
                "masked_account_number": f"****{payment.account_last4}",
                "routing_number": "",
            }
        }
    elif payment.method == Payment.Method.CARD:
        body = {
            "card": {
                **body_common,
                "card_type": payment.card_brand,
                "first_six": "",
                "last_four": payment.card_last4,
                "masked_card": f"************{payment.card_last4}",
                "expiration_date": "",
            }
        }
    else:
        body = {}
    return {
        "id": payment.transaction_id or str(payment.pk),
        "type": "sale",
        "amount": charged,
        "base_amount": cents(payment.amount),
        "amount_authorized": charged if approved else 0,
        "amount_captured": charged if approved else 0,
        "amount_settled": 0,
        "amount_refunded": charged if payment.status == Payment.Status.REFUNDED else 0,
        "tip_amount": cents(payment.tip),
        "tax_amount": 0,
        "shipping_amount": 0,
        "surcharge": 0,
        "discount_amount": 0,
        "currency": currency,
        "description": f"Invoice {invoice.number}",
        "order_id": linkage,
        "po_number": linkage,
        "payment_method": payment.method,
        "payment_type": payment.method,
        "processor_id": payment.gateway,
        "customer_id": str(invoice.client_id),
        "merchant_id": str(invoice.company_profile_id),
        "invoice_id": str(invoice.pk),
        "idempotency_key": idempotency_key,
        "status": status,
        "response": response,
        "response_code": code,
        "response_body": body,
        "created_at": iso(payment.created_at),
        "updated_at": iso(payment.updated_at),
    }
