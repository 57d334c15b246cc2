"""Fail closed: a write that cannot be committed in time is an error, never a silent success."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from audit_log import (
    AuditError,
    AuditQuery,
    AuditStore,
    AuditWriteError,
    CheckpointSigner,
    open_audit_store,
)
from tests.unit.audit_log.conftest import make_event
from tests.unit.audit_log.test_tamper import RawDb


async def test_when_database_rejects_the_batch_then_append_fails_and_store_recovers(
    database_url: str, store: AuditStore
) -> None:
    await store.append(make_event(0))
    db = RawDb(database_url)
    try:
        db.run("ALTER TABLE audit_records RENAME TO audit_records_gone")
        with pytest.raises(AuditWriteError):
            await store.append(make_event(1))
        db.run("ALTER TABLE audit_records_gone RENAME TO audit_records")
    finally:
        db.close()

    again = await store.append(make_event(2))

    assert again.seq == 2
    assert (await store.verify()).ok


async def test_when_write_lock_is_held_too_long_then_append_times_out(
    database_url: str, signer: CheckpointSigner
) -> None:
    s = open_audit_store(database_url, signer=signer, append_timeout_s=0.3)
    await s.open()
    db = RawDb(database_url)
    try:
        if db.pg:
            db.run("SELECT pg_advisory_lock(hashtext('leitplanke.audit_log.' || current_schema()))")
        else:
            db.run("BEGIN IMMEDIATE")
        with pytest.raises(AuditWriteError):
            await s.append(make_event(0))
        if db.pg:
            db.run("SELECT pg_advisory_unlock_all()")
        else:
            db.run("COMMIT")
        after = await s.append(make_event(1))
    finally:
        db.close()
        await s.aclose()

    # The timed-out append may still have been committed later; what matters is that no
    # acknowledged append is missing and the chain stays whole.
    assert after.seq in (1, 2)


async def test_when_enough_records_arrive_then_a_checkpoint_is_signed_in_background(
    database_url: str, signer: CheckpointSigner
) -> None:
    s = open_audit_store(database_url, signer=signer, checkpoint_every=5, checkpoint_interval_s=60)
    await s.open()
    try:
        await asyncio.gather(*(s.append(make_event(i)) for i in range(5)))
        for _ in range(100):
            cp = await s.latest_checkpoint()
            if cp is not None:
                break
            await asyncio.sleep(0.02)
    finally:
        await s.aclose()

    assert cp is not None and cp.tree_size == 5


async def _first_checkpoint_size(s: AuditStore, wait_s: float) -> int | None:
    for _ in range(int(wait_s / 0.02)):
        cp = await s.latest_checkpoint()
        if cp is not None:
            return cp.tree_size
        await asyncio.sleep(0.02)
    return None


@pytest.mark.parametrize("at_first_commit", [True, False])
async def test_when_checkpoint_at_first_commit_then_a_new_log_is_covered_at_once(
    database_url: str, signer: CheckpointSigner, at_first_commit: bool
) -> None:
    # Issue 22: anchored verify fails while records exist without a checkpoint; the gateway
    # signs one right after its first commit instead of after the first interval.
    s = open_audit_store(
        database_url,
        signer=signer,
        checkpoint_every=10**9,
        checkpoint_interval_s=3600,
        checkpoint_at_first_commit=at_first_commit,
    )
    await s.open()
    try:
        await s.append(make_event(1))
        size = await _first_checkpoint_size(s, 2.0 if at_first_commit else 0.3)
        await s.append(make_event(2))
        later = await _first_checkpoint_size(s, 0.3)
    finally:
        await s.aclose()

    # Only the first commit triggers it; the second record waits for the cadence.
    assert (size, later) == ((1, 1) if at_first_commit else (None, None))


async def test_when_the_first_checkpoint_fails_then_the_next_commit_retries_it(
    tmp_path: Path, signer: CheckpointSigner
) -> None:
    # A first checkpoint that fails (the database refusing writes, as in the e2e fault tests)
    # must not leave the log without one for a whole interval (verify fails meanwhile).
    url = f"sqlite:///{tmp_path}/a.db"
    s = open_audit_store(
        url,
        signer=signer,
        checkpoint_every=10**9,
        checkpoint_interval_s=3600,
        checkpoint_at_first_commit=True,
    )
    await s.open()
    db = RawDb(url)
    try:
        db.run(
            "CREATE TRIGGER refuse_checkpoints BEFORE INSERT ON audit_checkpoints "
            "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
        )
        await s.append(make_event(1))
        refused = await _first_checkpoint_size(s, 0.5)
        db.run("DROP TRIGGER refuse_checkpoints")
        await s.append(make_event(2))
        retried = await _first_checkpoint_size(s, 2.0)
    finally:
        db.close()
        await s.aclose()

    assert (refused, retried) == (None, 2)


async def test_when_store_closes_then_queued_appends_are_committed_and_checkpointed(
    database_url: str, signer: CheckpointSigner
) -> None:
    s = open_audit_store(database_url, signer=signer)
    await s.open()
    pending = [asyncio.create_task(s.append(make_event(i))) for i in range(20)]
    await asyncio.sleep(0)

    await s.aclose()

    records = await asyncio.gather(*pending)
    reopened = open_audit_store(database_url, signer=signer)
    await reopened.open()
    try:
        page = await reopened.query(AuditQuery(limit=100))
        cp = await reopened.latest_checkpoint()
    finally:
        await reopened.aclose()
    assert sorted(r.seq for r in records) == [r.seq for r in page.records] == list(range(1, 21))
    assert cp is not None and cp.tree_size == 20


@pytest.mark.parametrize("kind", ["sqlite-path-is-a-file", "postgres-unreachable"])
async def test_when_store_cannot_be_opened_then_audit_error_without_the_url(
    kind: str, tmp_path: object
) -> None:
    if kind == "postgres-unreachable":
        url = "postgresql://postgres:s3cret@127.0.0.1:1/test"
    else:
        blocker = f"{tmp_path}/file"
        with open(blocker, "w") as fh:
            fh.write("x")
        url = f"sqlite:///{blocker}/audit.db"
    s = open_audit_store(url, connect_timeout_s=0.5)

    with pytest.raises(AuditError, match="could not be opened") as info:
        await s.open()

    assert "s3cret" not in str(info.value) and "127.0.0.1" not in str(info.value)
    assert not await s.ping()
    await s.aclose()


async def test_when_closed_right_after_a_checkpoint_is_wanted_then_close_returns(
    database_url: str, signer: CheckpointSigner
) -> None:
    # Every append asks for a checkpoint, and close() cancels the checkpoint loop a few loop
    # iterations later, often as its wait ends; with asyncio.wait_for (Python 3.11) that
    # cancellation could be swallowed and close() waited for the next interval (an hour).
    for i in range(40):
        s = open_audit_store(
            database_url, signer=signer, checkpoint_every=1, checkpoint_interval_s=3600
        )
        await s.open()
        await s.append(make_event(i))
        for _ in range(i % 7):
            await asyncio.sleep(0)
        async with asyncio.timeout(10):
            await s.aclose()
