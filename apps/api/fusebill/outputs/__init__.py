"""Domain objects as Fusebill JSON objects (plain dicts; `renderers` writes them):
invoices (`invoices`), customers (`customers`), summaries and drafts (`documents`),
payments and credits (`payments`). Status words come from `statuses`.
Names Remit has no data for are present with Fusebill's empty values (null, 0, "")
so strict clients still parse."""

from .common import Options, signature
from .customers import customer, customer_full, customer_overview
from .documents import draft_invoice, draft_summary, invoice_summary
from .invoices import invoice, taxes, terms
from .payments import credit_allocation, payment, payment_allocation

__all__ = [
    "Options",
    "credit_allocation",
    "customer",
    "customer_full",
    "customer_overview",
    "draft_invoice",
    "draft_summary",
    "invoice",
    "invoice_summary",
    "payment",
    "payment_allocation",
    "signature",
    "taxes",
    "terms",
]
