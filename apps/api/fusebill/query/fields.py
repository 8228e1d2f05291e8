"""The names each Fusebill endpoint filters and sorts on, mapped onto the domain."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from ..statuses import (
    CLIENT_STATUSES,
    CUSTOMER_ACCOUNT_STATUSES,
    CUSTOMER_STATUSES,
    DRAFT_STATUSES,
    NOTHING,
    invoice_statuses,
)
from .grammar import Field

CLIENT_ACCOUNT_STATUSES = CUSTOMER_ACCOUNT_STATUSES  # Good for every client
UNSETTLED = {"true": NOTHING, "false": Q()}  # no payment is ever left pending

CUSTOMER_INVOICE_FIELDS: dict[str, Field] = {
    "id": Field("id", "id"),
    "createdTimestamp": Field("datetime", "created_at"),
    "postedTimestamp": Field("datetime", "sent_at"),
    "effectiveTimestamp": Field("date", "invoice_date"),
    "modifiedTimestamp": Field("datetime", "updated_at"),
    "closingArBalance": Field("decimal", "closing_ar_balance"),
    "openingArBalance": Field("decimal", "opening_ar_balance"),
    "invoiceNumber": Field("id", "sequence"),
    "totalInstallments": Field(
        "integer", constant=1
    ),  # one payment schedule per invoice
    "quickBooksId": Field("integer"),
    "poNumber": Field("string", "po_number"),
    "salesforceID": Field("string"),
    "netsuiteId": Field("string"),
}

INVOICE_FIELDS: dict[str, Field] = {
    **CUSTOMER_INVOICE_FIELDS,
    "customerId": Field("id", "client_id"),
    "Customer.Status": Field(
        "enum",
        choices=CUSTOMER_STATUSES,
        sort="client__is_active",
    ),
    "Customer.AccountStatus": Field("enum", choices=CUSTOMER_ACCOUNT_STATUSES),
    "Customer.Arbalance": Field("decimal", "client_ar_balance"),
    "Customer.CurrentMrr": Field("decimal", constant=Decimal(0)),
    "Customer.CurrentNetMrr": Field("decimal", constant=Decimal(0)),
    "Customer.MonthlyRecurringRevenue": Field("decimal", constant=Decimal(0)),
    "Customer.NetMRR": Field("decimal", constant=Decimal(0)),
    "Customer.CreatedTimestamp": Field("datetime", "client__created_at"),
    "Customer.ModifiedTimestamp": Field("datetime", "client__updated_at"),
    "Customer.ParentId": Field("integer"),
    "Customer.CustomerReference.Reference1": Field("string", "client__reference"),
    "Customer.CustomerReference.Reference2": Field("string"),
    "Customer.CustomerReference.Reference3": Field("string"),
}


def summary_fields(*, today: dt.date) -> dict[str, Field]:
    """`GET invoiceSummaries`: the invoice names plus the summary's own, with
    `invoiceStatus` over `statuses.invoice_statuses` (today decides Overdue)."""
    return {
        **INVOICE_FIELDS,
        "companyName": Field("string", "client__name"),
        "firstName": Field("string", "client__first_name"),
        "middleName": Field("string"),
        "lastName": Field("string", "client__last_name"),
        "reference": Field("string", "client__reference"),
        "currency": Field("string", "currency"),
        "dueDate": Field("date", "due_date"),
        "invoiceAmount": Field("decimal", "total"),
        "outstandingBalance": Field("decimal", "balance"),
        "sumOfCharges": Field("decimal", "subtotal"),
        "totalCreditNotes": Field("decimal", "credit_memo_total"),
        "writeoffs": Field("decimal", "written_off"),
        "unsettled": Field("enum", choices=UNSETTLED),
        "avalaraId": Field("integer"),
        "invoiceStatus": Field("enum", choices=invoice_statuses(today), sort="status"),
    }


# Customers: Fusebill's customer list names, over Remit's clients.
CUSTOMER_FIELDS: dict[str, Field] = {
    "id": Field("id", "id"),
    "firstName": Field("string", "first_name"),
    "middleName": Field("string"),
    "lastName": Field("string", "last_name"),
    "companyName": Field("string", "name"),
    "primaryEmail": Field("string", "email"),
    "primaryPhone": Field("string", "phone"),
    "secondaryPhone": Field("string", "mobile"),
    "reference": Field("string", "reference"),
    "currency": Field("string", "currency"),
    "status": Field("enum", choices=CLIENT_STATUSES, sort="is_active"),
    "accountStatus": Field("enum", choices=CLIENT_ACCOUNT_STATUSES),
    "createdTimestamp": Field("datetime", "created_at"),
    "modifiedTimestamp": Field("datetime", "updated_at"),
    "parentId": Field("integer"),
    "quickBooksId": Field("integer"),
    "salesforceId": Field("string"),
    "netsuiteId": Field("string"),
}

# A customer's draft invoices.
DRAFT_FIELDS: dict[str, Field] = {
    "id": Field("id", "id"),
    "status": Field("enum", choices=DRAFT_STATUSES),
    "createdDate": Field("datetime", "created_at"),
    "modifiedTimestamp": Field("datetime", "updated_at"),
    "effectiveDate": Field("date", "invoice_date"),
    "pendingCharges": Field("decimal", "total"),
    "firstName": Field("string", "client__first_name"),
    "lastName": Field("string", "client__last_name"),
    "poNumber": Field("string", "po_number"),
}
