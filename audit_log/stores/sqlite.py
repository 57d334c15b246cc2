"""SQLite storage driver on the storage kit (``storage.database.SqliteDatabase``).

Every write (group-committed appends, checkpoints, retention, erasure) runs as one
``SqliteDatabase.write`` on the kit's writer thread, under its cross-process lock file and
``BEGIN IMMEDIATE``, with ``synchronous=FULL``; reads use the kit's reader threads (WAL lets
them run while a write is in progress). The event loop only awaits.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
from storage.database import DatabaseError, SqliteDatabase
from storage.writes import run_sqlite

_INSERT = (
    f"INSERT INTO audit_records ({', '.join(INSERT_COLUMNS)}) "  # noqa: S608 - constant column names
    f"VALUES ({', '.join('?' for _ in INSERT_COLUMNS)})"
)


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
    """One SQLite file through the storage kit: its writer thread, lock file and readers."""

    placeholder = "?"

    def __init__(self, db: SqliteDatabase, *, owns_db: bool = False) -> None:
        self._db = db
        self._owns_db = owns_db
        self.database = db.key

    async def connect(self) -> None:
        await self._db.migrate(AUDIT_SCHEMA)

    async def disconnect(self) -> None:
        if self._owns_db:
            await self._db.close()

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return list(await self._db.fetch(sql, params))
        except DatabaseError as exc:
            raise errors.AuditError(errors.DB_FAILED.format(cause=exc.cause)) from exc

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return await self._db.execute(sql, params)
        except DatabaseError as exc:
            raise errors.AuditError(errors.DB_FAILED.format(cause=exc.cause)) from exc

    async def commit_batch(self, batch: Sequence[PendingAppend]) -> Committed:
        def run(conn: sqlite3.Connection) -> tuple[dict[int, BaseException], list[AuditRecord]]:
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

        failed, records = await self._db.write(run)
        return self.in_order(
            batch, {i: self.writes_failed(exc) for i, exc in failed.items()}, records
        )

    def contains(self, column: str) -> str:
        return f"instr({column}, ?) > 0"


class SqliteAuditStore(BaseAuditStore):
    """Audit store in one SQLite file."""

    def __init__(
        self, *, path: Path | None = None, db: SqliteDatabase | None = None, options: StoreOptions
    ) -> None:
        """On the process's shared ``db``, or on a database of its own at ``path``."""
        if db is None:
            if path is None:
                raise errors.AuditError(errors.OPEN_FAILED.format(cause="no path"))
            driver = SqliteDriver(SqliteDatabase(f"sqlite:///{path}"), owns_db=True)
        else:
            driver = SqliteDriver(db)
        super().__init__(driver=driver, options=options)
