"""The three role groups; every existing staff user becomes an Admin, so an upgrade
keeps working as before. The groups' Django permissions are set after each migrate
by `role_groups_sync` (permissions do not exist yet while migrations run)."""

from django.db import migrations

ROLES = ("Admin", "Billing", "Viewer")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    admin = groups["Admin"]
    for user in User.objects.filter(is_staff=True):
        user.groups.add(admin)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_key_read_only"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
