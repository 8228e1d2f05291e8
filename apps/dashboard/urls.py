from django.urls import path

from .credit_views import CreditNoteApplyView
from .views import DashboardView

app_name = "dashboard"
urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    # An invoices page that records a payment: it needs apps/payments, so it is
    # routed here, under the credit note's URL.
    path(
        "invoices/<int:pk>/apply-credit/",
        CreditNoteApplyView.as_view(),
        name="credit-apply",
    ),
]
