"""Invoices as Fusebill's other document objects: invoice summaries
(`GET invoiceSummaries`), draft invoice summaries (`GET customers/{id}/DraftInvoices`)
and draft invoices (`GET draftinvoices/{id}`). Amounts are the stored results of
`calculations.py`, as on the invoice object."""

from apps.invoices import calculations
from apps.invoices.models import Invoice

from ..renderers import timestamp
from ..statuses import DRAFT_STATUS, invoice_status
from .common import Options
from .customers import customer
from .invoices import charge_groups, charges, taxes, terms


def invoice_summary(inv: Invoice, options: Options) -> dict:
    """An invoice summary; `inv` carries `credit_memo_total`."""
    client = inv.client
    return {
        "invoiceNumber": inv.sequence,
        "customerId": client.id,
        "companyName": client.name or None,
        "firstName": client.first_name or None,
        "middleName": None,
        "lastName": client.last_name or None,
        "reference": client.reference or None,
        "currency": inv.currency,
        "effectiveTimestamp": timestamp(inv.invoice_date),
        "postedTimestamp": timestamp(inv.sent_at),
        "modifiedTimestamp": timestamp(inv.updated_at),
        "dueDate": timestamp(inv.due_date),
        "invoiceAmount": inv.total,
        "sumOfCharges": inv.subtotal,
        "totalPayments": calculations.paid_net_of_credit_memos(
            amount_paid=inv.amount_paid, credit_memos=inv.credit_memo_total
        ),
        "totalCreditNotes": inv.credit_memo_total,
        "writeoffs": inv.written_off,
        "outstandingBalance": inv.balance,
        "unsettled": False,
        "invoiceStatus": invoice_status(inv, options.today),
        "id": inv.id,
        "uri": f"{options.base_uri}Invoices/{inv.id}",
    }


def draft_summary(draft: Invoice, options: Options) -> dict:
    """A draft invoice without its charges."""
    client = draft.client
    return {
        "customerId": client.id,
        "firstName": client.first_name or None,
        "lastName": client.last_name or None,
        "companyName": client.name or None,
        "currency": draft.currency,
        "status": DRAFT_STATUS,
        "createdDate": timestamp(draft.created_at),
        "effectiveDate": timestamp(draft.invoice_date),
        "modifiedTimestamp": timestamp(draft.updated_at),
        "pendingCharges": draft.total,
        "poNumber": draft.po_number or None,
        "id": draft.id,
        "uri": f"{options.base_uri}draftinvoices/{draft.id}",
    }


def draft_invoice(draft: Invoice, options: Options) -> dict:
    """A draft invoice with its `draftCharges` (or `chargeGroups`)."""
    client = draft.client
    days = (draft.due_date - draft.invoice_date).days
    data = {
        "effectiveTimestamp": timestamp(draft.invoice_date),
        "modifiedTimestamp": timestamp(draft.updated_at),
        "status": DRAFT_STATUS,
        "poNumber": draft.po_number or None,
    }
    if options.group_charges:
        data["chargeGroups"] = charge_groups(draft, options)
    else:
        data["draftCharges"] = charges(draft, options)
    data.update(
        {
            "subtotal": draft.subtotal,
            "totalDiscount": draft.discount_total,
            "total": draft.total,
            "taxes": taxes(draft, options),
            "paymentSchedules": [
                {
                    "dueDateTimestamp": timestamp(draft.due_date),
                    "status": "Pending",
                    "amount": draft.total,
                    "outstandingBalance": draft.balance,
                    "daysDueAfterTerm": 0,
                }
            ],
            "customer": customer(client, options),
            "customerId": client.id,
            "currency": draft.currency,
            "notes": draft.notes or None,
            "shippingInstructions": None,
            "customerReferenceValue": client.reference,
            "terms": terms(days=days, due=draft.due_date),
            "id": draft.id,
            "uri": f"{options.base_uri}draftinvoices/{draft.id}",
        }
    )
    return data
