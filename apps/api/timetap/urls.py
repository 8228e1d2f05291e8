"""TimeTap routes. Mounted twice (`/timetap/live/`, namespace "timetap", and
`/timetap/test/`, namespace "timetap-test"): the same data, as TimeTap's two hosts.
A trailing slash is optional; any other path answers a JSON 404."""

from django.urls import path, re_path

from . import views
from .errors import not_found_view

app_name = "timetap"


def _route(route: str, view, name: str) -> list:
    """`route` with and without a trailing slash; the name (and the OpenAPI schema)
    go to the bare one."""
    return [
        path(route, view.as_view(), name=name),
        path(route + "/", view.as_view(schema=None)),
    ]


urlpatterns = [
    *_route("sessionToken", views.SessionTokenView, "session-token"),
    *_route("invoices", views.InvoicesView, "invoices"),
    *_route(
        "invoices/status/<str:status_string>",
        views.InvoiceStatusListView,
        "invoice-status",
    ),
    *_route(
        "invoices/client/<int:client_id>", views.ClientInvoicesView, "client-invoices"
    ),
    *_route("invoices/<int:invoice_id>", views.InvoiceDetailView, "invoice-detail"),
    *_route("clients", views.ClientListView, "clients"),
    *_route("clients/count", views.ClientCountView, "client-count"),
    *_route("clients/<int:client_id>", views.ClientDetailView, "client-detail"),
    re_path(r"^.*$", not_found_view, name="not-found"),
]
