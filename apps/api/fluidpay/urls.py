"""FluidPay dialect under /fluidpay/api/ (the vendor's /api/...). A trailing slash is
accepted on every path; any other path answers the dialect's own 404 envelope."""

from django.urls import path, re_path

from . import views
from .errors import not_found_view

app_name = "fluidpay"
urlpatterns = [
    path("invoice", views.InvoiceCreateView.as_view(), name="invoice-create"),
    path("invoices/search", views.InvoiceSearchView.as_view(), name="invoice-search"),
    path(
        "invoice/<str:invoice_id>",
        views.InvoiceDetailView.as_view(),
        name="invoice-detail",
    ),
    path(
        "invoice/<str:invoice_id>/resend",
        views.InvoiceResendView.as_view(),
        name="invoice-resend",
    ),
    path(
        "invoice/<str:invoice_id>/pay",
        views.InvoicePayView.as_view(),
        name="invoice-pay",
    ),
    path(
        "invoice/<str:invoice_id>/mark-as-paid",
        views.InvoiceMarkPaidView.as_view(),
        name="invoice-mark-paid",
    ),
    path(
        "invoice/<str:invoice_id>/reactivate",
        views.InvoiceReactivateView.as_view(),
        name="invoice-reactivate",
    ),
    path(
        "transaction/search",
        views.TransactionSearchView.as_view(),
        name="transaction-search",
    ),
    path(
        "transaction/<str:transaction_id>",
        views.TransactionDetailView.as_view(),
        name="transaction-detail",
    ),
    re_path(r"^(?P<rest>.+)/$", views.trailing_slash_view, name="trailing-slash"),
    re_path(r"^.*$", not_found_view, name="not-found"),
]
