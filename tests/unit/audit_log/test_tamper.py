"""Tampering with the stored rows is always detected by ``verify`` and located.

A 30-record log with signed checkpoints at 10, 20 and 30 is built once per backend; each
hypothesis example tampers with the raw rows, verifies through a fresh store and restores the
rows from a backup table.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_log import AuditStore, CheckpointSigner, VerifyReport, open_audit_store
from audit_log.canonical import chain_hash, leaf_hash
from audit_log.stores.rows import RECORD_COLUMNS, content_of, row_dict, stored_fields
from tests.unit.audit_log.conftest import make_event

N = 30
CHECKPOINTS = (10, 20, 30)
TEXT_COLUMNS = (
    "event_type",
    "request_id",
    "actor",
    "service",
    "model",
    "purpose",
    "outcome",
    "policy_result",
    "policy_revision",
    "subject",
    "occurred_at",
    "id",
)
JSON_COLUMNS = ("payload", "reason_codes", "pii_entities")
HASH_COLUMNS = ("leaf_hash", "prev_hash", "hash", "payload_sha256")
GUARD_TRIGGERS = (
    "audit_records_no_delete",
    "audit_records_retention_only",
    "audit_checkpoints_no_update",
    "audit_checkpoints_no_delete",
)


class RawDb:
    """Direct SQL access to the store's tables, as an attacker with DB rights has."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.pg = url.startswith("postgresql")
        if self.pg:
            self._conn: Any = psycopg.connect(url, autocommit=True)
        else:
            self._conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.pg:
            sql = sql.replace("?", "%s")
        cur = self._conn.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []

    def rows(self) -> list[dict[str, Any]]:
        cols = ", ".join(RECORD_COLUMNS)
        return [row_dict(r) for r in self.run(f"SELECT {cols} FROM audit_records ORDER BY seq")]

    def set(self, seq: int, **values: Any) -> None:
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.run(f"UPDATE audit_records SET {assignments} WHERE seq = ?", (*values.values(), seq))

    def drop_guards(self) -> None:
        """Remove the append-only triggers, as the database owner can."""
        if self.pg:
            self.run("ALTER TABLE audit_records DISABLE TRIGGER USER")
            self.run("ALTER TABLE audit_checkpoints DISABLE TRIGGER USER")
            return
        for name in GUARD_TRIGGERS:
            self.run(f"DROP TRIGGER {name}")

    def close(self) -> None:
        self._conn.close()


async def _build(url: str, signer: CheckpointSigner) -> None:
    store = open_audit_store(url, signer=signer, checkpoint_every=10**9)
    await store.open()
    try:
        start = 1
        for size in CHECKPOINTS:
            # One group commit per checkpoint interval keeps the fixture fast.
            await asyncio.gather(
                *(
                    store.append(
                        make_event(
                            i, subject=f"sp1_{i % 4}", personal={"n": str(i)} if i % 5 else {}
                        )
                    )
                    for i in range(start, size + 1)
                )
            )
            await store.checkpoint()
            start = size + 1
    finally:
        await store.aclose()


@dataclass
class Log:
    url: str
    signer: CheckpointSigner
    db: RawDb
    loop: asyncio.AbstractEventLoop
    store: AuditStore

    def verify(self) -> VerifyReport:
        return self.loop.run_until_complete(self.store.verify())

    def restore(self) -> None:
        self.db.run("DELETE FROM audit_records")
        self.db.run("INSERT INTO audit_records SELECT * FROM audit_backup")


@pytest.fixture
def log(database_url: str, signer: CheckpointSigner) -> Iterator[Log]:
    asyncio.run(_build(database_url, signer))
    db = RawDb(database_url)
    db.drop_guards()
    db.run("CREATE TABLE audit_backup AS SELECT * FROM audit_records")
    # One loop and one store for all examples: verify() holds no state between calls.
    loop = asyncio.new_event_loop()
    store = open_audit_store(database_url, signer=signer)
    loop.run_until_complete(store.open())
    try:
        yield Log(url=database_url, signer=signer, db=db, loop=loop, store=store)
    finally:
        loop.run_until_complete(store.aclose())
        loop.close()
        db.close()


