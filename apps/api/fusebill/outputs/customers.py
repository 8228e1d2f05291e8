"""Remit's clients as Fusebill customers: the snapshot on invoices (`customer`), the
customer resource (`customer_full`) and its overview (`customer_overview`)."""

from apps.core.money import ZERO

from ..renderers import timestamp
from ..statuses import CUSTOMER_ACCOUNT_STATUS, customer_status
from .common import Options


def customer(client, options: Options) -> dict:
    return {
        "firstName": client.first_name or None,
        "middleName": None,
        "lastName": client.last_name or None,
        "companyName": client.name or None,
        "suffix": None,
        "primaryEmail": client.email or None,
        "primaryPhone": client.phone or None,
        "secondaryEmail": None,
        "secondaryPhone": client.mobile or None,
        "title": "",
        "reference": client.reference or None,
        "status": customer_status(client),
        "customerAccountStatus": CUSTOMER_ACCOUNT_STATUS,
        "currency": client.currency,
        "customerReference": None,
        "customerAcquisition": None,
        "monthlyRecurringRevenue": ZERO,
        "netMonthlyRecurringRevenue": ZERO,
        "salesforceId": None,
        "salesforceAccountType": None,
        "salesforceSynchStatus": None,
        "netsuiteId": None,
        "netsuiteCustomerType": None,
        "portalUserName": None,
        "parentId": None,
        "quickBooksLatchType": None,
        "quickBooksId": None,
        "quickBooksSyncToken": None,
        "id": client.id,
        "uri": f"{options.base_uri}customers/{client.id}",
    }


def address(client) -> dict | None:
    if not (client.address_line_1 or client.city or client.postal_code):
        return None
    return {
        "companyName": client.name or None,
        "line1": client.address_line_1 or None,
        "line2": client.address_line_2 or None,
        "city": client.city or None,
        "state": client.state or None,
        "country": client.country or None,
        "postalZip": client.postal_code or None,
        "addressType": "Billing",
        "id": 0,
        "uri": None,
    }


def customer_full(client, options: Options) -> dict:
    """`GET customers/{id}`: the snapshot's fields plus the customer's own."""
    return {
        **customer(client, options),
        "createdTimestamp": timestamp(client.created_at),
        "modifiedTimestamp": timestamp(client.updated_at),
        "effectiveTimestamp": timestamp(client.created_at),
        "nextBillingDate": None,
        "companyTaxId": client.vat_tax_id or None,
        "notes": client.notes or None,
        "billingAddress": address(client),
    }


def customer_overview(client, options: Options, *, amounts: dict | None) -> dict:
    """`GET customers/{id}/overview`: the customer in short and its balances in its
    own currency (`amounts` from `client_amounts_by_currency`; None when it has no
    invoice in that currency). Every Remit payment is applied to an invoice, so
    nothing is ever unallocated."""
    data = customer(client, options)
    return {
        "title": data["title"],
        "firstName": data["firstName"],
        "middleName": data["middleName"],
        "lastName": data["lastName"],
        "suffix": data["suffix"],
        "primaryEmail": data["primaryEmail"],
        "primaryPhone": data["primaryPhone"],
        "companyName": data["companyName"],
        "reference": data["reference"],
        "createdTimestamp": timestamp(client.created_at),
        "status": data["status"],
        "customerAccountStatus": data["customerAccountStatus"],
        "currency": client.currency,
        "arBalance": amounts["balance"] if amounts else ZERO,
        "totalPayments": amounts["paid"] if amounts else ZERO,
        "totalInvoiced": amounts["invoiced"] if amounts else ZERO,
        "unallocatedPayments": ZERO,
        "id": client.id,
        "uri": data["uri"],
    }
