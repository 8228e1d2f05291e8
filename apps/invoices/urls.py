from django.urls import path

from . import correction_views, views

app_name = "invoices"
urlpatterns = [
    path("", views.InvoiceListView.as_view(), name="list"),
    path("new/", views.InvoiceCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InvoiceDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InvoiceUpdateView.as_view(), name="update"),
    path("<int:pk>/send/", views.InvoiceSendView.as_view(), name="send"),
    path("<int:pk>/void/", views.InvoiceVoidView.as_view(), name="void"),
    path("<int:pk>/reopen/", views.InvoiceReopenView.as_view(), name="reopen"),
    path("<int:pk>/email/", views.InvoiceEmailView.as_view(), name="email"),
    path("<int:pk>/pdf/", views.InvoicePdfView.as_view(), name="pdf"),
    path("<int:pk>/delete/", views.InvoiceDeleteView.as_view(), name="delete"),
    path(
        "<int:pk>/credit/",
        correction_views.CreditNoteCreateView.as_view(),
        name="credit",
    ),
    path(
        "<int:pk>/refund-credit/",
        correction_views.CreditNoteRefundView.as_view(),
        name="refund-credit",
    ),
    path(
        "<int:pk>/write-off/",
        correction_views.InvoiceWriteOffView.as_view(),
        name="write-off",
    ),
]
