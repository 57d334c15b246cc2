"""Server-side login sessions of the officers' dashboard.

The browser holds only a random session id (cookie ``HttpOnly``, ``SameSite=Lax``, ``Secure``
over TLS); who the officer is, their role and scopes live in memory on the server, keyed by
that id. Sessions end on logout, after ``idle_timeout_s`` without use, after
``absolute_timeout_s``, and never outlive the OIDC token they were created from.

``SessionStore`` here keeps them in process memory (``[ui] session_store = "memory"``); by
default they live in the store every worker and instance shares
(``gateway/ui/session_stores.py``), so any of them serves a logged-in officer.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from gateway.keys import Identity
from gateway.oidc import OfficerIdentity

SESSION_COOKIE = "lp_ui_session"
LOGIN_COOKIE = "lp_ui_login"  # pre-login CSRF token (double submit) for the login forms
DEFAULT_IDLE_TIMEOUT_S = 30 * 60
DEFAULT_ABSOLUTE_TIMEOUT_S = 8 * 60 * 60
PENDING_LOGIN_TIMEOUT_S = 10 * 60
MAX_SESSIONS = 10_000
MAX_PENDING_LOGINS = 10_000


def new_token() -> str:
    """A URL-safe random token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    """One logged-in officer.

    Attributes:
        id: the random session id (the cookie value).
        identity: name, role and key id as the JSON API's guards would resolve them.
        officer: the OIDC token's identity (scopes), None for an API-key login.
        csrf_token: token every form of this session must send back.
        created_at: monotonic creation time.
        last_seen: monotonic time of the last use.
        expires_at: monotonic time after which the session is dead whatever its use.
        login_method: ``api_key`` or ``oidc``.
    """

    id: str
    identity: Identity
    officer: OfficerIdentity | None
    csrf_token: str
    created_at: float
    last_seen: float
    expires_at: float
    login_method: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingLogin:
    """An authorization request in flight (OIDC code flow with PKCE)."""

    state: str
    code_verifier: str
    nonce: str
    next_path: str
    created_at: float


def new_session(
    identity: Identity,
    *,
    officer: OfficerIdentity | None,
    login_method: str,
    now: float,
    expires_at: float,
) -> Session:
    """A session with fresh id and CSRF token, seen ``now`` (on the store's clock)."""
    return Session(
        id=new_token(),
        identity=identity,
        officer=officer,
        csrf_token=new_token(),
        created_at=now,
        last_seen=now,
        expires_at=expires_at,
        login_method=login_method,
    )


@dataclass(kw_only=True)
class SessionStore:
    """In-memory sessions and pending OIDC logins (thread-safe, bounded)."""

    idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S
    absolute_timeout_s: float = DEFAULT_ABSOLUTE_TIMEOUT_S
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    _sessions: dict[str, Session] = field(default_factory=dict)
    _pending: dict[str, PendingLogin] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def create(
        self,
        identity: Identity,
        *,
        officer: OfficerIdentity | None = None,
        login_method: str = "api_key",
    ) -> Session:
        """A new session; an OIDC session ends no later than its token's ``exp``."""
        now = self.clock()
        expires = now + self.absolute_timeout_s
        if officer is not None:
            expires = min(expires, now + max(0.0, officer.expires_at - self.wall_clock()))
        session = new_session(
            identity, officer=officer, login_method=login_method, now=now, expires_at=expires
        )
        with self._lock:
            self._evict(now)
            if len(self._sessions) >= MAX_SESSIONS:  # drop the oldest instead of growing
                oldest = min(self._sessions.values(), key=lambda s: s.last_seen)
                del self._sessions[oldest.id]
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        """The live session with ``session_id`` (touching it), or None."""
        if not session_id:
            return None
        now = self.clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if now >= session.expires_at or now - session.last_seen >= self.idle_timeout_s:
                del self._sessions[session_id]
                return None
            session = replace(session, last_seen=now)
            self._sessions[session_id] = session
            return session

    def delete(self, session_id: str | None) -> None:
        """End a session (logout); unknown ids are ignored."""
        if session_id:
            with self._lock:
                self._sessions.pop(session_id, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def begin_login(self, *, next_path: str = "/ui") -> PendingLogin:
        """Remember a new authorization request (state, PKCE verifier, nonce, target)."""
        now = self.clock()
        pending = PendingLogin(
            state=new_token(),
            code_verifier=new_token(),
            nonce=new_token(),
            next_path=next_path,
            created_at=now,
        )
        with self._lock:
            self._evict(now)
            if len(self._pending) >= MAX_PENDING_LOGINS:
                oldest = min(self._pending.values(), key=lambda p: p.created_at)
                del self._pending[oldest.state]
            self._pending[pending.state] = pending
        return pending

    def finish_login(self, state: str | None) -> PendingLogin | None:
        """The pending login for ``state``, removed (single use), or None if unknown/expired."""
        if not state:
            return None
        with self._lock:
            pending = self._pending.pop(state, None)
        if pending is None or self.clock() - pending.created_at >= PENDING_LOGIN_TIMEOUT_S:
            return None
        return pending

    def _evict(self, now: float) -> None:
        dead = [
            sid
            for sid, s in self._sessions.items()
            if now >= s.expires_at or now - s.last_seen >= self.idle_timeout_s
        ]
        for sid in dead:
            del self._sessions[sid]
        stale = [
            k for k, p in self._pending.items() if now - p.created_at >= PENDING_LOGIN_TIMEOUT_S
        ]
        for key in stale:
            del self._pending[key]
