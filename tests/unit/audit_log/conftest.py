"""Fixtures for the audit log tests: an opened store on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit_log import AuditEvent, AuditStore, CheckpointSigner, open_audit_store


@pytest.fixture(scope="session")
def signer() -> CheckpointSigner:
    return CheckpointSigner(Ed25519PrivateKey.generate())


@pytest.fixture
async def store(database_url: str, signer: CheckpointSigner) -> AsyncIterator[AuditStore]:
    # Checkpoints only when a test asks, so results do not depend on timing.
    opened = open_audit_store(
        database_url, signer=signer, checkpoint_every=10**9, checkpoint_interval_s=3600
    )
    await opened.open()
    try:
        yield opened
    finally:
        await opened.aclose()


def make_event(i: int = 0, **overrides: object) -> AuditEvent:
    """A plausible proxied-call event, varied by ``i``."""
    fields: dict[str, object] = {
        "event_type": "proxy.call.completed",
        "request_id": f"req-{i}",
        "actor": "svc-bescheid",
        "service": "svc-bescheid",
        "model": "demo-model",
        "purpose": "bescheid-entwurf",
        "outcome": "ok",
        "policy_result": "allowed",
        "policy_revision": "rev-1",
        "reason_codes": ("pii.redacted",),
        "pii_entities": {"EMAIL_ADDRESS": 1},
        "subject": "",
        "payload": {"i": i, "tokens": 12, "stream": False},
    }
    fields.update(overrides)
    return AuditEvent(**fields)  # type: ignore[arg-type]
