"""The admin app, configured with Remit's admin site."""

from django.contrib.admin.apps import AdminConfig


class RemitAdminConfig(AdminConfig):
    """`django.contrib.admin` with RemitAdminSite as `admin.site`: the second factor
    at the admin's sign-in (see apps.accounts.admin_site)."""

    default_site = "apps.accounts.admin_site.RemitAdminSite"
