"""The names each Fusebill endpoint filters and sorts on, mapped onto the domain."""

from decimal import Decimal

from ..statuses import CUSTOMER_ACCOUNT_STATUSES, CUSTOMER_STATUSES
from .grammar import Field

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
