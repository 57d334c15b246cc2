"""Open every store of the gateway on one database URL, as ``leitplanke serve`` does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from audit_log import AuditStore, open_audit_store
from audit_log.stores.migrations import AUDIT_SCHEMA
from explain.store import DECISIONS_SCHEMA, DecisionStore, open_decision_store
from fairness.schema import FAIRNESS_SCHEMA
from fairness.store import FairnessStore, open_fairness_store
from gateway.keys import KEYS_SCHEMA, KeyStore, open_key_store
from gateway.ui.session_stores import (
    SESSIONS_SCHEMA,
    KeyValueBackend,
    SqlBackend,
)
from storage import Schema

SCHEMAS: tuple[Schema, ...] = (
    AUDIT_SCHEMA,
    DECISIONS_SCHEMA,
    FAIRNESS_SCHEMA,
    KEYS_SCHEMA,
    SESSIONS_SCHEMA,
)
DECISION_SECRET = b"s" * 32
KEY_PEPPER = "p" * 32


@dataclass
class Stores:
    audit: AuditStore
    decisions: DecisionStore
    fairness: FairnessStore
    keys: KeyStore
    sessions: KeyValueBackend


@asynccontextmanager
async def every_store(url: str) -> AsyncIterator[Stores]:
    """All five stores opened (migrated) on ``url``, closed afterwards."""
    audit = open_audit_store(url)
    await audit.open()
    decisions = await open_decision_store(url, access_code_secret=DECISION_SECRET)
    fairness = await open_fairness_store(url)
    keys: KeyStore = open_key_store(url, pepper=KEY_PEPPER)
    sessions: KeyValueBackend = SqlBackend(url)
    await keys.open()
    try:
        # The session backend migrates on first use.
        await sessions.get("session", "no-such-session")
        yield Stores(audit, decisions, fairness, keys, sessions)
    finally:
        await sessions.aclose()
        await keys.aclose()
        await fairness.close()
        await decisions.aclose()
        await audit.aclose()
