"""Faults injected into the database from outside the gateway, as a full disk or a broken
table behaves for the writer: a trigger created by another connection, on SQLite and
PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg


@contextmanager
def inserts_fail(
    database_url: str, table: str, *, event_type: str | None = None
) -> Iterator[None]:
    """Every insert into ``table`` fails until the block ends; with ``event_type`` (the audit
    table) only rows of that event type fail."""
    trigger = f"lp_fault_{table}"
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path, timeout=15) as conn:
            when = f"WHEN NEW.event_type = '{event_type}' " if event_type else ""
            conn.execute(
                f"CREATE TRIGGER {trigger} BEFORE INSERT ON {table} {when}"
                "BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END"
            )
        try:
            yield
        finally:
            with sqlite3.connect(path, timeout=15) as conn:
                conn.execute(f"DROP TRIGGER {trigger}")
        return
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            f"CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'store unavailable (injected)'; END $$"
        )
        when = f" WHEN (NEW.event_type = '{event_type}')" if event_type else ""
        conn.execute(
            f"CREATE TRIGGER {trigger} BEFORE INSERT ON {table} "
            f"FOR EACH ROW{when} EXECUTE FUNCTION {trigger}()"
        )
        try:
            yield
        finally:
            conn.execute(f"DROP TRIGGER {trigger} ON {table}")
            conn.execute(f"DROP FUNCTION {trigger}()")
