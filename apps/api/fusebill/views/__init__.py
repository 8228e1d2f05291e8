"""Fusebill views: posted invoices (`invoices`), customers and their drafts
(`customers`), draft invoices (`drafts`), payments (`payments`); `base` holds what
they share."""

from .base import FusebillThrottle, FusebillView
from .customers import (
    CustomerDetailView,
    CustomerDraftInvoiceListView,
    CustomerListView,
    CustomerOverviewView,
)
from .drafts import DraftInvoiceDetailView, DraftInvoicePdfView
from .invoices import (
    CustomerInvoiceListView,
    InvoiceCreditAllocationsView,
    InvoiceDetailView,
    InvoiceHtmlView,
    InvoiceListView,
    InvoicePaymentAllocationsView,
    InvoicePdfView,
    InvoiceSummaryListView,
    InvoiceWriteOffView,
)
from .payments import PaymentDetailView

__all__ = [
    "CustomerDetailView",
    "CustomerDraftInvoiceListView",
    "CustomerInvoiceListView",
    "CustomerListView",
    "CustomerOverviewView",
    "DraftInvoiceDetailView",
    "DraftInvoicePdfView",
    "FusebillThrottle",
    "FusebillView",
    "InvoiceCreditAllocationsView",
    "InvoiceDetailView",
    "InvoiceHtmlView",
    "InvoiceListView",
    "InvoicePaymentAllocationsView",
    "InvoicePdfView",
    "InvoiceSummaryListView",
    "InvoiceWriteOffView",
    "PaymentDetailView",
]
