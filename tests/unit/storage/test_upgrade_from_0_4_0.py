"""Upgrade from the previous release: the current stores open a database 0.4.0 left behind.

The fixtures (tests/fixtures/schema_0_4_0/) are dumps of every store as the 0.4.0 code
created and filled them; they are frozen. Opening the current stores on them must record each
store's versions, keep every row readable, and let the stores write again.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from audit_log import AuditQuery
from audit_log.stores.migrations import AUDIT_SCHEMA
from fairness.types import DecisionRecord as FairnessDecision
from tests.unit.audit_log.conftest import make_event
from tests.unit.storage.database import load_script, run, versions
from tests.unit.storage.every_store import SCHEMAS, every_store

FIXTURES = Path(__file__).parents[2] / "fixtures" / "schema_0_4_0"
# The API keys the 0.4.0 code issued into the dumps (throwaway test keys, pepper "p" * 32).
KEY_SECRETS = {
    "sqlite": "lpk_lSFzcWXQMM4wpl4C7QViT6CIrLofaVx5kb_BhMl_-JU",
    "postgres": "lpk_f93Upr9IiuX6CmOvFK84FVUp-FVw84MXcZoS69j8_4s",
}


@pytest.fixture
def database_0_4_0(database_url: str) -> str:
    dialect = "sqlite" if database_url.startswith("sqlite") else "postgres"
    load_script(database_url, (FIXTURES / f"{dialect}.sql").read_text(encoding="utf-8"))
    return database_url


def _dialect(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgres"


async def test_when_0_4_0_database_is_opened_then_rows_are_intact_and_versions_recorded(
    database_0_4_0: str,
) -> None:
    url = database_0_4_0
    audit_applied_at = run(url, "SELECT applied_at FROM audit_schema_migrations ORDER BY version")
    async with every_store(url) as stores:
        page = await stores.audit.query(AuditQuery())
        assert [r.event.request_id for r in page.records] == ["req-040"]
        await stores.audit.append(make_event(1))
        report = await stores.audit.verify()
        assert report.ok and report.records_checked == 2

        (decision,) = await stores.decisions.list()
        assert decision.case_reference == "AZ-2026-040" and decision.state == "provisional"
        assert await stores.decisions.get(decision.id) == decision

        assert await stores.fairness.has_model("wohngeld-eligibility")
        t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        again = FairnessDecision(
            model_id="wohngeld-eligibility",
            model_version="1",
            decision_id="fd-040",
            decided_at=t0,
            prediction=1,
            score=0.7,
            outcome=None,
            attributes={"sex": "f"},
        )
        assert not await stores.fairness.record_decision(again)  # already stored by 0.4.0
        assert await stores.fairness.record_decision(
            dataclasses.replace(again, decision_id="fd-050")
        )

        identity = await stores.keys.resolve(KEY_SECRETS[_dialect(url)])
        assert identity is not None and identity.name == "svc-040"
        assert identity.services == ("svc-a",)

        assert await stores.sessions.get("session", "hash-040") == '{"v": 1}'
    for schema in SCHEMAS:
        assert versions(url, schema.table) == list(range(1, schema.latest + 1)), schema.store
    # The audit log's versions predate the storage kit: adopted, not re-applied.
    assert AUDIT_SCHEMA.latest == 4
    assert run(url, "SELECT applied_at FROM audit_schema_migrations ORDER BY version") == (
        audit_applied_at
    )
