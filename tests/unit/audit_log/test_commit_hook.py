"""``StoreOptions.on_commit``: told about every committed batch, never able to break appends.

Runs on SQLite and on PostgreSQL (``database_url``; PostgreSQL needs
``LEITPLANKE_TEST_POSTGRES_URL``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from audit_log import AuditStore, AuditWriteError, open_audit_store
from tests.unit.audit_log.conftest import make_event
from tests.unit.audit_log.test_tamper import RawDb

Hook = Callable[[float, int], None]


async def opened(database_url: str, hook: Hook) -> AuditStore:
    store = open_audit_store(
        database_url, checkpoint_every=10**9, checkpoint_interval_s=3600, on_commit=hook
    )
    await store.open()
    return store


@pytest.fixture
async def commits(database_url: str) -> AsyncIterator[tuple[AuditStore, list[tuple[float, int]]]]:
    seen: list[tuple[float, int]] = []
    store = await opened(database_url, lambda seconds, size: seen.append((seconds, size)))
    try:
        yield store, seen
    finally:
        await store.aclose()


async def test_when_records_appended_one_by_one_then_hook_sees_one_batch_each(
    commits: tuple[AuditStore, list[tuple[float, int]]],
) -> None:
    store, seen = commits
    for i in range(3):
        await store.append(make_event(i))

    assert [size for _, size in seen] == [1, 1, 1]
    assert all(0 < seconds < 10 for seconds, _ in seen)


async def test_when_appends_arrive_together_then_hook_sizes_add_up_to_the_records(
    commits: tuple[AuditStore, list[tuple[float, int]]],
) -> None:
    store, seen = commits
    records = await asyncio.gather(*(store.append(make_event(i)) for i in range(40)))

    assert sum(size for _, size in seen) == len(records) == 40
    # Group commit: appends queued together share transactions.
    assert len(seen) < 40
    assert max(size for _, size in seen) > 1


async def test_when_hook_raises_then_appends_still_succeed_and_chain_stays_valid(
    database_url: str,
) -> None:
    calls: list[int] = []

    def broken(seconds: float, size: int) -> None:
        calls.append(size)
        raise RuntimeError("metrics backend down")

    store = await opened(database_url, broken)
    try:
        records = [await store.append(make_event(i)) for i in range(3)]
        report = await store.verify()
    finally:
        await store.aclose()

    assert [r.seq for r in records] == [1, 2, 3]
    assert calls == [1, 1, 1]
    assert report.ok, report.problem


async def test_when_the_database_rejects_a_batch_then_hook_is_not_called(
    database_url: str, commits: tuple[AuditStore, list[tuple[float, int]]]
) -> None:
    store, seen = commits
    await store.append(make_event(0))
    db = RawDb(database_url)
    try:
        db.run("ALTER TABLE audit_records RENAME TO audit_records_gone")
        with pytest.raises(AuditWriteError):
            await store.append(make_event(1))
        db.run("ALTER TABLE audit_records_gone RENAME TO audit_records")
    finally:
        db.close()
    await store.append(make_event(2))

    assert [size for _, size in seen] == [1, 1]  # only the two committed batches
