"""Audit first: nothing goes upstream before its ``proxy.call.started`` record is committed.

The audit store is made to reject writes from outside the gateway (a trigger installed by
another database connection, as a full disk or a broken database behaves for the writer), on
SQLite and on PostgreSQL. The upstream is the loopback test double that counts every request
it receives: with the store failing it must receive none, for chat (plain and streaming) and
embeddings alike, and the caller gets 503 ``audit_unavailable``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from app import create_app
from tests.fakes import recording_upstream
from tests.integration.conftest import issue_key, make_settings
from tests.integration.faults import inserts_fail


def audit_writes_fail(database_url: str) -> AbstractContextManager[None]:
    """Every insert into the audit table fails until the block ends (another connection)."""
    return inserts_fail(database_url, "audit_records")


CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "chat": (
        "/v1/chat/completions",
        {"model": "demo-model", "messages": [{"role": "user", "content": "Hallo"}]},
    ),
    "chat-stream": (
        "/v1/chat/completions",
        {
            "model": "demo-model",
            "stream": True,
            "messages": [{"role": "user", "content": "Hallo"}],
        },
    ),
    "embeddings": ("/v1/embeddings", {"model": "demo-model", "input": "Hallo"}),
}


def test_when_audit_store_rejects_writes_then_no_upstream_call_and_503_audit_unavailable(
    tmp_path: Path, database_url: str
) -> None:
    with recording_upstream() as upstream:
        settings = make_settings(tmp_path, upstream.base_url, database={"url": database_url})
        key = issue_key(settings, "demo-service", "ai-service")
        officer = issue_key(settings, "officer-af", "compliance-officer")
        headers = {"Authorization": f"Bearer {key}", "X-Purpose": "demo"}
        with TestClient(app=create_app(settings)) as client:
            path, body = CALLS["chat"]
            assert client.post(path, json=body, headers=headers).status_code == 200
            before = len(upstream.received)
            with audit_writes_fail(database_url):
                refused = {
                    name: client.post(path, json=body, headers=headers)
                    for name, (path, body) in CALLS.items()
                }
            for name, response in refused.items():
                assert response.status_code == 503, (name, response.text)
                assert response.json()["code"] == "audit_unavailable", name
            assert len(upstream.received) == before  # 0 upstream calls without a record

            # Working again: every call is started and completed in the log, in that order.
            for name, (path, body) in CALLS.items():
                response = client.post(path, json=body, headers=headers)
                assert response.status_code == 200, (name, response.text)
                records = client.get(
                    "/v1/audit/events",
                    params={"request_id": response.headers["x-request-id"]},
                    headers={"Authorization": f"Bearer {officer}"},
                ).json()["records"]
                events = [r["event"] for r in records]
                assert [e["event_type"] for e in events] == [
                    "proxy.call.started",
                    "proxy.call.completed",
                ], name
                started = events[0]
                assert started["service"] == "demo-service"
                assert started["model"] == "demo-model"
                assert started["purpose"] == "demo"
                assert started["policy_result"] == "allowed"
                assert started["policy_revision"]
                assert len(started["payload"]["input_sha256"]) == 64
                assert started["payload"]["input_sha256"] == events[1]["payload"]["input_sha256"]


def test_when_audit_store_rejects_writes_then_no_decision_is_stored(
    tmp_path: Path, database_url: str
) -> None:
    """Decisions are audit-first too: a failed ``decision.made`` write keeps nothing."""
    from tests.unit.explain.conftest import case

    with recording_upstream() as upstream:
        settings = make_settings(tmp_path, upstream.base_url, database={"url": database_url})
        key = issue_key(settings, "demo-service", "ai-service")
        headers = {"Authorization": f"Bearer {key}", "X-Purpose": "demo"}
        body = {
            "model_id": "wohngeld-demo",
            "case_reference": "WG-AF-1",
            "subject": "subj-af-1",
            "features": case(),
        }
        with TestClient(app=create_app(settings)) as client:
            with audit_writes_fail(database_url):
                refused = client.post("/v1/decisions", json=body, headers=headers)
            assert refused.status_code == 503, refused.text
            assert refused.json()["code"] == "audit_unavailable"
            listed = client.get("/v1/decisions", headers=headers).json()["decisions"]
            assert [d for d in listed if d["case_reference"] == "WG-AF-1"] == []
            made = client.post("/v1/decisions", json=body, headers=headers)
            assert made.status_code == 201, made.text
