"""The PostgreSQL role layout of docs/audit-anchoring.md works and takes the owner's powers
away from the service: migrations run as the owner, the gateway role appends, checkpoints,
anchors and verifies, but cannot delete, truncate or disable the triggers."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from audit_log import CheckpointSigner, open_audit_store
from audit_log.anchors.model import CheckpointAnchor
from tests.unit.audit_log.conftest import make_event

DOC = Path(__file__).resolve().parents[3] / "docs" / "audit-anchoring.md"


def _grants(role: str) -> list[str]:
    """The GRANT statements of the documented layout, for ``role``."""
    text = DOC.read_text()
    block = text.split("```sql", 1)[1].split("```", 1)[0]
    return [
        line.split(";")[0].replace("leitplanke_gateway", role)
        for line in block.splitlines()
        if line.startswith("GRANT") and "DATABASE" not in line and "SCHEMA" not in line
    ]


@pytest.fixture
def service_url(postgres_url: str) -> Iterator[str]:
    role = f"lp_gw_{uuid.uuid4().hex[:8]}"
    schema = re.search(r"search_path%3D(\w+)", postgres_url)
    assert schema is not None
    yield_url = postgres_url.replace("postgres@", f"{role}@", 1)
    asyncio.run(_migrate_as_owner(postgres_url))
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT USAGE ON SCHEMA {schema.group(1)} TO {role}")
        for grant in _grants(role):
            conn.execute(grant)
    try:
        yield yield_url
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


async def _migrate_as_owner(url: str) -> None:
    store = open_audit_store(url)
    await store.open()
    await store.aclose()


async def test_when_gateway_runs_as_the_documented_role_then_it_works_and_cannot_erase(
    service_url: str, signer: CheckpointSigner
) -> None:
    store = open_audit_store(service_url, signer=signer, checkpoint_every=10**9)
    await store.open()
    try:
        await asyncio.gather(*(store.append(make_event(i)) for i in range(5)))
        cp = await store.checkpoint()
        assert cp is not None
        await store.add_anchor(  # type: ignore[attr-defined]
            CheckpointAnchor(tree_size=5, kind="publication", source="d", data="f"),
            anchored_at="2026-12-06T00:00:00.000000Z",
        )
        hold = await store.place_hold(kind="subject", value="sp1_x", reason="r", placed_by="o")
        assert await store.release_hold(hold.hold_id, released_by="o")
        report = await store.verify()
    finally:
        await store.aclose()
    assert report.ok and report.records_checked == 5

    with psycopg.connect(service_url, autocommit=True) as conn:
        for statement in (
            "DELETE FROM audit_records",
            "TRUNCATE audit_records",
            "TRUNCATE audit_anchors",
            "ALTER TABLE audit_records DISABLE TRIGGER USER",
            "DROP TRIGGER audit_records_no_truncate ON audit_records",
            "UPDATE audit_records SET actor = 'x'",
        ):
            with pytest.raises(psycopg.Error, match=r"permission denied|must be owner"):
                conn.execute(statement)
