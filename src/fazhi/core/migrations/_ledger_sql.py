"""SQL of the ledger's append-only triggers (used by migration 0002 and by tests)."""

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