def _renumber(db: RawDb, from_seq: int, delta: int) -> None:
    # Two steps so a non-deferrable primary key never sees a transient duplicate.
    db.run("UPDATE audit_records SET seq = -seq WHERE seq >= ?", (from_seq,))
    db.run("UPDATE audit_records SET seq = -seq + ? WHERE seq < 0", (delta,))


def _rehash_from(db: RawDb, seq: int) -> None:
    """Recompute leaf and chain hashes from ``seq`` on, as a careful attacker would."""
    rows = db.rows()
    prev = rows[seq - 2]["hash"] if seq > 1 else "0" * 64
    for r in rows[seq - 1 :]:
        leaf = leaf_hash(content_of(r, stored_fields(r)))
        link = chain_hash(prev, leaf)
        db.set(r["seq"], leaf_hash=leaf, prev_hash=prev, hash=link)
        prev = link


tampering = st.one_of(
    st.tuples(
        st.just("edit"),
        st.integers(1, N),
        st.sampled_from(TEXT_COLUMNS + JSON_COLUMNS + HASH_COLUMNS),
        st.text("abcdef0123456789xyz", min_size=1, max_size=12),
    ),
    st.tuples(st.just("delete"), st.integers(1, N)),
    st.tuples(st.just("swap"), st.integers(1, N - 1), st.integers(1, N - 1)),
    st.tuples(st.just("insert"), st.integers(2, N)),
    st.tuples(st.just("truncate"), st.integers(0, N - 1)),
    st.tuples(st.just("rewrite"), st.integers(1, N), st.sampled_from(TEXT_COLUMNS[:-2])),
)


def _apply(db: RawDb, action: tuple[Any, ...]) -> tuple[int, int]:
    """Tamper; returns the range in which ``first_bad_seq`` must fall."""
    kind, k = action[0], action[1]
    rows = db.rows()
    if kind == "edit":
        column, text = action[2], action[3]
        old = rows[k - 1][column]
        if column in JSON_COLUMNS:
            new = '{"x": "' + text + '"}'
        elif column in HASH_COLUMNS:
            new = (text.encode().hex() * 64)[:64]
        else:
            new = f"{old}~{text}"
        if new == old:
            new = new[::-1] + "0"
        db.set(k, **{column: new})
        return k, k
    if kind == "delete":
        db.run("DELETE FROM audit_records WHERE seq = ?", (k,))
        return k, k
    if kind == "swap":
        a, b = sorted((k, action[2] + (action[2] >= k)))
        ra, rb = rows[a - 1], rows[b - 1]
        cols = [c for c in RECORD_COLUMNS if c != "seq"]
        db.set(b, id="swap-in-progress")
        db.set(a, **{c: rb[c] for c in cols})
        db.set(b, **{c: ra[c] for c in cols})
        return a, a
    if kind == "insert":
        _renumber(db, k, 1)
        forged = dict(rows[k - 1])
        forged.update(seq=k, id=f"forged{k}", actor="intruder", prev_hash=rows[k - 2]["hash"])
        forged["leaf_hash"] = leaf_hash(content_of(forged, stored_fields(forged)))
        forged["hash"] = chain_hash(forged["prev_hash"], forged["leaf_hash"])
        cols = ", ".join(RECORD_COLUMNS)
        marks = ", ".join("?" for _ in RECORD_COLUMNS)
        db.run(
            f"INSERT INTO audit_records ({cols}, reason_codes_idx, pii_types_idx) "
            f"VALUES ({marks}, '', '')",
            tuple(forged[c] for c in RECORD_COLUMNS),
        )
        # The forged record is self-consistent; the checkpoint over it may fire first.
        return max([0, *(c for c in CHECKPOINTS if c < k)]) + 1, k + 1
    if kind == "truncate":
        db.run("DELETE FROM audit_records WHERE seq > ?", (k,))
        return k + 1, k + 1
    assert kind == "rewrite"
    column = action[2]
    db.set(k, **{column: f"{rows[k - 1][column]}~rewritten"})
    _rehash_from(db, k)
    return 1, k


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(action=tampering)
def test_when_rows_are_tampered_then_verify_detects_and_locates_it(
    log: Log, action: tuple[Any, ...]
) -> None:
    try:
        low, high = _apply(log.db, action)
        report = log.verify()
    finally:
        log.restore()

    assert not report.ok, action
    assert report.problem
    assert report.first_bad_seq is not None
    assert low <= report.first_bad_seq <= high, (action, report)


