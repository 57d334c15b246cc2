"""Writes of several stores that commit in one transaction, on one connection.

A decision is three rows in three tables: the decision (``explain``), its fairness observation
(``fairness``) and its audit record (``audit_log``). They must commit together or not at all:
an audit record without its decision misleads an auditor, a decision without its audit record
is unaccountable. The domain stores therefore do not write such rows themselves; they *describe*
them as :class:`Writes`, and the audit log's appender runs them inside the transaction that
commits the audit record (``audit_log.stores.appender``). If the audit insert or the commit
fails, the decision and its observation are rolled back with it.

Statements use ``?`` placeholders in both dialects; :func:`dialect_sql` turns them into
psycopg's ``%s``. Parameter values are already in the dialect's form (a store knows whether it
keeps times as text or ``timestamptz``).

:class:`Writes` names the database it was made for (:func:`database_key`); a store refuses to
run writes meant for another database instead of writing them to the wrong one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from storage.migrations import StorageError

Dialect = Literal["sqlite", "postgresql"]
MSG_OTHER_DATABASE = "writes for another database cannot join this transaction"


class OtherDatabaseError(StorageError):
    """:class:`Writes` were handed to a store on another database."""


@dataclass(frozen=True, slots=True)
class Statement:
    """One SQL statement with ``?`` placeholders and its parameters."""

    sql: str
    params: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class Writes:
    """Statements for one database, to commit in a transaction that someone else owns."""

    database: str
    statements: tuple[Statement, ...]

    def __add__(self, other: Writes) -> Writes:
        check_same_database(self.database, other.database)
        return Writes(self.database, self.statements + other.statements)


def sqlite_file(url: str) -> str:
    """File of ``sqlite:///relative.db`` / ``sqlite:////abs.db``; ``:memory:`` if none."""
    rest = unquote(urlsplit(url).path)
    rest = rest[1:] if rest.startswith("/") else rest
    return rest or ":memory:"


def database_key(url: str) -> str:
    """What identifies the database behind ``url``: SQLite's resolved file, PostgreSQL's URL.

    Two stores opened on the same ``[database] url`` have the same key; a relative and an
    absolute path to one SQLite file do too.
    """
    if urlsplit(url).scheme.lower() == "sqlite":
        file = sqlite_file(url)
        if file == ":memory:":
            return url  # each in-memory database is its own
        return "sqlite:" + str(Path(file).resolve())
    return url


def check_same_database(expected: str, got: str) -> None:
    """Raises OtherDatabaseError unless both keys name one database."""
    if expected != got:
        raise OtherDatabaseError(MSG_OTHER_DATABASE)


def dialect_sql(sql: str, dialect: Dialect) -> str:
    """``sql`` with the dialect's placeholders (``?`` for SQLite, ``%s`` for psycopg)."""
    return sql if dialect == "sqlite" else sql.replace("?", "%s")


def run_sqlite(conn: sqlite3.Connection, statements: Sequence[Statement]) -> None:
    """Run ``statements`` on ``conn`` inside the caller's transaction."""
    for statement in statements:
        conn.execute(statement.sql, statement.params)
