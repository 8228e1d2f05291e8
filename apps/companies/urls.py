from django.urls import path

from . import views

app_name = "companies"
urlpatterns = [
    path("", views.CompanyProfileListView.as_view(), name="list"),
    path("new/", views.CompanyProfileCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.CompanyProfileUpdateView.as_view(), name="update"),
]
