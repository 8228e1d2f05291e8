"""The `clients` URL namespace: the client pages of apps/clients plus the client's
page composed here (`clients:detail`), so apps/clients never imports upward."""

from django.urls import path

from apps.clients.urls import urlpatterns as client_pages

from .client_views import ClientDetailView

app_name = "clients"
urlpatterns = [
    *client_pages,
    path("<int:pk>/", ClientDetailView.as_view(), name="detail"),
]
