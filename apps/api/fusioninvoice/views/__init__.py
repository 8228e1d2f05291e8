"""FusionInvoice API views, one module per FusionInvoice module."""

from .auth import LoginView, LogoutView, NotFoundView, RecordNotFoundView
from .clients import (
    ClientCustomFieldsView,
    ClientDetailView,
    ClientListView,
    ClientStoreView,
)
from .invoices import (
    InvoiceApplyCreditMemoView,
    InvoiceCustomFieldsView,
    InvoiceDetailView,
    InvoiceEmailView,
    InvoiceItemAddView,
    InvoiceListView,
    InvoicePdfView,
    InvoiceStoreView,
)
from .payments import (
    PaymentCustomFieldsView,
    PaymentDetailView,
    PaymentListView,
    PaymentStoreView,
)
from .quotes import (
    QuoteConvertView,
    QuoteCustomFieldsView,
    QuoteDetailView,
    QuoteEmailView,
    QuoteItemAddView,
    QuoteListView,
    QuotePdfView,
    QuoteStoreView,
)
from .webhooks import (
    WebhookDetailView,
    WebhookListView,
    WebhookRotateView,
    WebhookStoreView,
)

__all__ = [
    "LoginView",
    "LogoutView",
    "NotFoundView",
    "RecordNotFoundView",
    "ClientCustomFieldsView",
    "ClientDetailView",
    "ClientListView",
    "ClientStoreView",
    "InvoiceApplyCreditMemoView",
    "InvoiceCustomFieldsView",
    "InvoiceDetailView",
    "InvoiceEmailView",
    "InvoiceItemAddView",
    "InvoiceListView",
    "InvoicePdfView",
    "InvoiceStoreView",
    "PaymentCustomFieldsView",
    "PaymentDetailView",
    "PaymentListView",
    "PaymentStoreView",
    "QuoteConvertView",
    "QuoteCustomFieldsView",
    "QuoteDetailView",
    "QuoteEmailView",
    "QuoteItemAddView",
    "QuoteListView",
    "QuotePdfView",
    "QuoteStoreView",
    "WebhookDetailView",
    "WebhookListView",
    "WebhookRotateView",
    "WebhookStoreView",
]
