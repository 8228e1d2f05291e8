"""FluidPay views: the invoice endpoints (`invoices`) and the charge (`pay`)."""

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

__all__ = [
    "InvoiceCreateView",
    "InvoiceDetailView",
    "InvoiceMarkPaidView",
    "InvoicePayView",
    "InvoiceReactivateView",
    "InvoiceResendView",
    "InvoiceSearchView",
    "trailing_slash_view",
]
