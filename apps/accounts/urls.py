from django.urls import path

from . import security_views, user_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/verify/", views.SignInVerifyView.as_view(), name="login-verify"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    # the signed-in user's own security settings
    path("security/", security_views.SecurityView.as_view(), name="security"),
    path(
        "security/second-factor/",
        security_views.SecondFactorSetupView.as_view(),
        name="second-factor-setup",
    ),
    path(
        "security/second-factor/off/",
        security_views.SecondFactorDisableView.as_view(),
        name="second-factor-disable",
    ),
    path(
        "security/recovery-codes/",
        security_views.RecoveryCodesView.as_view(),
        name="recovery-codes",
    ),
    path(
        "password/",
        security_views.PasswordChangeView.as_view(),
        name="password-change",
    ),
    # Django's password reset, with Remit's templates
    path(
        "password-reset/",
        security_views.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        security_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        security_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "reset/done/",
        security_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    # staff users (Admins)
    path("users/", user_views.StaffUserListView.as_view(), name="users"),
    path("users/invite/", user_views.StaffUserInviteView.as_view(), name="user-invite"),
    path(
        "users/<int:pk>/role/", user_views.StaffUserRoleView.as_view(), name="user-role"
    ),
    path(
        "users/<int:pk>/deactivate/",
        user_views.StaffUserDeactivateView.as_view(),
        name="user-deactivate",
    ),
    path("users/policy/", user_views.AccountPolicyView.as_view(), name="policy"),
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
