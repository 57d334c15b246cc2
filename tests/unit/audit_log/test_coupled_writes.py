"""Writes of other stores that commit with an audit record (``storage.writes``), on both stores.

A table of the test's own stands in for a domain store; the statements are what a store would
hand over. Checked: the rows and the record commit together; failing writes cost only their own
append (the rest of the group-commit batch commits and the chain has no gap); writes made for
another database are refused before anything is queued.
"""

from __future__ import annotations

import asyncio

import pytest

from audit_log import AuditQuery, AuditStore
from audit_log.errors import CoupledWriteError
from audit_log.stores.base import BaseAuditStore
from storage.writes import Statement, Writes, database_key
from tests.unit.audit_log.conftest import make_event

TABLE = "lp_test_coupled_rows"


async def _make_table(store: AuditStore) -> str:
    """Creates the stand-in table; returns the store's database key."""
    assert isinstance(store, BaseAuditStore)
    await store.driver.execute(f"DROP TABLE IF EXISTS {TABLE}")
    await store.driver.execute(f"CREATE TABLE {TABLE} (id TEXT PRIMARY KEY, note TEXT NOT NULL)")
    return store.driver.database


async def _ids(store: AuditStore) -> list[str]:
    assert isinstance(store, BaseAuditStore)
    return [r[0] for r in await store.driver.fetch(f"SELECT id FROM {TABLE} ORDER BY id")]


def _insert(database: str, row_id: str, note: str | None = "n") -> Writes:
    insert = Statement(f"INSERT INTO {TABLE} (id, note) VALUES (?, ?)", (row_id, note))
    return Writes(database, (insert,))


async def test_when_appending_with_writes_then_rows_and_record_commit_together(
    store: AuditStore,
) -> None:
    database = await _make_table(store)
    record = await store.append(make_event(1), writes=_insert(database, "a"))
    assert record.seq == 1
    assert await _ids(store) == ["a"]


async def test_when_one_appends_writes_fail_then_only_that_append_fails_and_the_chain_holds(
    store: AuditStore,
) -> None:
    database = await _make_table(store)
    # One batch: the NULL note violates NOT NULL; the others must still commit.
    results = await asyncio.gather(
        store.append(make_event(1), writes=_insert(database, "a")),
        store.append(make_event(2), writes=_insert(database, "b", note=None)),
        store.append(make_event(3)),
        store.append(make_event(4), writes=_insert(database, "c")),
        return_exceptions=True,
    )
    assert isinstance(results[1], CoupledWriteError)
    committed = [r for r in results if not isinstance(r, BaseException)]
    assert sorted(r.seq for r in committed) == [1, 2, 3]  # no gap where the failure was
    assert await _ids(store) == ["a", "c"]
    report = await store.verify()
    assert report.ok and report.records_checked == 3, report.problem


async def test_when_a_duplicate_row_is_written_then_neither_it_nor_its_record_is_kept(
    store: AuditStore,
) -> None:
    database = await _make_table(store)
    await store.append(make_event(1), writes=_insert(database, "a"))
    with pytest.raises(CoupledWriteError):
        await store.append(make_event(2), writes=_insert(database, "a"))
    page = await store.query(AuditQuery(limit=10))
    assert [r.seq for r in page.records] == [1]


async def test_when_writes_are_for_another_database_then_refused_and_nothing_queued(
    store: AuditStore,
) -> None:
    await _make_table(store)
    other = database_key("sqlite:////tmp/another-leitplanke.db")
    with pytest.raises(CoupledWriteError):
        await store.append(make_event(1), writes=_insert(other, "x"))
    assert await _ids(store) == []
    assert (await store.append(make_event(2))).seq == 1
