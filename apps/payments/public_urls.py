"""The customer's side: the hosted invoice page, reachable only by its random hash.

The namespace stays `public_invoices`, as before the page moved here."""

from django.urls import path

from . import public_views

app_name = "public_invoices"
urlpatterns = [
    path(
        "<str:public_hash>",
        public_views.InvoicePublicDetailView.as_view(),
        name="detail",
    ),
    path(
        "<str:public_hash>/pdf", public_views.InvoicePublicPdfView.as_view(), name="pdf"
    ),
    path(
        "<str:public_hash>/pay", public_views.InvoicePublicPayView.as_view(), name="pay"
    ),
    path(
        "<str:public_hash>/pay/return",
        public_views.InvoicePublicPayReturnView.as_view(),
        name="pay_return",
    ),
    path(
        "<str:public_hash>/mail",
        public_views.InvoicePublicMailView.as_view(),
        name="mail",
    ),
    path(
        "<str:public_hash>/receipt/<str:reference>",
        public_views.InvoicePublicReceiptView.as_view(),
        name="receipt",
    ),
]
