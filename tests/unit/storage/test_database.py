"""The storage kit's ``Database`` on SQLite and PostgreSQL: one behaviour for both."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from storage.database import Database, DatabaseError, DuplicateKeyError, open_database

TABLE = "lp_test_kit_rows"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    opened = await open_database(database_url)
    await opened.execute(f"DROP TABLE IF EXISTS {TABLE}")
    await opened.execute(f"CREATE TABLE {TABLE} (id TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    try:
        yield opened
    finally:
        await opened.execute(f"DROP TABLE IF EXISTS {TABLE}")
        await opened.close()


async def _ids(db: Database) -> list[str]:
    return [r[0] for r in await db.fetch(f"SELECT id FROM {TABLE} ORDER BY id")]


async def test_when_a_transaction_ends_then_its_statements_are_committed(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", ("a", 1))
        await tx.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", ("b", 2))
        assert await tx.fetch_one(f"SELECT count(*) FROM {TABLE}") == (2,)  # sees its own rows
    assert await _ids(db) == ["a", "b"]


async def test_when_a_transaction_raises_then_nothing_of_it_is_kept(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", ("a", 1))
            raise RuntimeError("the caller changed its mind")
    assert await _ids(db) == []
    assert await db.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", ("c", 3)) == 1


async def test_when_a_unique_key_is_violated_then_duplicate_key_error_and_rollback(
    db: Database,
) -> None:
    await db.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", ("a", 1))
    with pytest.raises(DuplicateKeyError):
        async with db.transaction() as tx:
            await tx.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", ("b", 2))
            await tx.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", ("a", 9))
    assert await _ids(db) == ["a"]


async def test_when_inserting_many_then_stored_keys_are_skipped_and_new_ones_counted(
    db: Database,
) -> None:
    await db.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", ("b", 0))
    async with db.transaction() as tx:
        first = await tx.insert_new(TABLE, ("id", "n"), [("a", 1), ("b", 2)], key="id")
        second = await tx.insert_new(TABLE, ("id", "n"), [("c", 3), ("a", 4)], key="id")
    assert (first, second) == (1, 1)
    rows = await db.fetch(f"SELECT id, n FROM {TABLE} ORDER BY id")
    assert [tuple(r) for r in rows] == [("a", 1), ("b", 0), ("c", 3)]


async def test_when_transactions_run_concurrently_then_none_sees_the_others_half_done(
    db: Database,
) -> None:
    async def move(i: int) -> None:
        async with db.transaction() as tx:
            await tx.execute(f"INSERT INTO {TABLE} (id, n) VALUES (?, ?)", (f"k{i}", 0))
            await asyncio.sleep(0)
            row = await tx.fetch_one(f"SELECT count(*) FROM {TABLE} WHERE n = 0")
            assert row is not None
            await tx.execute(f"UPDATE {TABLE} SET n = ? WHERE id = ?", (int(row[0]), f"k{i}"))

    await asyncio.gather(*(move(i) for i in range(8)))
    # Serialized: each saw only its own unfinished row.
    assert {r[0] for r in await db.fetch(f"SELECT n FROM {TABLE}")} == {1}


async def test_when_closed_then_a_clear_error(database_url: str) -> None:
    opened = await open_database(database_url)
    await opened.close()
    with pytest.raises(DatabaseError):
        await opened.fetch("SELECT 1")


async def test_in_memory_sqlite_reads_what_was_written() -> None:
    memory = await open_database("sqlite://")
    await memory.execute("CREATE TABLE t (x INTEGER)")
    await memory.execute("INSERT INTO t (x) VALUES (?)", (7,))
    assert await memory.fetch("SELECT x FROM t") == [(7,)]
    await memory.close()


async def test_when_the_scheme_is_unknown_then_database_error() -> None:
    with pytest.raises(DatabaseError, match="unsupported database URL scheme"):
        await open_database("mysql://h/db")
