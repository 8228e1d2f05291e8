from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_role_groups(sender, **kwargs) -> None:
    """After the last app's post_migrate (when every model's permissions exist)."""
    if sender is list(apps.get_app_configs())[-1]:
        from .services import role_groups_sync

        role_groups_sync()


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self) -> None:
        post_migrate.connect(_sync_role_groups, dispatch_uid="accounts.role_groups")
