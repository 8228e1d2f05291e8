from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("api-keys/", views.ApiKeyListView.as_view(), name="api-keys"),
    path("api-keys/new/", views.ApiKeyCreateView.as_view(), name="api-key-create"),
    path(
        "api-keys/<int:pk>/revoke/",
        views.ApiKeyRevokeView.as_view(),
        name="api-key-revoke",
    ),
    path(
        "api-keys/<int:pk>/expiry/",
        views.ApiKeyExpiryView.as_view(),
        name="api-key-expiry",
    ),
]
