from django.urls import path

from . import views

app_name = "quotes"
urlpatterns = [
    path("", views.QuoteListView.as_view(), name="list"),
    path("new/", views.QuoteCreateView.as_view(), name="create"),
    path("<int:pk>/", views.QuoteDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.QuoteUpdateView.as_view(), name="update"),
    path("<int:pk>/status/", views.QuoteStatusView.as_view(), name="status"),
    path("<int:pk>/convert/", views.QuoteConvertView.as_view(), name="convert"),
    path("<int:pk>/pdf/", views.QuotePdfView.as_view(), name="pdf"),
    path("<int:pk>/email/", views.QuoteEmailView.as_view(), name="email"),
    path("<int:pk>/delete/", views.QuoteDeleteView.as_view(), name="delete"),
]
