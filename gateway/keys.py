"""API keys of calling services and officers, stored only as keyed hashes.

A key is shown once when it is created (``leitplanke keys create``) and never stored: the
database holds HMAC-SHA256(pepper, key). Lookups are by hash, so revocation takes effect on
the next request in every gateway process. A key may be bound to services (``--services``):
what it may see is decided by ``gateway.authz``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol, TypeVar

from storage.database import Database, open_database
from storage.migrations import AddColumn, Migration, Schema, StorageError

Role = Literal["ai-service", "compliance-officer", "admin", "caseworker"]
ROLES: tuple[Role, ...] = ("ai-service", "compliance-officer", "admin", "caseworker")
KEY_PREFIX = "lpk_"
T = TypeVar("T")

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


class SqlKeyStore:
    """Keys on the storage kit (SQLite or PostgreSQL; the same database as the audit log).

    Args:
        target: the process's shared ``storage.database.Database``, or a database URL for a
            database of the store's own (opened by ``open``, closed by ``aclose``).
        pepper: The HMAC key of the stored hashes.
    """

    def __init__(self, target: str | Database, *, pepper: str) -> None:
        self._pepper = pepper
        self._url = target if isinstance(target, str) else ""
        self._db: Database | None = None if isinstance(target, str) else target

    def _require_db(self) -> Database:
        if self._db is None:
            raise KeyStoreError("key store is not open")
        return self._db

    async def _guarded(self, work: Awaitable[T]) -> T:
        try:
            return await work
        except StorageError as exc:
            raise KeyStoreError(str(exc)) from exc

    async def open(self) -> None:
        if self._db is None:
            self._db = await self._guarded(open_database(self._url))
        await self._guarded(self._db.migrate(KEYS_SCHEMA))

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

    async def create(
        self, *, name: str, role: Role, services: tuple[str, ...] | None = None
    ) -> IssuedKey:
        issued, row = self._new_key(name, role, services)
        await self._guarded(
            self._require_db().execute(
                "INSERT INTO api_keys (id, name, role, key_hash, created_at, services) "
                "VALUES (?,?,?,?,?,?)",
                row,
            )
        )
        return issued

    async def resolve(self, secret: str) -> Identity | None:
        rows = await self._guarded(
            self._require_db().fetch_quick(
                "SELECT id, name, role, services FROM api_keys "
                "WHERE key_hash = ? AND revoked_at IS NULL",
                (hash_key(secret, self._pepper),),
            )
        )
        if not rows:
            return None
        key_id, name, role, services = rows[0]
        return Identity(
            key_id=str(key_id),
            name=str(name),
            role=role,
            services=_services_of(services),
        )

    async def revoke_by_name(self, name: str) -> int:
        return await self._guarded(
            self._require_db().execute(
                "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                (_now(), name),
            )
        )

    async def ping(self) -> bool:
        try:
            await self._guarded(self._require_db().fetch("SELECT 1"))
        except KeyStoreError:
            return False
        return True

    async def aclose(self) -> None:
        if self._url and self._db is not None:  # its own database
            await self._db.close()
            self._db = None


def open_key_store(target: str | Database, *, pepper: str) -> KeyStore:
    """Key store on the shared database or the configured database URL (``open`` next)."""
    if isinstance(target, str) and not target.startswith(
        ("sqlite:///", "postgresql://", "postgres://")
    ):
        raise KeyStoreError("database url must start with sqlite:/// or postgresql://")
    return SqlKeyStore(target, pepper=pepper)
