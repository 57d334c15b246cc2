"""API keys of calling services and officers, stored only as keyed hashes.

A key is shown once when it is created (``leitplanke keys create``) and never stored: the
database holds HMAC-SHA256(pepper, key). Lookups are by hash, so revocation takes effect on
the next request in every gateway process. A key may be bound to services (``--services``):
what it may see is decided by ``gateway.authz``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from storage.migrations import AddColumn, Migration, Schema, StorageError
from storage.postgres import migrate_postgres
from storage.sqlite import migrate_sqlite

Role = Literal["ai-service", "compliance-officer", "admin", "caseworker"]
ROLES: tuple[Role, ...] = ("ai-service", "compliance-officer", "admin", "caseworker")
KEY_PREFIX = "lpk_"

_API_KEYS_TABLE = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    services TEXT
)
"""
# Version 1: the table as released in 0.4.0 (IF NOT EXISTS: a 0.4.0 database adopts it).
# Version 2: key stores created before keys could be bound to services get the column (NULL:
# unbound); 0.4 added it ad hoc on open, so AddColumn skips it where it exists.
_ADD_SERVICES = AddColumn(table="api_keys", column="services", type="TEXT")
KEYS_SCHEMA = Schema(
    store="api_keys",
    migrations=(
        Migration(
            version=1,
            description="API keys (hashed)",
            sqlite=(_API_KEYS_TABLE,),
            postgres=(_API_KEYS_TABLE,),
        ),
        Migration(
            version=2,
            description="keys bound to services",
            sqlite=(_ADD_SERVICES,),
            postgres=(_ADD_SERVICES,),
        ),
    ),
)


