"""Where the dashboard keeps its sessions, CSRF tokens and pending logins.

Any worker of any instance must serve a logged-in officer, so by default they live in the
store every instance already shares (``[ui] session_store = "auto"``): Redis when the
deployment uses Redis (``[rate_limit] store = "redis"``), else the database
(PostgreSQL for a fleet, the SQLite file for a single node). ``"memory"`` keeps the old
per-process store (one worker only).

The stores keep a session under the SHA-256 of its id, never the id itself: a copy of the
database or of Redis does not give anyone a usable cookie. Times are wall-clock seconds
(several processes compare them). A session's ``last_seen`` is written back at most every
``TOUCH_INTERVAL_S``, so a page view is one read, not a read and a write.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

from gateway.errors import ServiceUnavailableError
from gateway.keys import Identity
from gateway.oidc import OfficerIdentity
from gateway.ui.session import (
    PENDING_LOGIN_TIMEOUT_S,
    PendingLogin,
    Session,
    SessionStore,
    new_session,
    new_token,
)
from storage.database import Database, open_database
from storage.migrations import Migration, Schema, StorageError

if TYPE_CHECKING:
    from gateway.settings import Settings
    from gateway.ui.settings import UiSettings

TOUCH_INTERVAL_S = 30.0
Kind = Literal["session", "login"]

_SESSIONS_TABLE = """
CREATE TABLE IF NOT EXISTS ui_sessions (
    kind TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (kind, key_hash)
)
"""
# Version 1: the table as released in 0.4.0 (IF NOT EXISTS: a 0.4.0 database adopts it).
SESSIONS_SCHEMA = Schema(
    store="ui_sessions",
    migrations=(
        Migration(
            version=1,
            description="dashboard sessions and pending logins",
            sqlite=(_SESSIONS_TABLE,),
            postgres=(_SESSIONS_TABLE,),
        ),
    ),
)


class SessionStoreError(ServiceUnavailableError):
    """The shared session store could not be read or written: 503, nobody is let in."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AsyncSessions(Protocol):
    """What the dashboard routes call."""

    async def create(
        self,
        identity: Identity,
        *,
        officer: OfficerIdentity | None = None,
        login_method: str = "api_key",
    ) -> Session: ...

    async def get(self, session_id: str | None) -> Session | None: ...

    async def delete(self, session_id: str | None) -> None: ...

    async def begin_login(self, *, next_path: str = "/ui") -> PendingLogin: ...

    async def finish_login(self, state: str | None) -> PendingLogin | None: ...

    async def aclose(self) -> None: ...


