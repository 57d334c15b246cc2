"""API keys: stored only as hashes, resolvable, revocable; SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from gateway.keys import KEY_PREFIX, hash_key, open_key_store

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


async def test_sqlite_resolve_answers_while_another_process_writes(tmp_path: Path) -> None:
    """Keys are resolved on the event loop's own connection: WAL readers do not wait for a
    writer, so a long write transaction of another process (uncommitted key) neither blocks
    the lookup nor shows through."""
    path = tmp_path / "k.db"
    store = open_key_store(f"sqlite:///{path}", pepper=PEPPER)
    await store.open()
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        issued = await store.create(name="svc", role="ai-service")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO api_keys (id, name, role, key_hash, created_at) VALUES (?,?,?,?,?)",
            ("x", "pending", "admin", hash_key("lpk_pending", PEPPER), "2026-12-06"),
        )
        identity = await asyncio.wait_for(store.resolve(issued.secret), timeout=1)
        assert identity is not None and identity.name == "svc"
        assert await store.resolve("lpk_pending") is None  # not committed yet
        writer.execute("COMMIT")
        assert await store.resolve("lpk_pending") is not None
    finally:
        writer.close()
        await store.aclose()


async def test_sqlite_resolve_falls_back_to_a_reader_thread_when_the_loop_read_fails(
    tmp_path: Path,
) -> None:
    """Any SQLite error on the loop's connection (a busy file) sends the lookup to the
    reader threads instead of failing the request. The loop connection is pointed at an
    empty database here, so its read fails for real."""
    store = open_key_store(f"sqlite:///{tmp_path / 'k.db'}", pepper=PEPPER)
    await store.open()
    try:
        issued = await store.create(name="svc", role="ai-service")
        db = store._db  # type: ignore[attr-defined]
        db._loop_conn = sqlite3.connect(tmp_path / "empty.db")  # no api_keys table there
        identity = await store.resolve(issued.secret)
        assert identity is not None and identity.name == "svc"
    finally:
        await store.aclose()
