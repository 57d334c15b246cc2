"""A decision, its fairness observation and its audit record commit in one transaction.

Faults are injected from outside the gateway (a trigger created by another connection, as a
full disk or a broken table behaves for the writer), on SQLite and PostgreSQL, into each of
the three tables in turn. Whichever insert fails, the database afterwards holds either all
three rows of the decision or none of them, and the caller gets 503. Counting is done with
plain SQL on the database, not through the gateway's own stores.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from litestar.testing import TestClient

from app import create_app
from tests.fakes import recording_upstream
from tests.integration.conftest import issue_key, make_settings
from tests.integration.faults import inserts_fail
from tests.unit.explain.conftest import case

TABLES = ("audit_records", "explain_decisions", "fairness_decisions")


def rows_of(database_url: str, decision_id: str | None = None) -> dict[str, int]:
    """Rows per table; with ``decision_id`` only that decision's (audit: its decision.made)."""
    queries = {
        "audit_records": "SELECT count(*) FROM audit_records WHERE event_type = 'decision.made'",
        "explain_decisions": "SELECT count(*) FROM explain_decisions",
        "fairness_decisions": "SELECT count(*) FROM fairness_decisions",
    }
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=15) as conn:
            return {t: conn.execute(q).fetchone()[0] for t, q in queries.items()}
    with psycopg.connect(database_url, autocommit=True) as conn:
        counts = {}
        for table, query in queries.items():
            row = conn.execute(query).fetchone()
            assert row is not None
            counts[table] = int(row[0])
        return counts


def _body(reference: str) -> dict[str, Any]:
    return {
        "model_id": "wohngeld-demo",
        "case_reference": reference,
        "subject": "subj-tx-1",
        "features": case(),
    }


@pytest.mark.parametrize("failing", TABLES)
def test_when_any_of_the_three_inserts_fails_then_none_of_them_is_kept(
    tmp_path: Path, database_url: str, failing: str
) -> None:
    with recording_upstream() as upstream:
        settings = make_settings(tmp_path, upstream.base_url, database={"url": database_url})
        key = issue_key(settings, "demo-service", "ai-service")
        headers = {"Authorization": f"Bearer {key}", "X-Purpose": "demo"}
        with TestClient(app=create_app(settings)) as client:
            first = client.post("/v1/decisions", json=_body("WG-TX-1"), headers=headers)
            assert first.status_code == 201, first.text
            before = rows_of(database_url)
            assert before == dict.fromkeys(TABLES, 1)

            with inserts_fail(database_url, failing):
                refused = client.post("/v1/decisions", json=_body("WG-TX-2"), headers=headers)
            assert refused.status_code == 503, refused.text
            assert rows_of(database_url) == before  # all three rows or none

            again = client.post("/v1/decisions", json=_body("WG-TX-3"), headers=headers)
            assert again.status_code == 201, again.text
            assert rows_of(database_url) == dict.fromkeys(TABLES, 2)


def test_when_the_decision_rows_fail_then_the_log_says_refused_not_made(
    tmp_path: Path, database_url: str
) -> None:
    """The audit log never claims a decision that was not kept: the failed rows leave a
    ``decision.refused`` record (its own transaction) and no ``decision.made``."""
    with recording_upstream() as upstream:
        settings = make_settings(tmp_path, upstream.base_url, database={"url": database_url})
        key = issue_key(settings, "demo-service", "ai-service")
        officer = issue_key(settings, "officer-tx", "compliance-officer")
        headers = {"Authorization": f"Bearer {key}", "X-Purpose": "demo"}
        with TestClient(app=create_app(settings)) as client:
            with inserts_fail(database_url, "fairness_decisions"):
                refused = client.post("/v1/decisions", json=_body("WG-TX-4"), headers=headers)
            assert refused.status_code == 503, refused.text
            records = client.get(
                "/v1/audit/events",
                params={"request_id": refused.headers["x-request-id"]},
                headers={"Authorization": f"Bearer {officer}"},
            ).json()["records"]
            assert [(r["event"]["event_type"], r["event"]["outcome"]) for r in records] == [
                ("decision.refused", "store_unavailable")
            ]
            verified = client.get(
                "/v1/audit/verify", headers={"Authorization": f"Bearer {officer}"}
            )
            assert verified.status_code == 200 and verified.json()["ok"], verified.text
