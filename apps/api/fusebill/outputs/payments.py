"""Payments as Fusebill payment allocations, payments and credit allocations."""

from apps.core.money import ZERO

from ..renderers import timestamp
from .common import Options

_METHODS = {
    "card": "CreditCard",
    "ach": "ACH",
    "mail": "Check",
    "check": "Check",
    "cash": "Cash",
    "credit_memo": "Credit",
    "other": "Other",
}


def payment_allocation(payment, options: Options) -> dict:
    return {
        "paymentId": payment.id,
        "amount": payment.amount,
        "currency": payment.currency,
        "effectiveTimestamp": timestamp(payment.paid_at),
        "createdTimestamp": timestamp(payment.created_at),
        "reference": payment.reference or None,
        "paymentMethodType": _METHODS.get(payment.method, "Other"),
        "invoiceId": payment.invoice_id,
        "id": payment.id,
        "uri": f"{options.base_uri}Payments/{payment.id}",
    }


def payment(payment, options: Options) -> dict:
    """`GET Payments/{id}`: money received, all of it applied to one invoice."""
    invoice = payment.invoice
    return {
        "customerId": payment.client_id,
        "amount": payment.amount,
        "currency": payment.currency,
        "effectiveTimestamp": timestamp(payment.paid_at),
        "createdTimestamp": timestamp(payment.created_at),
        "reference": payment.reference or None,
        "description": payment.note or None,
        "source": "Manual" if payment.source == "staff" else "Automatic",
        "paymentMethodType": _METHODS.get(payment.method, "Other"),
        "paymentAllocations": [
            {
                "invoiceId": invoice.id,
                "invoiceNumber": invoice.sequence,
                "amount": payment.amount,
                "outstandingBalance": invoice.balance,
                "uri": f"{options.base_uri}Invoices/{invoice.id}",
            }
        ],
        "unallocatedAmount": ZERO,
        "id": payment.id,
        "uri": f"{options.base_uri}Payments/{payment.id}",
    }


def credit_allocation(payment) -> dict:
    """A credit memo applied to an invoice (`creditAllocations`). Remit serves no
    credit-note resource in this dialect, so `uri` is null."""
    return {
        "creditId": payment.credit_memo_id,
        "amount": payment.amount,
        "currency": payment.currency,
        "effectiveTimestamp": timestamp(payment.paid_at),
        "createdTimestamp": timestamp(payment.created_at),
        "reference": payment.reference or None,
        "invoiceId": payment.invoice_id,
        "id": payment.id,
        "uri": None,
    }
