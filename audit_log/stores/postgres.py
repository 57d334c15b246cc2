"""PostgreSQL storage driver: psycopg 3 async, on the storage kit's connection pool.

Appends of one process are group-committed by the appender (``audit_log.stores.appender``).
Across processes a transaction-scoped advisory lock (keyed by the schema) serializes the
batches; the chain head is read in a statement *after* the lock is granted, so under READ
COMMITTED it sees every batch committed before, and all processes extend one chain.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import psycopg

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
from storage.database import PostgresDatabase
from storage.postgres import run_postgres

_LOCK = "SELECT pg_advisory_xact_lock(hashtext('leitplanke.audit_log.' || current_schema()))"
_COPY = f"COPY audit_records ({', '.join(INSERT_COLUMNS)}) FROM STDIN"


class PostgresDriver(SqlDriver):
    """A PostgreSQL database (the schema of the connection's search_path) through the
    storage kit's pool."""

    placeholder = "%s"

    def __init__(self, db: PostgresDatabase, *, owns_db: bool = False) -> None:
        self._db = db
        self._owns_db = owns_db
        self.database = db.key

    async def connect(self) -> None:
        if self._owns_db:
            await self._db.open()
        await self._db.migrate(AUDIT_SCHEMA)

    async def disconnect(self) -> None:
        if self._owns_db:
            await self._db.close()

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            async with self._db.connection() as conn:
                cur = await conn.execute(sql, tuple(params))
                return list(await cur.fetchall())
        except psycopg.Error as exc:
            raise errors.AuditError(errors.DB_FAILED.format(cause=type(exc).__name__)) from exc

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            async with self._db.connection() as conn, conn.transaction():
                await conn.execute(_LOCK)
                cur = await conn.execute(sql, tuple(params))
                return int(cur.rowcount)
        except psycopg.Error as exc:
            raise errors.AuditError(errors.DB_FAILED.format(cause=type(exc).__name__)) from exc

    async def commit_batch(self, batch: Sequence[PendingAppend]) -> Committed:
        async with self._db.connection() as conn:
            async with conn.transaction():
                await conn.execute(_LOCK)
                failed = await self._run_writes(conn, batch)
                chained = [p for i, p in enumerate(batch) if i not in failed]
                # Separate statement: its snapshot is taken after the lock is granted.
                cur = await conn.execute(
                    "SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1"
                )
                head = await cur.fetchone()
                keys = await self._ensure_keys(conn, chained)
                rows, records = build_rows(
                    head_seq=int(head[0]) if head else 0,
                    head_hash=head[1] if head else "0" * 64,
                    batch=chained,
                    keys=keys,
                    occurred_at=utc_timestamp(),
                )
                # COPY: one round trip and no per-row statement overhead for the whole batch.
                async with conn.cursor() as cur, cur.copy(_COPY) as copy:
                    for row in rows:
                        await copy.write_row(row)
            return self.in_order(batch, failed, records)

    async def _run_writes(
        self, conn: psycopg.AsyncConnection[Any], batch: Sequence[PendingAppend]
    ) -> dict[int, errors.CoupledWriteError]:
        """Each append's writes under its own savepoint; the failures by position."""
        failed: dict[int, errors.CoupledWriteError] = {}
        for i, pending in enumerate(batch):
            if pending.writes is None:
                continue
            try:
                async with conn.transaction():  # a savepoint inside the batch's transaction
                    await run_postgres(conn, pending.writes.statements)
            except psycopg.Error as exc:
                failed[i] = self.writes_failed(exc)
        return failed

    async def _ensure_keys(
        self, conn: psycopg.AsyncConnection[Any], batch: Sequence[PendingAppend]
    ) -> dict[str, SubjectKey]:
        wanted = sorted({p.event.subject for p in batch if p.event.personal})
        if not wanted:
            return {}
        cur = await conn.execute(
            "SELECT key_id, subject, key_material FROM audit_subject_keys "
            "WHERE subject = ANY(%s) AND key_material IS NOT NULL ORDER BY created_at",
            (wanted,),
        )
        keys = {
            subject: SubjectKey(key_id=k, key=bytes(m), created=False)
            for k, subject, m in await cur.fetchall()
        }
        now = utc_timestamp()
        for subject in wanted:
            if subject not in keys:
                key = SubjectKey(
                    key_id=uuid.uuid4().hex, key=subjects.new_subject_key(), created=True
                )
                await conn.execute(
                    "INSERT INTO audit_subject_keys (key_id, subject, key_material, created_at) "
                    "VALUES (%s, %s, %s, %s)",
                    (key.key_id, subject, key.key, now),
                )
                keys[subject] = key
        return keys

    def contains(self, column: str) -> str:
        return f"strpos({column}, %s) > 0"


class PostgresAuditStore(BaseAuditStore):
    """Audit store in a PostgreSQL database (the schema of the connection's search_path)."""

    def __init__(
        self,
        *,
        url: str = "",
        db: PostgresDatabase | None = None,
        options: StoreOptions,
        pool_size: int = 4,
        connect_timeout_s: float = 10.0,
    ) -> None:
        """On the process's shared ``db``, or on a pool of its own for ``url``."""
        if db is None:
            own = PostgresDatabase(url, pool_size=pool_size, connect_timeout_s=connect_timeout_s)
            driver = PostgresDriver(own, owns_db=True)
        else:
            driver = PostgresDriver(db)
        super().__init__(driver=driver, options=options)
