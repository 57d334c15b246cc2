"""Every store's versioned schema on SQLite and PostgreSQL: fresh, reopened, too new."""

from __future__ import annotations

import pytest

from audit_log import AuditError
from explain import DecisionStoreError
from fairness.errors import FairnessStoreError
from gateway.keys import KeyStoreError
from gateway.ui.session_stores import SessionStoreError
from storage import Schema
from tests.unit.storage.database import run, versions
from tests.unit.storage.every_store import SCHEMAS, every_store


async def test_when_database_is_fresh_then_every_store_is_at_its_latest_version(
    database_url: str,
) -> None:
    async with every_store(database_url):
        pass
    for schema in SCHEMAS:
        assert versions(database_url, schema.table) == list(range(1, schema.latest + 1))


async def test_when_opened_twice_then_nothing_is_applied_again(database_url: str) -> None:
    async with every_store(database_url):
        pass
    first = {s.table: run(database_url, f"SELECT * FROM {s.table}") for s in SCHEMAS}
    async with every_store(database_url):
        pass
    assert {s.table: run(database_url, f"SELECT * FROM {s.table}") for s in SCHEMAS} == first


@pytest.mark.parametrize(
    ("store", "error"),
    [
        ("audit", AuditError),
        ("explain", DecisionStoreError),
        ("fairness", FairnessStoreError),
        ("api_keys", KeyStoreError),
        ("ui_sessions", SessionStoreError),
    ],
)
async def test_when_database_is_newer_than_the_code_then_store_refuses_to_start(
    database_url: str, store: str, error: type[Exception]
) -> None:
    async with every_store(database_url):
        pass
    schema = next(s for s in SCHEMAS if s.store == store)
    newer = schema.latest + 1
    run(
        database_url,
        f"INSERT INTO {schema.table} (version, description, applied_at) VALUES (?, ?, ?)",
        (newer, "from a future release", "2027-01-01T00:00:00+00:00"),
    )
    with pytest.raises(error) as refused:
        async with every_store(database_url):
            pass
    message = str(refused.value)
    assert f"the {store} database is at schema version {newer}" in message
    assert f"(latest {schema.latest})" in message and "no downgrade" in message
    assert versions(database_url, schema.table)[-1] == newer


def test_store_names_are_distinct() -> None:
    tables = [s.table for s in SCHEMAS]
    assert len(set(tables)) == len(tables) and all(isinstance(s, Schema) for s in SCHEMAS)
