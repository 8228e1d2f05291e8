"""Client pages of this app. config/urls.py mounts them through
apps/dashboard/client_urls.py, which adds the client's page (`clients:detail`):
that page lists invoices, quotes and payments, which apps/clients does not import."""

from django.urls import path

from . import views

app_name = "clients"
urlpatterns = [
    path("", views.ClientListView.as_view(), name="list"),
    path("new/", views.ClientCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.ClientUpdateView.as_view(), name="update"),
    path("<int:pk>/delete/", views.ClientDeleteView.as_view(), name="delete"),
]
