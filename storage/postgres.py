"""The migration runner on a psycopg 3 async connection.

A transaction-scoped advisory lock keyed by the migrations table and the current schema
serializes processes starting at once; the second one finds the versions the first recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg

from storage.migrations import AddColumn, Schema, Step
from storage.writes import Statement, dialect_sql


def _statement(step: Step) -> str:
    if isinstance(step, AddColumn):
        return f"ALTER TABLE {step.table} ADD COLUMN IF NOT EXISTS {step.column} {step.type}"
    return step


async def migrate_postgres(conn: psycopg.AsyncConnection[Any], schema: Schema) -> int:
    """Apply the pending migrations in one transaction; the latest version.

    Raises:
        SchemaTooNewError: the database was migrated by a newer release.
    """
    async with conn.transaction():
        await conn.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s || current_schema()))",
            (f"leitplanke.{schema.table}.",),
        )
        # A service role without CREATE on the schema (docs/audit-anchoring.md) cannot even
        # run CREATE TABLE IF NOT EXISTS: only create what is missing.
        cur = await conn.execute("SELECT to_regclass(%s) IS NULL", (schema.table,))
        row = await cur.fetchone()
        if row is not None and row[0]:
            await conn.execute(schema.create_table())
        cur = await conn.execute(schema.select_versions())
        applied = [r[0] for r in await cur.fetchall()]
        for migration in schema.pending(applied):
            for step in migration.postgres:
                await conn.execute(_statement(step))
            await conn.execute(
                schema.insert_version("%s"),
                (migration.version, migration.description, datetime.now(UTC).isoformat()),
            )
    return schema.latest


async def run_postgres(conn: psycopg.AsyncConnection[Any], statements: Sequence[Statement]) -> None:
    """Run ``statements`` on ``conn`` inside the caller's transaction."""
    for statement in statements:
        await conn.execute(dialect_sql(statement.sql, "postgresql"), statement.params)
