from django.urls import path

from . import views, webhooks

app_name = "payments"
urlpatterns = [
    path("", views.PaymentListView.as_view(), name="list"),
    path("<int:pk>/", views.PaymentDetailView.as_view(), name="detail"),
    path("<int:pk>/refund/", views.PaymentRefundView.as_view(), name="refund"),
    path("stripe/webhook", webhooks.StripeWebhookView.as_view(), name="stripe_webhook"),
]

# Pages under /invoices/<pk>/ that belong to payments: config/urls.py adds them to the
# `invoices` namespace, so their names (`invoices:pay`) did not change when they moved.
invoice_urlpatterns = [
    path("<int:pk>/pay/", views.PaymentRecordView.as_view(), name="pay"),
]
