"""FusionInvoice-compatible API, mounted at /api/v1/: `{module}` list, show, store,
update and delete, plus login, email, PDF and convert."""

from django.urls import path, re_path

from . import views

app_name = "fusioninvoice"
urlpatterns = [
    path("login", views.LoginView.as_view(), name="login"),
    path("logout", views.LogoutView.as_view(), name="logout"),
    path("clients", views.ClientListView.as_view(), name="client-list"),
    path("clients/store", views.ClientStoreView.as_view(), name="client-store"),
    path(
        "clients/custom-fields/add",
        views.ClientCustomFieldsView.as_view(),
        name="client-custom-fields",
    ),
    path("clients/<int:pk>", views.ClientDetailView.as_view(), name="client-detail"),
    path("invoices", views.InvoiceListView.as_view(), name="invoice-list"),
    path("invoices/store", views.InvoiceStoreView.as_view(), name="invoice-store"),
    path(
        "invoices/items/add",
        views.InvoiceItemAddView.as_view(),
        name="invoice-item-add",
    ),
    path("invoices/email", views.InvoiceEmailView.as_view(), name="invoice-email"),
    path(
        "invoices/custom-fields/add",
        views.InvoiceCustomFieldsView.as_view(),
        name="invoice-custom-fields",
    ),
    path(
        "invoices/apply/credit-memo",
        views.InvoiceApplyCreditMemoView.as_view(),
        name="invoice-credit-memo",
    ),
    path("invoices/<int:pk>", views.InvoiceDetailView.as_view(), name="invoice-detail"),
    path("invoices/<int:pk>/pdf", views.InvoicePdfView.as_view(), name="invoice-pdf"),
    path("quotes", views.QuoteListView.as_view(), name="quote-list"),
    path("quotes/store", views.QuoteStoreView.as_view(), name="quote-store"),
    path("quotes/items/add", views.QuoteItemAddView.as_view(), name="quote-item-add"),
    path("quotes/email", views.QuoteEmailView.as_view(), name="quote-email"),
    path(
        "quotes/custom-fields/add",
        views.QuoteCustomFieldsView.as_view(),
        name="quote-custom-fields",
    ),
    path("quotes/<int:pk>", views.QuoteDetailView.as_view(), name="quote-detail"),
    path("quotes/<int:pk>/pdf", views.QuotePdfView.as_view(), name="quote-pdf"),
    path(
        "quotes/<int:pk>/convert",
        views.QuoteConvertView.as_view(),
        name="quote-convert",
    ),
    path("payments", views.PaymentListView.as_view(), name="payment-list"),
    path("payments/store", views.PaymentStoreView.as_view(), name="payment-store"),
    path(
        "payments/custom-fields/add",
        views.PaymentCustomFieldsView.as_view(),
        name="payment-custom-fields",
    ),
    path("payments/<int:pk>", views.PaymentDetailView.as_view(), name="payment-detail"),
    # Remit's extension: webhook endpoints (Admin credentials only).
    path("webhooks", views.WebhookListView.as_view(), name="webhook-list"),
    path("webhooks/store", views.WebhookStoreView.as_view(), name="webhook-store"),
    path("webhooks/<int:pk>", views.WebhookDetailView.as_view(), name="webhook-detail"),
    path(
        "webhooks/<int:pk>/rotate-secret",
        views.WebhookRotateView.as_view(),
        name="webhook-rotate",
    ),
    # A record path with an id that is not a number:
    # FusionInvoice's 400 "Record not found".
    re_path(
        r"^(?:clients|invoices|quotes|payments|webhooks)/[^/]+"
        r"(?:/pdf|/convert|/rotate-secret)?/?$",
        views.RecordNotFoundView.as_view(),
        name="record-not-found",
    ),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
