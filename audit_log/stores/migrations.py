"""The audit log's schema migrations (both dialects), run by :mod:`storage`'s runner.

A migration is never edited after release; changes go into a new one. Versions are recorded
in ``audit_schema_migrations`` (the table and its rows predate the storage kit, so databases
of earlier releases upgrade unchanged). SQLite runs them under the store's write lock,
PostgreSQL under the runner's advisory lock, so processes starting at the same time do not race.
"""

from __future__ import annotations

from storage.migrations import Migration, Schema


def _records_table(int_type: str) -> str:
    return f"""
CREATE TABLE audit_records (
    seq {int_type} PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    occurred_at TEXT NOT NULL,
    event_type TEXT NOT NULL,
    request_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    service TEXT NOT NULL,
    model TEXT NOT NULL,
    purpose TEXT NOT NULL,
    outcome TEXT NOT NULL,
    policy_result TEXT NOT NULL,
    policy_revision TEXT NOT NULL,
    reason_codes TEXT NOT NULL,
    pii_entities TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT,
    payload_sha256 TEXT NOT NULL,
    personal_key_id TEXT,
    personal_ct TEXT,
    personal_ct_sha256 TEXT,
    leaf_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    reason_codes_idx TEXT NOT NULL,
    pii_types_idx TEXT NOT NULL
)"""


_INDEXES = (
    "CREATE INDEX audit_records_occurred_at ON audit_records (occurred_at)",
    "CREATE INDEX audit_records_request_id ON audit_records (request_id)",
    "CREATE INDEX audit_records_event_type ON audit_records (event_type, seq)",
    "CREATE INDEX audit_records_subject ON audit_records (subject, seq) WHERE subject <> ''",
)


def _checkpoints_table(int_type: str) -> str:
    return f"""
CREATE TABLE audit_checkpoints (
    tree_size {int_type} PRIMARY KEY,
    root_hash TEXT NOT NULL,
    head_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    key_id TEXT NOT NULL,
    statement TEXT NOT NULL,
    signature TEXT NOT NULL,
    compact_range TEXT NOT NULL
)"""


def _keys_table(blob_type: str) -> str:
    return f"""
CREATE TABLE audit_subject_keys (
    key_id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    key_material {blob_type},
    created_at TEXT NOT NULL,
    destroyed_at TEXT
)"""


_KEYS_INDEX = "CREATE INDEX audit_subject_keys_subject ON audit_subject_keys (subject)"

_KEPT_COLUMNS = (
    "seq",
    "id",
    "occurred_at",
    "event_type",
    "request_id",
    "actor",
    "service",
    "model",
    "purpose",
    "outcome",
    "policy_result",
    "policy_revision",
    "reason_codes",
    "pii_entities",
    "subject",
    "payload_sha256",
    "personal_key_id",
    "personal_ct_sha256",
    "leaf_hash",
    "prev_hash",
    "hash",
    "reason_codes_idx",
    "pii_types_idx",
)
_SQLITE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _KEPT_COLUMNS)

# Defence in depth, not the integrity mechanism: the hashes and signed checkpoints are. An
# owner of the database can drop these triggers; verify() still catches what they then do.
_SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records "
    "BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END",
    "CREATE TRIGGER audit_records_retention_only BEFORE UPDATE ON audit_records "
    f"WHEN {_SQLITE_CHANGED} "
    "OR (NEW.payload IS NOT NULL AND NEW.payload IS NOT OLD.payload) "
    "OR (NEW.personal_ct IS NOT NULL AND NEW.personal_ct IS NOT OLD.personal_ct) "
    "BEGIN SELECT RAISE(ABORT, 'audit_records is append-only'); END",
    "CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints "
    "BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
    "CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints "
    "BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
)
_POSTGRES_APPEND_ONLY = (
    """
CREATE FUNCTION audit_records_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.payload IS NULL OR NEW.payload IS NOT DISTINCT FROM OLD.payload)
       AND (NEW.personal_ct IS NULL OR NEW.personal_ct IS NOT DISTINCT FROM OLD.personal_ct)
       AND (to_jsonb(NEW) - 'payload' - 'personal_ct')
           = (to_jsonb(OLD) - 'payload' - 'personal_ct') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_records is append-only';
END
$fn$""",
    """
CREATE FUNCTION audit_checkpoints_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'audit_checkpoints is append-only';
END
$fn$""",
    "CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records "
    "FOR EACH ROW EXECUTE FUNCTION audit_records_guard()",
    "CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints "
    "FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_guard()",
)

_ANCHORS_TABLE = """
CREATE TABLE audit_anchors (
    tree_size {int_type} NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    data TEXT NOT NULL,
    anchored_at TEXT NOT NULL,
    PRIMARY KEY (tree_size, kind, source)
)"""
_SQLITE_ANCHORS = (
    _ANCHORS_TABLE.format(int_type="INTEGER"),
    "CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors "
    "BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only'); END",
    "CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors "
    "BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only'); END",
)
# Row-level triggers never fire on TRUNCATE; a statement-level trigger does (issue 22).
_POSTGRES_ANCHORS = (
    _ANCHORS_TABLE.format(int_type="BIGINT"),
    """
CREATE FUNCTION audit_append_only_statement() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$fn$""",
    "CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE ON audit_anchors "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only_statement()",
    *(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only_statement()"
        for table in ("audit_records", "audit_checkpoints", "audit_anchors")
    ),
)

_LEGAL_HOLDS = (
    "CREATE TABLE audit_legal_holds ("
    "hold_id TEXT PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL, reason TEXT NOT NULL, "
    "placed_by TEXT NOT NULL, placed_at TEXT NOT NULL, released_at TEXT, released_by TEXT)",
    "CREATE INDEX audit_legal_holds_value ON audit_legal_holds (kind, value)",
)

AUDIT_SCHEMA = Schema(
    store="audit",
    migrations=(
        Migration(
            version=1,
            description="records, checkpoints, subject keys",
            sqlite=(
                _records_table("INTEGER"),
                *_INDEXES,
                _checkpoints_table("INTEGER"),
                _keys_table("BLOB"),
                _KEYS_INDEX,
            ),
            postgres=(
                _records_table("BIGINT"),
                *_INDEXES,
                _checkpoints_table("BIGINT"),
                _keys_table("BYTEA"),
                _KEYS_INDEX,
            ),
        ),
        Migration(
            version=2,
            description="append-only triggers (retention may only clear payloads)",
            sqlite=_SQLITE_APPEND_ONLY,
            postgres=_POSTGRES_APPEND_ONLY,
        ),
        Migration(
            version=3,
            description=(
                "checkpoint anchors (time-stamps, cosignatures); PostgreSQL refuses TRUNCATE"
            ),
            sqlite=_SQLITE_ANCHORS,
            postgres=_POSTGRES_ANCHORS,
        ),
        Migration(
            version=4,
            description="legal holds that suspend retention",
            sqlite=_LEGAL_HOLDS,
            postgres=_LEGAL_HOLDS,
        ),
    ),
)
