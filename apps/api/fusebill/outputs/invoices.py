"""Domain objects as Fusebill JSON objects (plain dicts; `renderers` writes them).
Status words come from `statuses`.

Invoice fields follow Fusebill's invoice object; names Remit has no data for are
present with Fusebill's empty values (null, 0, "") so strict clients still parse.
"""

import datetime as dt
from decimal import Decimal

from apps.core.money import ZERO
from apps.invoices import calculations
from apps.invoices.models import Invoice

from ..renderers import timestamp
from ..statuses import invoice_status
from .common import Options
from .customers import address, customer

TERMS_DAYS = (0, 5, 7, 10, 15, 21, 30, 45, 60, 75, 90)
DEFAULT_GROUP = "Charges"


def terms(*, days: int, due: dt.date) -> str:
    """`NetN` when the gap is one of Fusebill's values, else the due date's
    `DayOfMonthN` (Fusebill's other family of terms)."""
    return f"Net{days}" if days in TERMS_DAYS else f"DayOfMonth{due.day}"


def _discounts(item, invoice: Invoice) -> list[dict]:
    if item.discount_amount <= ZERO:
        return []
    own = bool(item.discount_type)
    kind = item.discount_type if own else invoice.discount_type
    return [
        {
            "configuredDiscountAmount": item.discount_value
            if own
            else invoice.discount_value,
            "amount": item.discount_amount,
            "discountType": "Percentage" if kind == "percent" else "Amount",
            "quantity": item.quantity,
        }
    ]


def charge(item, invoice: Invoice, options: Options) -> dict:
    effective = timestamp(invoice.invoice_date)
    data = {
        "quantity": item.quantity,
        "unitPrice": item.unit_price,
        "amount": item.subtotal,  # before discounts, as Fusebill's charge amount
        "name": item.name,
        "description": item.description or None,
        "glCode": item.product_code,
        "effectiveTimestamp": effective,
        "proratedUnitPrice": None,
        "startServiceDate": effective,
        "endServiceDate": effective,
        "rangeQuantity": None,
        "isReversable": invoice.status != Invoice.Status.VOID,
        "discount": None,
        "discounts": _discounts(item, invoice),
        "subscriptionProduct": None,
        "purchase": None,
        "chargeTiers": [],  # Remit prices flat: no tiers
        "netsuiteChargeItem": "",
        "id": item.id,
        "uri": None,
    }
    if options.show_tracked_items:
        data["trackedItems"] = []  # Remit does not track serialised items
    return data


def charges(invoice: Invoice, options: Options) -> list:
    return [
        charge(item, invoice, options)
        for item in invoice.items.all()
        if options.show_zero_dollar_charges or item.subtotal != ZERO
    ]


def charge_groups(invoice: Invoice, options: Options) -> list[dict]:
    groups: dict[str, list] = {}
    for item in invoice.items.all():
        if options.show_zero_dollar_charges or item.subtotal != ZERO:
            groups.setdefault(item.group or DEFAULT_GROUP, []).append(
                charge(item, invoice, options)
            )
    return [
        {
            "name": name,
            "description": "",
            "reference": None,
            "subscriptionId": None,
            "charges": charges,
        }
        for name, charges in groups.items()
    ]


def taxes(invoice: Invoice, options: Options) -> list[dict]:
    """One entry per (tax name, rate): item taxes, then the document tax."""
    found: dict[tuple, dict] = {}

    def add(name: str, percent: Decimal, amount: Decimal, rule_id) -> None:
        if amount == ZERO:
            return
        entry = found.setdefault(
            (name, percent),
            {
                "name": name,
                "description": name,
                "percentage": percent,
                "amount": ZERO,
                "registrationCode": "",
                "taxRuleId": rule_id,
            },
        )
        entry["amount"] += amount

    for item in invoice.items.all():
        for amount, percent, source_id in (
            (item.tax_1, item.tax_rate, item.tax_rate_1_source_id),
            (item.tax_2, item.tax_rate_2, item.tax_rate_2_source_id),
        ):
            source = options.tax_rates.get(source_id)
            add(source.name if source else "Tax", percent, amount, source_id)
    document_tax = calculations.document_tax(
        subtotal=invoice.subtotal,
        discount=invoice.discount_total,
        tax_percent=invoice.tax_percent,
        currency=invoice.currency,
    )
    add("Tax", invoice.tax_percent, document_tax, None)
    return list(found.values())


def invoice(inv: Invoice, options: Options) -> dict:
    """A Fusebill invoice. `inv` carries its prefetched items and `credit_memo_total`
    (`payment_credit_memo_totals_annotate`); its AR balances are in `options`."""
    client, profile = inv.client, inv.company_profile
    days = (inv.due_date - inv.invoice_date).days
    status = invoice_status(inv, options.today)
    overdue_days = (options.today - inv.due_date).days if status == "Overdue" else 0
    opening, closing = options.ar_balances[inv.id]
    data = {
        "invoiceNumber": inv.sequence,
        "invoiceSignature": options.signature(profile),
        "poNumber": inv.po_number or None,
        "effectiveTimestamp": timestamp(inv.invoice_date),
        "postedTimestamp": timestamp(inv.sent_at),
        "modifiedTimestamp": timestamp(inv.updated_at),
    }
    if options.include_charges:
        if options.group_charges:
            data["chargeGroups"] = charge_groups(inv, options)
        else:
            data["charges"] = charges(inv, options)
    data.update(
        {
            "subtotal": inv.subtotal,
            "invoiceAmount": inv.total,
            "totalPayments": calculations.paid_net_of_credit_memos(
                amount_paid=inv.amount_paid, credit_memos=inv.credit_memo_total
            ),
            "unsettled": False,
            "outstandingBalance": inv.balance,
            "terms": terms(days=days, due=inv.due_date),
            "defaultTerms": terms(days=profile.payment_terms_days, due=inv.due_date),
            "isDefaultTerms": days == profile.payment_terms_days,
            "customerId": client.id,
            "invoiceCustomer": customer(client, options),
            "invoiceCustomerAddressPreference": {
                "contactName": client.contact_name or None,
                "shippingInstructions": None,
                "useBillingAddressAsShippingAddress": True,
                "billingAddress": address(client),
                "shippingAddress": None,
                "id": 0,
                "uri": None,
            },
            "sumOfCreditNotes": inv.credit_memo_total,
            "totalWriteoffs": inv.written_off,
            "taxes": taxes(inv, options),
            "totalDiscount": inv.discount_total,
            "paymentSchedules": [
                {
                    "dueDateTimestamp": timestamp(inv.due_date),
                    "status": status,
                    "amount": inv.total,
                    "outstandingBalance": inv.balance,
                    "daysDueAfterTerm": overdue_days,
                }
            ],
            "notes": inv.notes or None,
            "customerReferenceValue": client.reference,
            "openingArBalance": opening,
            "closingArBalance": closing,
            "invoiceInMemoryOnly": False,
            "id": inv.id,
            "uri": f"{options.base_uri}Invoices/{inv.id}",
        }
    )
    return data
