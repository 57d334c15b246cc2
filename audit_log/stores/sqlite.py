"""SQLite storage driver: WAL, ``synchronous=FULL``, one writer thread, a small reader pool.

Every write (group-committed appends, checkpoints, retention, erasure) runs on one dedicated
thread holding one connection, so writes never contend inside the process. Writers in other
processes (``serve --workers N``) queue on an exclusive ``flock`` of ``<db>-writelock`` before
``BEGIN IMMEDIATE``: the kernel wakes the next writer the moment the lock is released, whereas
SQLite's busy handler polls with sleeps of up to 100 ms (measured with two processes appending:
p99 20-35 ms, max 0.2-0.8 s per append). The busy timeout stays as the fallback for writers
that do not take the lock file. Reads use their own connections on two more threads; WAL lets
them run while a write is in progress. The event loop only awaits.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from audit_log import errors, subjects
from audit_log.stores.base import BaseAuditStore
from audit_log.stores.driver import Committed, SqlDriver
from audit_log.stores.migrations import AUDIT_SCHEMA
from audit_log.stores.options import StoreOptions
from audit_log.stores.rows import (
    INSERT_COLUMNS,
    PendingAppend,
    Row,
    SubjectKey,
    build_rows,
    utc_timestamp,
)
from audit_log.types import AuditRecord
from storage.sqlite import apply_sqlite
from storage.writes import database_key, run_sqlite

T = TypeVar("T")
_BUSY_TIMEOUT_MS = 15_000
_INSERT = (
    f"INSERT INTO audit_records ({', '.join(INSERT_COLUMNS)}) "  # noqa: S608 - constant column names
    f"VALUES ({', '.join('?' for _ in INSERT_COLUMNS)})"
)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=15)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before COMMIT returns, also in WAL mode.
    conn.execute("PRAGMA synchronous = FULL")
    # Overwrite deleted content, so destroyed subject keys do not linger in free pages.
    conn.execute("PRAGMA secure_delete = ON")
    return conn


class _WriteTransaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` on the writer connection, under the cross-process lock.

    Used only on the writer thread. The lock file sits next to the database and is opened once.
    """

    def __init__(self, path: Path) -> None:
        self._lock_path = path.with_name(path.name + "-writelock")
        self._lock_fd: int | None = None

    @contextlib.contextmanager
    def __call__(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        if self._lock_fd is None:
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def run_writes_sync(
    conn: sqlite3.Connection, batch: Sequence[PendingAppend]
) -> dict[int, BaseException]:
    """Each append's writes under its own savepoint; the failures by position in ``batch``."""
    failed: dict[int, BaseException] = {}
    for i, pending in enumerate(batch):
        if pending.writes is None:
            continue
        conn.execute("SAVEPOINT coupled_writes")
        try:
            run_sqlite(conn, pending.writes.statements)
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK TO coupled_writes")
            failed[i] = exc
        conn.execute("RELEASE coupled_writes")
    return failed


def ensure_subject_keys_sync(
    conn: sqlite3.Connection, batch: Sequence[PendingAppend]
) -> dict[str, SubjectKey]:
    """Active key per subject that has personal fields in ``batch``; creates missing ones."""
    wanted = sorted({p.event.subject for p in batch if p.event.personal})
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = conn.execute(
        "SELECT key_id, subject, key_material FROM audit_subject_keys "  # noqa: S608 - constant column names
        f"WHERE subject IN ({marks}) AND key_material IS NOT NULL ORDER BY created_at",
        wanted,
    ).fetchall()
    keys = {subject: SubjectKey(key_id=k, key=bytes(m), created=False) for k, subject, m in rows}
    now = utc_timestamp()
    for subject in wanted:
        if subject not in keys:
            key = SubjectKey(key_id=uuid.uuid4().hex, key=subjects.new_subject_key(), created=True)
            conn.execute(
                "INSERT INTO audit_subject_keys (key_id, subject, key_material, created_at) "
                "VALUES (?, ?, ?, ?)",
                (key.key_id, subject, key.key, now),
            )
            keys[subject] = key
    return keys


class SqliteDriver(SqlDriver):
    """One SQLite file: a writer thread and two reader threads."""

    placeholder = "?"

    def __init__(self, path: Path) -> None:
        self._path = path
        self.database = database_key(f"sqlite:///{path}")
        self._writer_pool: ThreadPoolExecutor | None = None
        self._reader_pool: ThreadPoolExecutor | None = None
        self._writer_conn: sqlite3.Connection | None = None
        self._write_transaction = _WriteTransaction(path)
        self._local = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    async def _in(self, pool: ThreadPoolExecutor | None, fn: Callable[[], T]) -> T:
        if pool is None:
            raise errors.AuditError(errors.STORE_NOT_OPEN)
        return await asyncio.get_running_loop().run_in_executor(pool, fn)

    def _wconn(self) -> sqlite3.Connection:
        if self._writer_conn is None:
            self._writer_conn = _connect(self._path)
        return self._writer_conn

    def _rconn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self._path)
            self._local.conn = conn
            with self._lock:
                self._reader_conns.append(conn)
        return conn

    async def connect(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._writer_pool = ThreadPoolExecutor(1, thread_name_prefix="audit-sqlite-writer")
        self._reader_pool = ThreadPoolExecutor(2, thread_name_prefix="audit-sqlite-reader")
        await self._in(self._writer_pool, self._migrate)

    def _migrate(self) -> None:
        with self._write_transaction(self._wconn()) as conn:
            apply_sqlite(conn, AUDIT_SCHEMA)

    async def disconnect(self) -> None:
        def close_writer() -> None:
            if self._writer_conn is not None:
                self._writer_conn.close()
                self._writer_conn = None
            self._write_transaction.close()

        if self._writer_pool is not None:
            await self._in(self._writer_pool, close_writer)
            self._writer_pool.shutdown(wait=True)
        if self._reader_pool is not None:
            self._reader_pool.shutdown(wait=True)
        with self._lock:
            for conn in self._reader_conns:
                conn.close()
            self._reader_conns.clear()

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return await self._in(
                self._reader_pool, lambda: self._rconn().execute(sql, tuple(params)).fetchall()
            )
        except sqlite3.Error as exc:
            raise errors.AuditError(errors.DB_FAILED.format(cause=type(exc).__name__)) from exc

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        def run() -> int:
            with self._write_transaction(self._wconn()) as conn:
                return conn.execute(sql, tuple(params)).rowcount

        try:
            return await self._in(self._writer_pool, run)
        except sqlite3.Error as exc:
            raise errors.AuditError(errors.DB_FAILED.format(cause=type(exc).__name__)) from exc

    async def commit_batch(self, batch: Sequence[PendingAppend]) -> Committed:
        def run() -> tuple[dict[int, BaseException], list[AuditRecord]]:
            with self._write_transaction(self._wconn()) as conn:
                failed = run_writes_sync(conn, batch)
                chained = [p for i, p in enumerate(batch) if i not in failed]
                head = conn.execute(
                    "SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                keys = ensure_subject_keys_sync(conn, chained)
                rows, records = build_rows(
                    head_seq=head[0] if head else 0,
                    head_hash=head[1] if head else "0" * 64,
                    batch=chained,
                    keys=keys,
                    occurred_at=utc_timestamp(),
                )
                conn.executemany(_INSERT, rows)
            return failed, records

        failed, records = await self._in(self._writer_pool, run)
        return self.in_order(
            batch, {i: self.writes_failed(exc) for i, exc in failed.items()}, records
        )

    def contains(self, column: str) -> str:
        return f"instr({column}, ?) > 0"


class SqliteAuditStore(BaseAuditStore):
    """Audit store in one SQLite file."""

    def __init__(self, *, path: Path, options: StoreOptions) -> None:
        super().__init__(driver=SqliteDriver(path), options=options)
