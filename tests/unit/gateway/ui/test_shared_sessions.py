"""Dashboard sessions in the shared store: any process sees them (SQLite, PostgreSQL, Redis)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from gateway.keys import Identity
from gateway.oidc import OfficerIdentity
from gateway.ui.session import PENDING_LOGIN_TIMEOUT_S
from gateway.ui.session_stores import (
    TOUCH_INTERVAL_S,
    KeyValueBackend,
    RedisBackend,
    SessionStoreError,
    SharedSessions,
    SqlBackend,
)

OFFICER = Identity(key_id="k1", name="officer-1", role="compliance-officer")
IDLE_S, ABSOLUTE_S = 600.0, 3600.0


class WallClock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> WallClock:
    return WallClock()


@pytest.fixture(params=["sqlite", "postgres", "redis"])
async def new_backend(
    request: pytest.FixtureRequest, tmp_path: Path, clock: WallClock
) -> AsyncIterator[Callable[[], KeyValueBackend]]:
    """Makes backends on one store, as separate processes would have them."""
    made: list[KeyValueBackend] = []

    def make() -> KeyValueBackend:
        backend: KeyValueBackend
        if request.param == "sqlite":
            backend = SqlBackend(f"sqlite:///{tmp_path / 'leitplanke.db'}", clock=clock)
        elif request.param == "postgres":
            backend = SqlBackend(request.getfixturevalue("postgres_url"), clock=clock)
        else:
            target = request.getfixturevalue("redis_target")
            backend = RedisBackend(target.url, prefix=target.key_prefix, timeout_s=2.0, clock=clock)
        made.append(backend)
        return backend

    yield make
    for backend in made:
        await backend.aclose()


def sessions(backend: KeyValueBackend, clock: WallClock) -> SharedSessions:
    return SharedSessions(
        backend, idle_timeout_s=IDLE_S, absolute_timeout_s=ABSOLUTE_S, wall_clock=clock
    )


async def test_when_one_process_logs_in_then_another_sees_the_session_and_csrf_token(
    new_backend: Callable[[], KeyValueBackend], clock: WallClock
) -> None:
    first, second = sessions(new_backend(), clock), sessions(new_backend(), clock)
    created = await first.create(OFFICER)
    seen = await second.get(created.id)
    assert seen is not None
    assert (seen.identity, seen.csrf_token) == (OFFICER, created.csrf_token)
    await second.delete(created.id)
    assert await first.get(created.id) is None


async def test_when_idle_or_past_the_absolute_limit_then_the_session_ends(
    new_backend: Callable[[], KeyValueBackend], clock: WallClock
) -> None:
    store = sessions(new_backend(), clock)
    idle = await store.create(OFFICER)
    clock.now += IDLE_S - 1
    assert await store.get(idle.id) is not None  # used: the idle timer restarts
    clock.now += IDLE_S - 1
    assert await store.get(idle.id) is not None
    clock.now += IDLE_S + 1
    assert await store.get(idle.id) is None
    busy = await store.create(OFFICER)
    for _ in range(int(ABSOLUTE_S // (TOUCH_INTERVAL_S * 10)) + 1):
        clock.now += TOUCH_INTERVAL_S * 10
        await store.get(busy.id)
    assert await store.get(busy.id) is None


async def test_when_the_oidc_token_expires_then_the_session_ends_with_it(
    new_backend: Callable[[], KeyValueBackend], clock: WallClock
) -> None:
    store = sessions(new_backend(), clock)
    officer = OfficerIdentity(
        subject="s",
        roles=("compliance-officer",),
        scopes=("*",),
        issuer="https://idp",
        expires_at=int(clock.now) + 60,
    )
    session = await store.create(OFFICER, officer=officer, login_method="oidc")
    assert (await store.get(session.id)).officer == officer  # type: ignore[union-attr]
    clock.now += 61
    assert await store.get(session.id) is None


async def test_when_a_pending_login_is_finished_then_only_once_and_only_in_time(
    new_backend: Callable[[], KeyValueBackend], clock: WallClock
) -> None:
    first, second = sessions(new_backend(), clock), sessions(new_backend(), clock)
    pending = await first.begin_login(next_path="/ui/audit")
    finished = await second.finish_login(pending.state)
    assert finished == pending
    assert await first.finish_login(pending.state) is None
    late = await first.begin_login()
    clock.now += PENDING_LOGIN_TIMEOUT_S + 1
    assert await second.finish_login(late.state) is None


async def test_when_stored_in_sqlite_then_the_session_id_is_not(
    tmp_path: Path, clock: WallClock
) -> None:
    backend = SqlBackend(f"sqlite:///{tmp_path / 'leitplanke.db'}", clock=clock)
    session = await sessions(backend, clock).create(OFFICER)
    await backend.aclose()
    with sqlite3.connect(tmp_path / "leitplanke.db") as conn:
        dump = "\n".join(conn.iterdump())
    assert session.id not in dump
    assert session.csrf_token in dump  # the token itself is needed to check forms


async def test_when_the_store_is_down_then_503_not_a_login(clock: WallClock) -> None:
    backend = RedisBackend("redis://127.0.0.1:9/0", prefix="x:", timeout_s=0.5, clock=clock)
    try:
        with pytest.raises(SessionStoreError) as caught:
            await sessions(backend, clock).get("some-id")
    finally:
        await backend.aclose()
    assert caught.value.status == 503