class MemorySessions:
    """The per-process ``SessionStore`` behind the async interface (``"memory"``)."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store

    async def create(
        self,
        identity: Identity,
        *,
        officer: OfficerIdentity | None = None,
        login_method: str = "api_key",
    ) -> Session:
        return self.store.create(identity, officer=officer, login_method=login_method)

    async def get(self, session_id: str | None) -> Session | None:
        return self.store.get(session_id)

    async def delete(self, session_id: str | None) -> None:
        self.store.delete(session_id)

    async def begin_login(self, *, next_path: str = "/ui") -> PendingLogin:
        return self.store.begin_login(next_path=next_path)

    async def finish_login(self, state: str | None) -> PendingLogin | None:
        return self.store.finish_login(state)

    async def aclose(self) -> None:
        return None


class KeyValueBackend(Protocol):
    """Values with an expiry, shared by every process of the deployment."""

    async def put(self, kind: Kind, key: str, value: str, expires_at: float) -> None: ...

    async def get(self, kind: Kind, key: str) -> str | None: ...

    async def take(self, kind: Kind, key: str) -> str | None:
        """Get and delete in one step (single-use values)."""
        ...

    async def delete(self, kind: Kind, key: str) -> None: ...

    async def aclose(self) -> None: ...


class SharedSessions:
    """Sessions and pending logins in a ``KeyValueBackend``."""

    def __init__(
        self,
        backend: KeyValueBackend,
        *,
        idle_timeout_s: float,
        absolute_timeout_s: float,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._backend = backend
        self._idle = idle_timeout_s
        self._absolute = absolute_timeout_s
        self._clock = wall_clock

    async def create(
        self,
        identity: Identity,
        *,
        officer: OfficerIdentity | None = None,
        login_method: str = "api_key",
    ) -> Session:
        now = self._clock()
        expires = now + self._absolute
        if officer is not None:
            expires = min(expires, float(officer.expires_at))
        session = new_session(
            identity, officer=officer, login_method=login_method, now=now, expires_at=expires
        )
        await self._store(session)
        return session

    async def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        raw = await self._backend.get("session", _hash(session_id))
        if raw is None:
            return None
        session = _session_from_json(session_id, raw)
        now = self._clock()
        if now >= session.expires_at or now - session.last_seen >= self._idle:
            await self._backend.delete("session", _hash(session_id))
            return None
        if now - session.last_seen >= TOUCH_INTERVAL_S:
            session = replace(session, last_seen=now)
            await self._store(session)
        return session

    async def delete(self, session_id: str | None) -> None:
        if session_id:
            await self._backend.delete("session", _hash(session_id))

    async def begin_login(self, *, next_path: str = "/ui") -> PendingLogin:
        now = self._clock()
        pending = PendingLogin(
            state=new_token(),
            code_verifier=new_token(),
            nonce=new_token(),
            next_path=next_path,
            created_at=now,
        )
        value = json.dumps(asdict(pending))
        await self._backend.put("login", _hash(pending.state), value, now + PENDING_LOGIN_TIMEOUT_S)
        return pending

    async def finish_login(self, state: str | None) -> PendingLogin | None:
        if not state:
            return None
        raw = await self._backend.take("login", _hash(state))
        if raw is None:
            return None
        pending = PendingLogin(**json.loads(raw))
        if self._clock() - pending.created_at >= PENDING_LOGIN_TIMEOUT_S:
            return None
        return pending

    async def aclose(self) -> None:
        await self._backend.aclose()

    async def _store(self, session: Session) -> None:
        until = min(session.expires_at, session.last_seen + self._idle)
        await self._backend.put("session", _hash(session.id), _session_to_json(session), until)


def _session_to_json(session: Session) -> str:
    document = {
        "identity": asdict(session.identity),
        "officer": asdict(session.officer) if session.officer is not None else None,
        "csrf_token": session.csrf_token,
        "created_at": session.created_at,
        "last_seen": session.last_seen,
        "expires_at": session.expires_at,
        "login_method": session.login_method,
    }
    return json.dumps(document)


def _session_from_json(session_id: str, raw: str) -> Session:
    document = json.loads(raw)
    officer = document["officer"]
    return Session(
        id=session_id,
        identity=Identity(**document["identity"]),
        officer=(
            OfficerIdentity(
                **{**officer, "roles": tuple(officer["roles"]), "scopes": tuple(officer["scopes"])}
            )
            if officer is not None
            else None
        ),
        csrf_token=document["csrf_token"],
        created_at=float(document["created_at"]),
        last_seen=float(document["last_seen"]),
        expires_at=float(document["expires_at"]),
        login_method=document["login_method"],
    )


class SqlBackend:
    """The deployment's database: the SQLite file of a single node (all its workers share
    it) or the PostgreSQL database of a fleet; migrated on first use.

    Args:
        target: the process's shared ``storage.database.Database``, or a URL for a database
            of the backend's own (opened on first use, closed by ``aclose``).
    """

    def __init__(self, target: str | Database, *, clock: Callable[[], float] = time.time) -> None:
        self._url = target if isinstance(target, str) else ""
        self._db: Database | None = None if isinstance(target, str) else target
        self._migrated = False
        self._clock = clock
        self._open_lock = asyncio.Lock()

    async def _database(self) -> Database:
        if not self._migrated:
            async with self._open_lock:
                if self._db is None:
                    self._db = await open_database(self._url)
                if not self._migrated:
                    await self._db.migrate(SESSIONS_SCHEMA)
                    self._migrated = True
        assert self._db is not None
        return self._db

    async def _execute(self, sql: str, params: tuple[object, ...]) -> None:
        try:
            await (await self._database()).execute(sql, params)
        except StorageError as exc:
            raise SessionStoreError(str(exc)) from exc

    async def _fetch(self, sql: str, params: tuple[object, ...], *, write: bool) -> str | None:
        try:
            db = await self._database()
            if write:  # DELETE ... RETURNING
                async with db.transaction() as tx:
                    row = await tx.fetch_one(sql, params)
            else:
                row = await db.fetch_one(sql, params)
        except StorageError as exc:
            raise SessionStoreError(str(exc)) from exc
        return None if row is None else str(row[0])

    async def put(self, kind: Kind, key: str, value: str, expires_at: float) -> None:
        await self._execute(
            "INSERT INTO ui_sessions (kind, key_hash, value, expires_at) VALUES (?,?,?,?) "
            "ON CONFLICT (kind, key_hash) DO UPDATE SET value = excluded.value, "
            "expires_at = excluded.expires_at",
            (kind, key, value, expires_at),
        )
        if kind == "session":  # sweep expired rows now and then
            await self._execute("DELETE FROM ui_sessions WHERE expires_at < ?", (self._clock(),))

    async def get(self, kind: Kind, key: str) -> str | None:
        return await self._fetch(
            "SELECT value FROM ui_sessions WHERE kind = ? AND key_hash = ? AND expires_at > ?",
            (kind, key, self._clock()),
            write=False,
        )

    async def take(self, kind: Kind, key: str) -> str | None:
        return await self._fetch(
            "DELETE FROM ui_sessions WHERE kind = ? AND key_hash = ? AND expires_at > ? "
            "RETURNING value",
            (kind, key, self._clock()),
            write=True,
        )

    async def delete(self, kind: Kind, key: str) -> None:
        await self._execute("DELETE FROM ui_sessions WHERE kind = ? AND key_hash = ?", (kind, key))

    async def aclose(self) -> None:
        if self._url and self._db is not None:  # its own database
            await self._db.close()
            self._db = None


class RedisBackend:
    """Redis with native expiry (``SET ... PXAT``, ``GETDEL``)."""

    def __init__(
        self, url: str, *, prefix: str, timeout_s: float, clock: Callable[[], float] = time.time
    ) -> None:
        import redis.asyncio as redis_asyncio

        self._redis: Any = redis_asyncio.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )
        self._prefix = prefix
        self._clock = clock

    def _key(self, kind: Kind, key: str) -> str:
        return f"{self._prefix}{kind}:{key}"

    async def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        from redis.exceptions import RedisError

        try:
            return await getattr(self._redis, method)(*args, **kwargs)
        except (RedisError, OSError) as exc:
            raise SessionStoreError(type(exc).__name__) from exc

    async def put(self, kind: Kind, key: str, value: str, expires_at: float) -> None:
        await self._call("set", self._key(kind, key), value, pxat=int(expires_at * 1000))

    async def get(self, kind: Kind, key: str) -> str | None:
        value = await self._call("get", self._key(kind, key))
        return value.decode() if isinstance(value, bytes) else value

    async def take(self, kind: Kind, key: str) -> str | None:
        value = await self._call("getdel", self._key(kind, key))
        return value.decode() if isinstance(value, bytes) else value

    async def delete(self, kind: Kind, key: str) -> None:
        await self._call("delete", self._key(kind, key))

    async def aclose(self) -> None:
        await self._redis.aclose()


def build_sessions(
    settings: Settings | None, ui: UiSettings, *, database: Database | None = None
) -> AsyncSessions:
    """The session store ``[ui] session_store`` selects (see the module docstring); with
    ``database`` (the process's shared one) the database backend uses it."""
    memory = MemorySessions(
        SessionStore(
            idle_timeout_s=ui.session_idle_timeout_s,
            absolute_timeout_s=ui.session_absolute_timeout_s,
        )
    )
    if settings is None or ui.session_store == "memory":
        return memory
    choice = ui.session_store
    if choice == "auto":
        redis_configured = settings.rate_limit.store == "redis"
        choice = "redis" if redis_configured else "database"
    backend: KeyValueBackend
    if choice == "redis":
        backend = RedisBackend(
            settings.rate_limit.redis_url,
            prefix=settings.rate_limit.key_prefix.replace(":rl:", ":ui:") or "leitplanke:ui:",
            timeout_s=max(1.0, settings.rate_limit.redis_timeout_s),
        )
    else:
        url = settings.database.url
        if not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
            return memory
        backend = SqlBackend(database if database is not None else url)
    return SharedSessions(
        backend,
        idle_timeout_s=ui.session_idle_timeout_s,
        absolute_timeout_s=ui.session_absolute_timeout_s,
    )
