"""On PostgreSQL, refuse UPDATE and DELETE on the audit table whatever the client.

The one exception is `audit_purge_demo` (load_demo --reset), which sets
`remit.audit_purge` for its own transaction only. Other databases rely on the
model and queryset guards (apps/audit/models.py)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION remit_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('remit.audit_purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE TRIGGER {table}_append_only
BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION remit_refuse_audit_change();
"""




def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(TRIGGER.format(table="audit_auditevent"))


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS remit_refuse_audit_change();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_forwards, _backwards)]
