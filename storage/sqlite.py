"""The migration runner on a ``sqlite3`` connection.

``migrate_sqlite`` takes SQLite's write lock first (``BEGIN IMMEDIATE``): processes starting
at once queue there, and the second one finds the versions the first recorded.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from storage.migrations import AddColumn, Schema, Step


def _run_step(conn: sqlite3.Connection, step: Step) -> None:
    if isinstance(step, AddColumn):
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({step.table})")}
        if step.column in columns:
            return
        step = f"ALTER TABLE {step.table} ADD COLUMN {step.column} {step.type}"
    conn.execute(step)


def apply_sqlite(conn: sqlite3.Connection, schema: Schema) -> int:
    """Apply the pending migrations inside the caller's write transaction; the latest version.

    Raises:
        SchemaTooNewError: the database was migrated by a newer release.
    """
    conn.execute(schema.create_table())
    applied = [row[0] for row in conn.execute(schema.select_versions())]
    for migration in schema.pending(applied):
        for step in migration.sqlite:
            _run_step(conn, step)
        conn.execute(
            schema.insert_version("?"),
            (migration.version, migration.description, datetime.now(UTC).isoformat()),
        )
    return schema.latest


def migrate_sqlite(conn: sqlite3.Connection, schema: Schema) -> int:
    """Apply the pending migrations in one ``BEGIN IMMEDIATE`` transaction; the latest version.

    All of them commit together or none does. ``conn`` must not be in a transaction.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = apply_sqlite(conn, schema)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return version
