"""TimeTap shapes out: the invoice, invoiceItem and client objects. Translators
only: every value comes from a domain field (request bodies are read in `inputs`).

Field mapping (domain -> TimeTap) worth knowing:
* item `name` is TimeTap's `description` (TimeTap items have no separate name);
  `group` is `itemType` ("CHARGE" when empty); `product_code` is `productId`.
* `chargeDate` is the due date: the day the invoice is to be charged. The
  chargeStartDate / chargeEndDate filters use it too.
* `businessId` and `billingLocationId` are the invoice's company profile id.
* Items are taxed through `taxRate` / `tax2Rate` (percent; Remit's extension);
  `taxable` is read-only and says whether a rate applies.
"""

from django.utils.functional import cached_property

from apps.companies.selectors import company_profile_get_default
from apps.core.models import CustomField
from apps.core.money import ZERO, money

from .renderers import epoch_ms
from .statuses import client_status, last_status_ms, sub_status

DEFAULT_ITEM_TYPE = "CHARGE"


class OutputContext:
    """What several objects in one answer share, looked up once per request."""

    @cached_property
    def client_field_labels(self) -> dict[str, str]:
        return dict(
            CustomField.objects.filter(module=CustomField.Module.CLIENTS).values_list(
                "column_name", "label"
            )
        )

    @cached_property
    def default_business_id(self) -> int | None:
        profile = company_profile_get_default()
        return profile.pk if profile else None


def _user_name(user) -> str:
    return user.email if user is not None else "api"


def client_data(client, ctx: OutputContext) -> dict:
    labels = ctx.client_field_labels
    return {
        "clientId": client.pk,
        "businessId": ctx.default_business_id,
        "firstName": client.first_name,
        "lastName": client.last_name,
        "fullName": client.contact_name or client.name,
        "emailAddress": client.email,
        "cellPhone": client.mobile,
        "homePhone": client.phone,
        "companyName": client.name,
        "address1": client.address_line_1,
        "address2": client.address_line_2,
        "city": client.city,
        "state": client.state,
        "zip": client.postal_code,
        "country": client.country,
        "timeZone": client.timezone,
        "status": client_status(client),
        "externalUserName": client.reference or None,
        "createdDate": epoch_ms(client.created_at),
        "modifiedDate": epoch_ms(client.updated_at),
        "fields": [
            {"fieldName": column, "label": labels.get(column, column), "value": value}
            for column, value in sorted((client.custom or {}).items())
        ],
    }


def item_data(item, document, *, business_id: int) -> dict:
    currency = document.currency
    return {
        "invoiceItemId": item.pk,
        "invoiceId": document.pk,
        "businessId": business_id,
        "clientId": document.client_id,
        "itemType": item.group or DEFAULT_ITEM_TYPE,
        "calendarId": None,
        "recurringAppointmentId": None,
        "productId": item.product_code or None,
        "description": item.name,
        "quantity": item.quantity,
        "rate": money(item.unit_price, currency),
        "amount": money(item.subtotal, currency),
        "taxable": bool(item.tax_rate or item.tax_rate_2),
        "taxRate": item.tax_rate,
        "tax2Rate": item.tax_rate_2,
        "taxAmount": money(item.tax_1, currency),
        "tax2Amount": money(item.tax_2, currency),
        "createdDate": epoch_ms(document.created_at),
        "modifiedDate": epoch_ms(document.updated_at),
    }


def _amounts(document, **values) -> dict:
    return {key: money(value, document.currency) for key, value in values.items()}


def invoice_data(invoice, ctx: OutputContext) -> dict:
    """An invoice read through `query.invoices_for()` (status annotated, items
    prefetched)."""
    status = invoice.tt_status
    items = list(invoice.items.all())
    business_id = invoice.company_profile_id
    return {
        "invoiceId": invoice.pk,
        "businessId": business_id,
        "invoiceNumber": invoice.number,
        "invoiceHash": invoice.public_hash,
        "invoiceType": "INVOICE",
        "status": status,
        "subStatus": sub_status(invoice, status),
        "lastStatusDate": last_status_ms(invoice, status),
        "invoiceDate": epoch_ms(invoice.invoice_date),
        "invoiceDueDate": epoch_ms(invoice.due_date),
        "chargeDate": epoch_ms(invoice.due_date),
        "paidOnDate": epoch_ms(invoice.paid_at),
        "createdDate": epoch_ms(invoice.created_at),
        "createdUser": _user_name(invoice.created_by),
        "modifiedUser": _user_name(invoice.updated_by),
        "currency": invoice.currency,
        **_amounts(
            invoice,
            subtotalAmount=invoice.subtotal,
            taxAmount=sum((i.tax_1 for i in items), ZERO),
            tax2Amount=sum((i.tax_2 for i in items), ZERO),
            tipAmount=invoice.tip_total,
            transactionFeeAmount=ZERO,
            depositAmount=ZERO,
            paidAmount=invoice.amount_paid,
            writeOffAmount=invoice.written_off,
            balanceAmount=invoice.balance,
        ),
        "totalAmount": money(invoice.total, invoice.currency),
        "preAuthPayment": False,
        "billingLocationId": business_id,
        "billingStaffId": None,
        "location": None,
        "staff": None,
        "client": client_data(invoice.client, ctx),
        "invoiceItem": [
            item_data(item, invoice, business_id=business_id) for item in items
        ],
        "comments": invoice.notes,
        "active": invoice.deleted_at is None,
    }


# TimeTap has one id space for invoices and quotes; Remit's quotes have ids of their
# own. A quote is shown as QUOTE_ID_BASE + its id, so `GET invoices/{id}` never
# mistakes one for an invoice (a small business never has a billion invoices).
QUOTE_ID_BASE = 1_000_000_000


def quote_data(quote, ctx: OutputContext) -> dict:
    """A quote (`POST invoices/client/{id}?invoiceType=QUOTE`) in the invoice shape."""
    items = list(quote.items.all())
    business_id = quote.company_profile_id
    return {
        "invoiceId": QUOTE_ID_BASE + quote.pk,
        "businessId": business_id,
        "invoiceNumber": quote.number,
        "invoiceHash": quote.public_hash,
        "invoiceType": "QUOTE",
        "status": "OPEN",
        "subStatus": "No Payment",
        "lastStatusDate": epoch_ms(quote.created_at),
        "invoiceDate": epoch_ms(quote.quote_date),
        "invoiceDueDate": epoch_ms(quote.expires_at),
        "chargeDate": None,
        "paidOnDate": None,
        "createdDate": epoch_ms(quote.created_at),
        "createdUser": _user_name(quote.created_by),
        "modifiedUser": _user_name(quote.updated_by),
        "currency": quote.currency,
        **_amounts(
            quote,
            subtotalAmount=quote.subtotal,
            taxAmount=sum((i.tax_1 for i in items), ZERO),
            tax2Amount=sum((i.tax_2 for i in items), ZERO),
            tipAmount=ZERO,
            transactionFeeAmount=ZERO,
            depositAmount=ZERO,
            paidAmount=ZERO,
            writeOffAmount=ZERO,
            balanceAmount=quote.total,
        ),
        "totalAmount": money(quote.total, quote.currency),
        "preAuthPayment": False,
        "billingLocationId": business_id,
        "billingStaffId": None,
        "location": None,
        "staff": None,
        "client": client_data(quote.client, ctx),
        "invoiceItem": [
            item_data(item, quote, business_id=business_id) for item in items
        ],
        "comments": quote.notes,
        "active": quote.deleted_at is None,
    }
