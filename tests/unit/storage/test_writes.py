"""``storage.writes``: what names a database, placeholders, joining writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.writes import (
    OtherDatabaseError,
    Statement,
    Writes,
    database_key,
    dialect_sql,
)


def test_when_one_sqlite_file_is_named_relatively_and_absolutely_then_one_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    relative = database_key("sqlite:///var/leitplanke.db")
    absolute = database_key(f"sqlite:///{tmp_path / 'var' / 'leitplanke.db'}")
    assert relative == absolute
    assert database_key("sqlite:///var/other.db") != relative


def test_when_postgres_urls_differ_then_keys_differ() -> None:
    assert database_key("postgresql://a@h/db1") != database_key("postgresql://a@h/db2")


def test_when_writes_for_two_databases_are_joined_then_refused() -> None:
    one = Writes("sqlite:/a.db", (Statement("SELECT 1"),))
    joined = one + Writes("sqlite:/a.db", (Statement("SELECT 2"),))
    assert [s.sql for s in joined.statements] == ["SELECT 1", "SELECT 2"]
    with pytest.raises(OtherDatabaseError):
        _ = one + Writes("sqlite:/b.db", ())


def test_placeholders_per_dialect() -> None:
    sql = "INSERT INTO t (a, b) VALUES (?, ?)"
    assert dialect_sql(sql, "sqlite") == sql
    assert dialect_sql(sql, "postgresql") == "INSERT INTO t (a, b) VALUES (%s, %s)"
