"""FluidPay views: the invoice endpoints (`invoices`), the charge (`pay`) and
the transactions (`transactions`)."""

from .invoices import (
    InvoiceCreateView,
    InvoiceDetailView,
    InvoiceMarkPaidView,
    InvoiceReactivateView,
    InvoiceResendView,
    InvoiceSearchView,
    trailing_slash_view,
)
from .pay import InvoicePayView
from .transactions import TransactionDetailView, TransactionSearchView

__all__ = [
    "InvoiceCreateView",
    "InvoiceDetailView",
    "InvoiceMarkPaidView",
    "InvoicePayView",
    "InvoiceReactivateView",
    "InvoiceResendView",
    "InvoiceSearchView",
    "TransactionDetailView",
    "TransactionSearchView",
    "trailing_slash_view",
]
