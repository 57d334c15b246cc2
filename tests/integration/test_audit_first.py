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


def audit_writes_fail(
    database_url: str, event_type: str | None = None
) -> AbstractContextManager[None]:
    """Inserts into the audit table fail until the block ends (another connection).

    With ``event_type``, only records of that type fail (the others are committed).
    """
    return inserts_fail(database_url, "audit_records", event_type=event_type)


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


def test_when_the_completion_record_fails_then_the_call_is_not_acknowledged(
    tmp_path: Path, database_url: str
) -> None:
    """0 acknowledged calls without a completion record: the start is committed, the upstream
    answered, but ``proxy.call.completed`` cannot be written; the caller gets no 200 answer
    and no stream ``[DONE]``, and every upstream call has its committed start record."""
    with recording_upstream() as upstream:
        settings = make_settings(tmp_path, upstream.base_url, database={"url": database_url})
        key = issue_key(settings, "demo-service", "ai-service")
        officer = issue_key(settings, "officer-af", "compliance-officer")
        headers = {"Authorization": f"Bearer {key}", "X-Purpose": "demo"}
        with TestClient(app=create_app(settings)) as client:
            with audit_writes_fail(database_url, event_type="proxy.call.completed"):
                answers = {
                    name: client.post(path, json=body, headers=headers)
                    for name, (path, body) in CALLS.items()
                }
            assert answers["chat"].status_code == 503, answers["chat"].text
            assert answers["chat"].json()["code"] == "audit_unavailable"
            assert answers["embeddings"].status_code == 503, answers["embeddings"].text
            assert answers["embeddings"].json()["code"] == "audit_unavailable"
            stream = answers["chat-stream"].text  # headers were sent: the stream says so
            assert "audit_unavailable" in stream and "[DONE]" not in stream
            assert len(upstream.received) == len(CALLS)  # each went upstream once ...
            for name, response in answers.items():  # ... after its start was committed
                records = client.get(
                    "/v1/audit/events",
                    params={"request_id": response.headers["x-request-id"]},
                    headers={"Authorization": f"Bearer {officer}"},
                ).json()["records"]
                types = [r["event"]["event_type"] for r in records]
                assert types[0] == "proxy.call.started", (name, types)
                assert "proxy.call.completed" not in types, (name, types)


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