class KeyStoreError(Exception):
    """The key store could not be read or written."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """Who is calling: resolved from a valid, unrevoked key."""

    key_id: str
    name: str
    role: Role
    # Services the credential is bound to (a key's --services, an OIDC token's services
    # claim; "*" for all); None: not bound. ``gateway.authz`` turns this into a scope.
    services: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuedKey:
    identity: Identity
    secret: str  # shown once to the operator, never stored


def hash_key(secret: str, pepper: str) -> str:
    return hmac.new(pepper.encode(), secret.encode(), hashlib.sha256).hexdigest()


def _services_column(services: tuple[str, ...] | None) -> str | None:
    return None if services is None else ",".join(services)


def _services_of(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(s for s in str(value).split(",") if s)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class KeyStore(Protocol):
    async def open(self) -> None: ...
    async def create(
        self, *, name: str, role: Role, services: tuple[str, ...] | None = None
    ) -> IssuedKey: ...
    async def resolve(self, secret: str) -> Identity | None: ...
    async def revoke_by_name(self, name: str) -> int: ...
    async def ping(self) -> bool: ...
    async def aclose(self) -> None: ...


class _BaseKeyStore:
    def __init__(self, *, pepper: str) -> None:
        self._pepper = pepper

    def _new_key(
        self, name: str, role: Role, services: tuple[str, ...] | None
    ) -> tuple[IssuedKey, tuple[str, str, str, str, str, str | None]]:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        if services is not None and any("," in s or not s for s in services):
            raise ValueError("service names must be non-empty and contain no comma")
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        key_id = uuid.uuid4().hex
        row = (
            key_id,
            name,
            role,
            hash_key(secret, self._pepper),
            _now(),
            _services_column(services),
        )
        identity = Identity(key_id=key_id, name=name, role=role, services=services)
        return IssuedKey(identity=identity, secret=secret), row


class SqliteKeyStore(_BaseKeyStore):
    """Keys in the embedded SQLite database (same file as the audit log by default)."""

    def __init__(self, *, path: Path, pepper: str) -> None:
        super().__init__(pepper=pepper)
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._path, check_same_thread=False, timeout=10)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                migrate_sqlite(conn, KEYS_SCHEMA)
            except StorageError as exc:
                conn.close()
                raise KeyStoreError(str(exc)) from exc
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _run(
        self, sql: str, params: tuple[object, ...] = (), *, write: bool = False
    ) -> list[tuple[object, ...]]:
        with self._lock:
            return self._execute_locked(sql, params, write=write)

    def _execute_locked(
        self, sql: str, params: tuple[object, ...], *, write: bool = False
    ) -> list[tuple[object, ...]]:
        """Runs ``sql`` on the connection; the caller holds ``self._lock``."""
        try:
            conn = self._connection()
            rows = conn.execute(sql, params).fetchall()
            if write:
                conn.commit()
            return rows
        except sqlite3.Error as exc:
            raise KeyStoreError(type(exc).__name__) from exc

    async def open(self) -> None:
        await asyncio.to_thread(self._connection)

    async def create(
        self, *, name: str, role: Role, services: tuple[str, ...] | None = None
    ) -> IssuedKey:
        issued, row = self._new_key(name, role, services)
        await asyncio.to_thread(
            self._run,
            "INSERT INTO api_keys (id, name, role, key_hash, created_at, services) "
            "VALUES (?,?,?,?,?,?)",
            row,
            write=True,
        )
        return issued

    async def resolve(self, secret: str) -> Identity | None:
        query = (
            "SELECT id, name, role, services FROM api_keys "
            "WHERE key_hash = ? AND revoked_at IS NULL"
        )
        params = (hash_key(secret, self._pepper),)
        # One read of a unique index in a WAL database takes tens of µs, less than a thread
        # hop, so it runs on the loop when the connection is free. When a key is being
        # created or revoked (the lock is held) or the database is not open yet, it waits in
        # a thread instead, so the loop never blocks on a lock.
        if self._conn is not None and self._lock.acquire(blocking=False):
            try:
                rows = self._execute_locked(query, params)
            finally:
                self._lock.release()
        else:
            rows = await asyncio.to_thread(self._run, query, params)
        if not rows:
            return None
        key_id, name, role, services = rows[0]
        return Identity(
            key_id=str(key_id),
            name=str(name),
            role=role,  # type: ignore[arg-type]
            services=_services_of(services),
        )

    async def revoke_by_name(self, name: str) -> int:
        await asyncio.to_thread(
            self._run,
            "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
            (_now(), name),
            write=True,
        )
        rows = await asyncio.to_thread(self._run, "SELECT changes()")
        return int(str(rows[0][0]))

    async def ping(self) -> bool:
        try:
            await asyncio.to_thread(self._run, "SELECT 1")
        except KeyStoreError:
            return False
        return True

    async def aclose(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class PostgresKeyStore(_BaseKeyStore):
    """Keys in PostgreSQL, through a small psycopg connection pool."""

    def __init__(self, *, url: str, pepper: str) -> None:
        super().__init__(pepper=pepper)
        from psycopg_pool import AsyncConnectionPool

        self._pool = AsyncConnectionPool(url, min_size=1, max_size=4, open=False)

    async def _execute(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        import psycopg

        try:
            async with self._pool.connection() as conn:
                cur = await conn.execute(sql, params)
                rows = await cur.fetchall() if cur.description else []
                if cur.description is None:
                    rows = [(cur.rowcount,)]
                return rows
        except (psycopg.Error, OSError) as exc:
            raise KeyStoreError(type(exc).__name__) from exc

    async def open(self) -> None:
        import psycopg

        await self._pool.open(wait=True, timeout=10)
        try:
            async with self._pool.connection() as conn:
                await migrate_postgres(conn, KEYS_SCHEMA)
        except (psycopg.Error, OSError) as exc:
            raise KeyStoreError(type(exc).__name__) from exc
        except StorageError as exc:
            raise KeyStoreError(str(exc)) from exc

    async def create(
        self, *, name: str, role: Role, services: tuple[str, ...] | None = None
    ) -> IssuedKey:
        issued, row = self._new_key(name, role, services)
        await self._execute(
            "INSERT INTO api_keys (id, name, role, key_hash, created_at, services) "
            "VALUES (%s,%s,%s,%s,%s,%s)",
            row,
        )
        return issued

    async def resolve(self, secret: str) -> Identity | None:
        rows = await self._execute(
            "SELECT id, name, role, services FROM api_keys "
            "WHERE key_hash = %s AND revoked_at IS NULL",
            (hash_key(secret, self._pepper),),
        )
        if not rows:
            return None
        key_id, name, role, services = rows[0]
        return Identity(
            key_id=str(key_id),
            name=str(name),
            role=role,  # type: ignore[arg-type]
            services=_services_of(services),
        )

    async def revoke_by_name(self, name: str) -> int:
        rows = await self._execute(
            "UPDATE api_keys SET revoked_at = %s WHERE name = %s AND revoked_at IS NULL",
            (_now(), name),
        )
        return int(str(rows[0][0]))

    async def ping(self) -> bool:
        try:
            await self._execute("SELECT 1")
        except KeyStoreError:
            return False
        return True

    async def aclose(self) -> None:
        await self._pool.close()


def open_key_store(database_url: str, *, pepper: str) -> KeyStore:
    """Key store for the configured database URL (same URL as the audit store)."""
    if database_url.startswith("sqlite:///"):
        return SqliteKeyStore(path=Path(database_url.removeprefix("sqlite:///")), pepper=pepper)
    if database_url.startswith(("postgresql://", "postgres://")):
        return PostgresKeyStore(url=database_url, pepper=pepper)
    raise KeyStoreError("database url must start with sqlite:/// or postgresql://")
