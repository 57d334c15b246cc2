"""One database connection kit for every store: SQLite and PostgreSQL behind one async API.

A store is written once, with ``?`` placeholders, against :class:`Database`:

* ``fetch`` / ``fetch_one`` read (SQLite: on reader threads of their own, WAL lets them run
  beside a write; PostgreSQL: from the pool);
* ``execute`` writes one statement in its own transaction;
* ``transaction()`` gives a :class:`Transaction` for several statements that commit together
  (SQLite: ``BEGIN IMMEDIATE`` on the one writer thread, one transaction at a time per process;
  PostgreSQL: one pooled connection);
* SQLite's ``write(fn)`` runs a whole transaction in one hop to the writer thread (the audit
  log's group commit), PostgreSQL's ``connection()`` lends a pooled connection for what only
  psycopg can do (``COPY``, advisory locks);
* ``insert_new`` inserts many rows, skipping keys already stored (SQLite ``executemany``;
  PostgreSQL ``COPY`` into a staging table, then one ``INSERT ... ON CONFLICT DO NOTHING``).

SQLite writers of other processes (``serve --workers N``) queue on an exclusive ``flock`` of
``<db>-writelock`` before ``BEGIN IMMEDIATE``: the kernel wakes the next writer the moment the
lock is released, whereas SQLite's busy handler polls with sleeps of up to 100 ms. Commits are
durable when they return (``synchronous=FULL``; PostgreSQL ``synchronous_commit=on``): the
audit log shares the database, and an acknowledged record must survive a power loss.

What still differs between the dialects is the schema (``storage.migrations``) and a few
column types, which a store reads from ``Database.dialect``. Every driver failure becomes
:class:`DatabaseError`, whose message names only the kind of failure (a URL may hold a
password); :class:`DuplicateKeyError` when a unique key is violated.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from storage.migrations import Schema, StorageError
from storage.writes import Dialect, database_key, dialect_sql, sqlite_file

T = TypeVar("T")
Row = tuple[Any, ...]
MSG_FAILED = "database operation failed ({cause})"
MSG_CLOSED = "database is closed"
MSG_UNSUPPORTED = "unsupported database URL scheme {scheme!r}: use sqlite:/// or postgresql://"
BUSY_TIMEOUT_MS = 15_000
WAL_ATTEMPTS = 50
WAL_RETRY_S = 0.1


class DatabaseError(StorageError):
    """The database failed; the message names only the kind of failure (``cause``)."""

    def __init__(self, message: str, *, cause: str = "") -> None:
        super().__init__(message)
        self.cause = cause


class DuplicateKeyError(DatabaseError):
    """A row with this unique key is already stored."""


def _failure(exc: BaseException) -> DatabaseError:
    kind = type(exc).__name__
    duplicate = isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)
    duplicate = duplicate or kind == "UniqueViolation"
    kind_of = DuplicateKeyError if duplicate else DatabaseError
    error = kind_of(MSG_FAILED.format(cause=kind), cause=kind)
    error.__cause__ = exc
    return error


class Transaction(ABC):
    """Statements that commit together (``Database.transaction``)."""

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; its row count."""

    @abstractmethod
    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a query, inside this transaction."""

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        rows = await self.fetch(sql, params)
        return rows[0] if rows else None

    @abstractmethod
    async def insert_new(
        self, table: str, columns: Sequence[str], rows: Sequence[Row], *, key: str
    ) -> int:
        """Insert ``rows``, skipping those whose ``key`` column is already stored; how many
        were new."""


class Database(ABC):
    """One database (SQLite file or PostgreSQL schema), shared by the stores of a process."""

    dialect: Dialect
    key: str  # storage.writes.database_key: what Writes for this database carry

    @abstractmethod
    async def migrate(self, schema: Schema) -> int:
        """Apply ``schema``'s pending migrations; its latest version."""

    @abstractmethod
    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a read-only query."""

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a read-only query, or None."""
        rows = await self.fetch(sql, params)
        return rows[0] if rows else None

    async def fetch_quick(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """A lookup by a unique index on every request (API keys): like ``fetch``; SQLite
        answers it on the event loop's own connection when that costs less than a thread hop."""
        return await self.fetch(sql, params)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement in its own transaction; its row count."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    @abstractmethod
    def transaction(self) -> contextlib.AbstractAsyncContextManager[Transaction]:
        """A write transaction: committed when the block ends, rolled back if it raises."""

    @abstractmethod
    async def close(self) -> None:
        """Close every connection."""


# ---- SQLite ----------------------------------------------------------------------------------


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, retrying: while another process opens the file at the same moment,
    SQLite answers "database is locked" at once here instead of waiting for busy_timeout."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(WAL_RETRY_S)


class _SqliteTransaction(Transaction):
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return await self._db.on_writer(lambda c: c.execute(sql, tuple(params)).rowcount)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await self._db.on_writer(lambda c: c.execute(sql, tuple(params)).fetchall())

    async def insert_new(
        self, table: str, columns: Sequence[str], rows: Sequence[Row], *, key: str
    ) -> int:
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)})"  # noqa: S608 - names from the store
            f" VALUES ({', '.join('?' for _ in columns)}) ON CONFLICT ({key}) DO NOTHING"
        )
        return await self._db.on_writer(lambda c: c.executemany(sql, rows).rowcount)