def test_when_log_is_untouched_then_verify_is_ok(log: Log) -> None:
    report = log.verify()

    assert report.ok, report.problem
    assert (report.records_checked, report.checkpoints_checked) == (N, len(CHECKPOINTS))
    assert report.latest_checkpoint_size == N


CHECKPOINT_EDITS = [
    ("root_hash", "ab" * 32),
    ("head_hash", "cd" * 32),
    ("signature", "AAAA"),
    ("tree_size", 7),
    # created_at is not signed (C2SP checkpoints carry no time): the RFC 3161 token and the
    # witness cosignature carry the trusted time, checked in test_anchored_tamper.py.
]


def test_when_checkpoint_row_is_edited_then_verify_reports_it(log: Log) -> None:
    for column, value in CHECKPOINT_EDITS:
        (old,) = log.db.run(f"SELECT {column} FROM audit_checkpoints WHERE tree_size = 20")[0]
        log.db.run(f"UPDATE audit_checkpoints SET {column} = ? WHERE tree_size = 20", (value,))
        try:
            report = log.verify()
        finally:
            where = 7 if column == "tree_size" else 20
            log.db.run(
                f"UPDATE audit_checkpoints SET {column} = ? WHERE tree_size = ?", (old, where)
            )

        assert not report.ok, column
        assert "checkpoint" in report.problem, column
    assert log.verify().ok


def test_when_checkpoints_are_deleted_with_a_truncation_then_trusted_checkpoint_catches_it(
    log: Log,
) -> None:
    async def run() -> tuple[VerifyReport, VerifyReport]:
        store = open_audit_store(log.url, signer=log.signer)
        await store.open()
        try:
            trusted = await store.latest_checkpoint()
            assert trusted is not None
            log.db.run("DELETE FROM audit_records WHERE seq > 25")
            log.db.run("DELETE FROM audit_checkpoints WHERE tree_size > 20")
            return await store.verify(), await store.verify(trusted_checkpoints=[trusted])
        finally:
            await store.aclose()

    blind, informed = asyncio.run(run())

    assert blind.ok  # what the database alone can prove
    assert not informed.ok and informed.first_bad_seq == 26
    assert "truncated" in informed.problem


GUARD_CASES = [
    ("UPDATE audit_records SET actor = 'x' WHERE seq = 3", False),
    ("UPDATE audit_records SET seq = 99 WHERE seq = 30", False),
    ("UPDATE audit_records SET hash = leaf_hash WHERE seq = 3", False),
    ("UPDATE audit_records SET payload = '{}' WHERE seq = 3", False),
    ("UPDATE audit_records SET personal_ct = 'AAAA' WHERE seq = 3", False),
    ("DELETE FROM audit_records WHERE seq = 30", False),
    ("UPDATE audit_checkpoints SET root_hash = 'x' WHERE tree_size = 10", False),
    ("DELETE FROM audit_checkpoints WHERE tree_size = 30", False),
    ("UPDATE audit_records SET payload = NULL, personal_ct = NULL WHERE seq = 3", True),
]


def test_when_sql_changes_committed_rows_then_the_database_refuses_all_but_retention(
    database_url: str, signer: CheckpointSigner
) -> None:
    asyncio.run(_build(database_url, signer))
    db = RawDb(database_url)
    try:
        # Refused statements change nothing, so the whole table runs against one log.
        for statement, allowed in GUARD_CASES:
            if allowed:
                db.run(statement)
                continue
            with pytest.raises((sqlite3.DatabaseError, psycopg.Error), match="append-only"):
                db.run(statement)
        assert db.run("SELECT payload FROM audit_records WHERE seq = 3") == [(None,)]
    finally:
        db.close()
