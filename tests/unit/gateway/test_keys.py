"""API keys: stored only as hashes, resolvable, revocable; SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from gateway.keys import KEY_PREFIX, SqliteKeyStore, hash_key, open_key_store

PEPPER = "unit-test-pepper"


async def test_when_key_created_then_it_resolves_and_only_its_hash_is_stored(
    database_url: str,
) -> None:
    store = open_key_store(database_url, pepper=PEPPER)
    await store.open()
    try:
        issued = await store.create(name="wohngeld-bot", role="ai-service")
        assert issued.secret.startswith(KEY_PREFIX)
        identity = await store.resolve(issued.secret)
        assert identity is not None
        assert (identity.name, identity.role) == ("wohngeld-bot", "ai-service")
        assert await store.resolve(issued.secret + "x") is None
        assert await store.resolve(hash_key(issued.secret, PEPPER)) is None
        assert await store.ping()
    finally:
        await store.aclose()
    if database_url.startswith("sqlite:///"):
        dump = "\n".join(sqlite3.connect(database_url.removeprefix("sqlite:///")).iterdump())
        assert issued.secret not in dump
        assert hash_key(issued.secret, PEPPER) in dump


async def test_when_key_revoked_then_it_no_longer_resolves(database_url: str) -> None:
    store = open_key_store(database_url, pepper=PEPPER)
    await store.open()
    try:
        first = await store.create(name="svc", role="ai-service")
        second = await store.create(name="svc", role="ai-service")
        other = await store.create(name="other", role="ai-service")
        assert await store.revoke_by_name("svc") == 2
        assert await store.resolve(first.secret) is None
        assert await store.resolve(second.secret) is None
        assert await store.resolve(other.secret) is not None
    finally:
        await store.aclose()


async def test_when_pepper_differs_then_key_does_not_resolve(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/k.db"
    store = open_key_store(url, pepper=PEPPER)
    await store.open()
    issued = await store.create(name="svc", role="ai-service")
    await store.aclose()
    other = open_key_store(url, pepper="another-pepper")
    await other.open()
    try:
        assert await other.resolve(issued.secret) is None
    finally:
        await other.aclose()


async def test_when_role_unknown_then_value_error(tmp_path: Path) -> None:
    store = open_key_store(f"sqlite:///{tmp_path}/k.db", pepper=PEPPER)
    await store.open()
    try:
        with pytest.raises(ValueError, match="unknown role"):
            await store.create(name="x", role="superuser")  # type: ignore[arg-type]
    finally:
        await store.aclose()


async def test_sqlite_resolve_waits_in_a_thread_while_a_write_holds_the_connection(
    tmp_path: Path,
) -> None:
    store = open_key_store(f"sqlite:///{tmp_path}/k.db", pepper=PEPPER)
    assert isinstance(store, SqliteKeyStore)
    await store.open()
    try:
        issued = await store.create(name="svc", role="ai-service")
        assert await store.resolve(issued.secret) is not None  # free connection: on the loop
        store._lock.acquire()  # a create or revoke in progress
        threading.Timer(0.2, store._lock.release).start()
        loop_ticks = 0

        async def tick() -> None:
            nonlocal loop_ticks
            while True:
                await asyncio.sleep(0.01)
                loop_ticks += 1

        ticker = asyncio.create_task(tick())
        identity = await store.resolve(issued.secret)
        ticker.cancel()
        assert identity is not None and identity.name == "svc"
        assert loop_ticks >= 5  # the loop kept running while resolve waited for the lock
    finally:
        await store.aclose()
