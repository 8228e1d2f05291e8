from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("", views.PaymentListView.as_view(), name="list"),
    path("<int:pk>/", views.PaymentDetailView.as_view(), name="detail"),
    path("<int:pk>/refund/", views.PaymentRefundView.as_view(), name="refund"),
]
