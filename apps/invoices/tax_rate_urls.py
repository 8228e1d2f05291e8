from django.urls import path

from . import tax_rate_views as views

app_name = "tax-rates"
urlpatterns = [
    path("", views.TaxRateListView.as_view(), name="list"),
    path("new/", views.TaxRateFormView.as_view(), name="create"),
    path("<int:pk>/edit/", views.TaxRateFormView.as_view(), name="update"),
]
