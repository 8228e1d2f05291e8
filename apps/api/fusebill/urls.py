"""Fusebill under /fusebill/v1/. Clients mix the case of path segments and some add
a slash before the query string, so every route matches case-insensitively, with or
without a trailing slash. Any other path answers a Fusebill 404, never HTML."""

import re

from django.urls import URLPattern, re_path
from django.urls.resolvers import RoutePattern

from . import views
from .errors import not_found_view

app_name = "fusebill"


class LenientRoutePattern(RoutePattern):
    """A `path()` route matched case-insensitively, with an optional trailing slash.
    `str()` stays the route, so reverse() and the OpenAPI paths read as usual."""

    def __init__(self, route, name=None, is_endpoint=False):
        super().__init__(route, name=name, is_endpoint=is_endpoint)
        regex = self._regex
        if is_endpoint and regex.endswith(r"\Z") and not route.endswith("/"):
            regex = regex[: -len(r"\Z")] + r"/?\Z"
        self._regex = regex

    @property
    def regex(self):
        if "regex" not in self.__dict__:
            self.__dict__["regex"] = re.compile(self._regex, re.IGNORECASE)
        return self.__dict__["regex"]


def lenient_path(route: str, view, name: str) -> URLPattern:
    return URLPattern(
        LenientRoutePattern(route, name=name, is_endpoint=True), view, name=name
    )


urlpatterns = [
    lenient_path("Invoices", views.InvoiceListView.as_view(), name="invoice-list"),
    lenient_path(
        "Invoices/pdf/<int:invoice_id>",
        views.InvoicePdfView.as_view(),
        name="invoice-pdf",
    ),
    lenient_path(
        "Invoices/html/<int:invoice_id>",
        views.InvoiceHtmlView.as_view(),
        name="invoice-html",
    ),
    lenient_path(
        "invoices/writeoff",
        views.InvoiceWriteOffView.as_view(),
        name="invoice-write-off",
    ),
    lenient_path(
        "Invoices/<int:invoice_id>",
        views.InvoiceDetailView.as_view(),
        name="invoice-detail",
    ),
    lenient_path(
        "invoices/<int:invoice_id>/paymentAllocations",
        views.InvoicePaymentAllocationsView.as_view(),
        name="invoice-payment-allocations",
    ),
    lenient_path(
        "invoices/<int:invoice_id>/creditAllocations",
        views.InvoiceCreditAllocationsView.as_view(),
        name="invoice-credit-allocations",
    ),
    lenient_path(
        "invoiceSummaries",
        views.InvoiceSummaryListView.as_view(),
        name="invoice-summary-list",
    ),
    lenient_path(
        "Customers/<int:customer_id>/Invoices",
        views.CustomerInvoiceListView.as_view(),
        name="customer-invoice-list",
    ),
    lenient_path("customers", views.CustomerListView.as_view(), name="customer-list"),
    lenient_path(
        "customers/<int:customer_id>",
        views.CustomerDetailView.as_view(),
        name="customer-detail",
    ),
    lenient_path(
        "customers/<int:customer_id>/overview",
        views.CustomerOverviewView.as_view(),
        name="customer-overview",
    ),
    lenient_path(
        "customers/<int:customer_id>/DraftInvoices",
        views.CustomerDraftInvoiceListView.as_view(),
        name="customer-draft-list",
    ),
    lenient_path(
        "draftinvoices/pdf/<int:draft_id>",
        views.DraftInvoicePdfView.as_view(),
        name="draft-pdf",
    ),
    lenient_path(
        "draftinvoices/<int:draft_id>",
        views.DraftInvoiceDetailView.as_view(),
        name="draft-detail",
    ),
    lenient_path(
        "Payments/<int:payment_id>",
        views.PaymentDetailView.as_view(),
        name="payment-detail",
    ),
    re_path(r"^.*$", not_found_view, name="not-found"),
]
