"""The ledger refuses UPDATE and DELETE at the database, whatever code runs; its head row exists."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER core_ledgerentry_no_update BEFORE UPDATE ON core_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'core_ledgerentry is append-only'); END;""",
    """CREATE TRIGGER core_ledgerentry_no_delete BEFORE DELETE ON core_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'core_ledgerentry is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_update;",
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION core_ledgerentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'core_ledgerentry is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_ledgerentry_no_change BEFORE UPDATE OR DELETE ON core_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION core_ledgerentry_append_only();""",
    """CREATE TRIGGER core_ledgerentry_no_truncate BEFORE TRUNCATE ON core_ledgerentry
       FOR EACH STATEMENT EXECUTE FUNCTION core_ledgerentry_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_change ON core_ledgerentry;",
    "DROP TRIGGER IF EXISTS core_ledgerentry_no_truncate ON core_ledgerentry;",
    "DROP FUNCTION IF EXISTS core_ledgerentry_append_only();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)
    apps.get_model("core", "LedgerHead").objects.get_or_create(pk=1)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