class SqliteDatabase(Database):
    """A SQLite file: one writer thread and connection, two reader threads (WAL).

    Writes run one at a time in this process (an asyncio lock) and, across processes, under
    the lock file.
    """

    dialect: Dialect = "sqlite"

    def __init__(self, url: str) -> None:
        self.key = database_key(url)
        self._file = sqlite_file(url)
        self._memory = self._file == ":memory:"
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="db-sqlite-writer")
        # An in-memory database exists once per connection: its reads use the writer.
        self._readers = self._writer if self._memory else ThreadPoolExecutor(2, "db-sqlite-reader")
        self._writer_conn: sqlite3.Connection | None = None
        self._reader_conns: list[sqlite3.Connection] = []
        self._local = threading.local()
        self._conns_lock = threading.Lock()
        self._write_lock = asyncio.Lock()  # one transaction at a time on the writer connection
        self._closed = False
        self._lock_path = None if self._memory else Path(self._file + "-writelock")
        self._lock_fd: int | None = None
        self._loop_conn: sqlite3.Connection | None = None  # fetch_quick's, event loop only

    @property
    def in_memory(self) -> bool:
        """True for ``sqlite://`` (gone when closed)."""
        return self._memory

    def _connect(self) -> sqlite3.Connection:
        if not self._memory:
            Path(self._file).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self._file, isolation_level=None, check_same_thread=False, timeout=15
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not self._memory:
            _enable_wal(conn)
        # FULL: a commit is on disk before COMMIT returns, also in WAL mode.
        conn.execute("PRAGMA synchronous = FULL")
        # Overwrite deleted content, so destroyed subject keys do not linger in free pages.
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _wconn(self) -> sqlite3.Connection:
        if self._writer_conn is None:
            self._writer_conn = self._connect()
        return self._writer_conn

    def _rconn(self) -> sqlite3.Connection:
        if self._memory:
            return self._wconn()
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
            with self._conns_lock:
                self._reader_conns.append(conn)
        return conn

    async def _in(self, pool: ThreadPoolExecutor, fn: Callable[[], T]) -> T:
        if self._closed:
            raise DatabaseError(MSG_CLOSED)
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, fn)
        except (sqlite3.Error, OSError) as exc:
            raise _failure(exc) from exc

    async def on_writer(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` with the writer connection on the writer thread."""
        return await self._in(self._writer, lambda: fn(self._wconn()))

    def _lock(self) -> None:
        """Take the cross-process write lock (writer thread only)."""
        if self._lock_path is None:
            return
        if self._lock_fd is None:
            self._lock_path.parent.mkdir(parents=True, exist_ok=True)
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _begin(self, conn: sqlite3.Connection) -> None:
        self._lock()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._unlock()
            raise

    def _end(self, conn: sqlite3.Connection, *, commit: bool) -> None:
        try:
            if commit:
                try:
                    conn.execute("COMMIT")
                except BaseException:
                    _rollback(conn)
                    raise
            else:
                _rollback(conn)
        finally:
            self._unlock()

    async def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` in one write transaction, in one hop to the writer thread."""

        def run() -> T:
            conn = self._wconn()
            self._begin(conn)
            try:
                result = fn(conn)
            except BaseException:
                self._end(conn, commit=False)
                raise
            self._end(conn, commit=True)
            return result

        async with self._write_lock:
            return await self._in(self._writer, run)

    async def migrate(self, schema: Schema) -> int:
        from storage.sqlite import apply_sqlite

        return await self.write(lambda conn: apply_sqlite(conn, schema))

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return await self.write(lambda conn: conn.execute(sql, tuple(params)).rowcount)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await self._in(
            self._readers, lambda: self._rconn().execute(sql, tuple(params)).fetchall()
        )

    async def fetch_quick(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        # A read of a unique index in a WAL database takes tens of µs, less than a thread hop.
        # The loop's connection never waits (busy_timeout 0): when the file is busy (a
        # checkpoint, another process's exclusive lock) the read waits on a reader thread.
        if self._memory or self._closed:
            return await self.fetch(sql, params)
        try:
            if self._loop_conn is None:
                self._loop_conn = self._connect()
                self._loop_conn.execute("PRAGMA busy_timeout = 0")
            return self._loop_conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.OperationalError:
            return await self.fetch(sql, params)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._write_lock:
            await self.on_writer(self._begin)
            try:
                yield _SqliteTransaction(self)
            except BaseException:
                await asyncio.shield(self.on_writer(lambda c: self._end(c, commit=False)))
                raise
            await self.on_writer(lambda c: self._end(c, commit=True))

    async def close(self) -> None:
        def close_all() -> None:
            if self._writer_conn is not None:
                self._writer_conn.close()
                self._writer_conn = None
            with self._conns_lock:
                for conn in self._reader_conns:
                    conn.close()
                self._reader_conns.clear()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

        if self._closed:
            return
        if self._loop_conn is not None:
            self._loop_conn.close()
            self._loop_conn = None
        # A read may still run on a reader thread: a task that awaited it was cancelled, which
        # does not stop the thread (the audit store's checkpoint loop, cancelled by close()).
        # Closing its connection under it crashed the process (SIGSEGV in sqlite3), so the
        # reader pool is drained first; its connections are then closed from the writer
        # thread (check_same_thread=False).
        if self._readers is not self._writer:
            await asyncio.to_thread(self._readers.shutdown, wait=True)
        await asyncio.get_running_loop().run_in_executor(self._writer, close_all)
        self._closed = True
        self._writer.shutdown(wait=True)


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


# ---- PostgreSQL ------------------------------------------------------------------------------


class _PostgresTransaction(Transaction):
    def __init__(self, conn: Any) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = await self._conn.execute(dialect_sql(sql, "postgresql"), tuple(params))
        return int(cur.rowcount)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = await self._conn.execute(dialect_sql(sql, "postgresql"), tuple(params))
        return [tuple(r) for r in await cur.fetchall()]

    async def insert_new(
        self, table: str, columns: Sequence[str], rows: Sequence[Row], *, key: str
    ) -> int:
        names = ", ".join(columns)
        staging = f"lp_staging_{table}"
        await self._conn.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {table} INCLUDING DEFAULTS)"
            " ON COMMIT DROP"
        )
        async with self._conn.cursor().copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
            for row in rows:
                await copy.write_row(row)
        cur = await self._conn.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging}"  # noqa: S608
            f" ON CONFLICT ({key}) DO NOTHING"
        )
        await self._conn.execute(f"TRUNCATE {staging}")
        return int(cur.rowcount)


async def _durable_commits(conn: Any) -> None:
    # Durable acknowledgements even if the server default was relaxed.
    await conn.execute("SET synchronous_commit = on")


class PostgresDatabase(Database):
    """A PostgreSQL database (the schema of the connection's search_path), pooled."""

    dialect: Dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 4, connect_timeout_s: float = 10.0) -> None:
        from psycopg_pool import AsyncConnectionPool

        self.key = database_key(url)
        self._timeout = connect_timeout_s
        self._pool: Any = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True},
            configure=_durable_commits,
            open=False,
            timeout=connect_timeout_s,
        )

    async def open(self) -> None:
        """Open the pool (waits for the first connection)."""
        try:
            await self._pool.open(wait=True, timeout=self._timeout)
        except Exception as exc:
            await self._pool.close()
            raise _failure(exc) from exc

    async def migrate(self, schema: Schema) -> int:
        from storage.postgres import migrate_postgres

        async with self._guard(), self._pool.connection() as conn:
            return await migrate_postgres(conn, schema)

    @contextlib.asynccontextmanager
    async def _guard(self) -> AsyncIterator[None]:
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            yield
        except (psycopg.Error, PoolTimeout, OSError) as exc:
            raise _failure(exc) from exc

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self._guard(), self._pool.connection() as conn:
            return await _PostgresTransaction(conn).fetch(sql, params)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._guard(), self._pool.connection() as conn, conn.transaction():
            yield _PostgresTransaction(conn)

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        """A pooled psycopg connection (autocommit) for what only psycopg can do; errors
        pass through unchanged."""
        async with self._pool.connection() as conn:
            yield conn

    async def close(self) -> None:
        await self._pool.close()


async def open_database(url: str, *, pool_size: int = 4) -> Database:
    """The database behind ``url`` (``sqlite:///...``, ``sqlite://`` in memory, ``postgresql://``).

    Raises:
        DatabaseError: unsupported scheme or unreachable database.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        db = SqliteDatabase(url)
        await db.on_writer(lambda c: None)  # opens (and creates) the file now: fail early
        return db
    if scheme in ("postgresql", "postgres"):
        pg = PostgresDatabase(url, pool_size=pool_size)
        await pg.open()
        return pg
    raise DatabaseError(MSG_UNSUPPORTED.format(scheme=scheme))
