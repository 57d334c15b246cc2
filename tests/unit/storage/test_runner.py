"""The migration runner on real SQLite and PostgreSQL: order, once, all-or-nothing, races."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import psycopg
import pytest

from storage import AddColumn, Migration, Schema, SchemaTooNewError
from storage.migrations import MSG_TOO_NEW
from storage.postgres import migrate_postgres
from storage.sqlite import migrate_sqlite
from tests.unit.storage.database import run, versions

# Plain CREATE TABLE (no IF NOT EXISTS): applying a version twice would fail loudly.
_V1 = Migration(
    version=1,
    description="things",
    sqlite=("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",),
    postgres=("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",),
)
_V2 = Migration(
    version=2,
    description="colour of things",
    sqlite=(AddColumn(table="things", column="colour", type="TEXT"),),
    postgres=(AddColumn(table="things", column="colour", type="TEXT"),),
)
THINGS = Schema(store="things", migrations=(_V1, _V2))


def _sqlite(url: str) -> sqlite3.Connection:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


async def _migrate(url: str, schema: Schema) -> int:
    if url.startswith("sqlite"):
        conn = _sqlite(url)
        try:
            return migrate_sqlite(conn, schema)
        finally:
            conn.close()
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as pg:
        return await migrate_postgres(pg, schema)


async def test_when_migrated_then_versions_recorded_in_order_once(database_url: str) -> None:
    assert await _migrate(database_url, THINGS) == 2
    assert await _migrate(database_url, THINGS) == 2
    assert versions(database_url, "things_schema_migrations") == [1, 2]
    run(database_url, "INSERT INTO things (id, name, colour) VALUES (1, 'a', 'red')")
    rows = run(database_url, "SELECT version, description FROM things_schema_migrations")
    assert rows == [(1, "things"), (2, "colour of things")]


async def test_when_column_already_added_ad_hoc_then_add_column_is_skipped(
    database_url: str,
) -> None:
    run(database_url, "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, colour TEXT)")
    adopt = Schema(
        store="things",
        migrations=(
            Migration(
                version=1,
                description="things",
                sqlite=("CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY)",),
                postgres=("CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY)",),
            ),
            _V2,
        ),
    )
    assert await _migrate(database_url, adopt) == 2
    assert versions(database_url, "things_schema_migrations") == [1, 2]


async def test_when_a_step_fails_then_no_pending_migration_is_recorded(database_url: str) -> None:
    broken = Migration(
        version=2,
        description="broken",
        sqlite=("ALTER TABLE no_such_table ADD COLUMN x TEXT",),
        postgres=("ALTER TABLE no_such_table ADD COLUMN x TEXT",),
    )
    with pytest.raises((sqlite3.Error, psycopg.Error)):
        await _migrate(database_url, Schema(store="things", migrations=(_V1, broken)))
    # Version 1 ran in the same transaction: rolled back with it.
    assert await _migrate(database_url, THINGS) == 2
    assert versions(database_url, "things_schema_migrations") == [1, 2]


async def test_when_recorded_version_is_newer_then_refused_and_nothing_changes(
    database_url: str,
) -> None:
    await _migrate(database_url, THINGS)
    older = Schema(store="things", migrations=(_V1,))
    with pytest.raises(SchemaTooNewError) as refused:
        await _migrate(database_url, older)
    assert (refused.value.store, refused.value.recorded, refused.value.known) == ("things", 2, 1)
    assert str(refused.value) == MSG_TOO_NEW.format(store="things", recorded=2, known=1)


def test_when_two_processes_open_a_sqlite_file_at_once_then_each_version_applies_once(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/race.db"
    _sqlite(url).close()  # WAL set up front, as the stores do on connect
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def opener() -> None:
        conn = _sqlite(url)
        try:
            start.wait()
            migrate_sqlite(conn, THINGS)
        except BaseException as exc:  # collected and asserted below
            failures.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert versions(url, "things_schema_migrations") == [1, 2]


async def test_when_two_processes_open_postgres_at_once_then_each_version_applies_once(
    postgres_url: str,
) -> None:
    await asyncio.gather(*(_migrate(postgres_url, THINGS) for _ in range(4)))
    assert versions(postgres_url, "things_schema_migrations") == [1, 2]


@pytest.mark.parametrize("numbers", [(1, 3), (2,), (1, 1)])
def test_when_versions_are_not_1_to_n_then_schema_is_rejected(numbers: tuple[int, ...]) -> None:
    steps = tuple(Migration(version=n, description="x", sqlite=(), postgres=()) for n in numbers)
    with pytest.raises(ValueError, match=r"1\.\.n"):
        Schema(store="x", migrations=steps)
