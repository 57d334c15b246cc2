"""Caller-typed strings never land in clear in the append-only log (issue 18, item 3).

A purpose must be one of the policy bundle's purpose tokens; any other value is refused
(403 ``purpose_unknown``), neither echoed nor stored: the audit record holds ``invalid``.
Officers' search filters are recorded as hashes in ``audit.query``. A sweep sends a canary in
every other string a caller types and finds it in no table of the database.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

import pytest

from tests.integration.conftest import Gateway
from tests.unit.explain.conftest import case

NAME = "Jana Kowalczyk"
EMAIL = "jana.kowalczyk@example.de"


def records_of(gateway: Gateway, request_id: str) -> list[dict[str, Any]]:
    response = gateway.client.get(
        "/v1/audit/events",
        params={"request_id": request_id},
        headers=gateway.headers("compliance-officer"),
    )
    assert response.status_code == 200
    records: list[dict[str, Any]] = response.json()["records"]
    return records


def export_text(gateway: Gateway) -> str:
    response = gateway.client.get("/v1/audit/export", headers=gateway.headers("compliance-officer"))
    assert response.status_code == 200
    return response.text


CALLS = {
    "header": lambda gw: gw.chat("Hallo", purpose=f"Antrag {NAME}"),
    "metadata": lambda gw: gw.client.post(
        "/v1/chat/completions",
        json={
            "model": "demo-model",
            "messages": [{"role": "user", "content": "Hallo"}],
            "metadata": {"purpose": EMAIL},
        },
        headers=gw.headers(),
    ),
    "stream": lambda gw: gw.chat("Hallo", purpose=f"Antrag {NAME}", stream=True),
    "embeddings": lambda gw: gw.client.post(
        "/v1/embeddings",
        json={"model": "demo-model", "input": "x"},
        headers=gw.headers(**{"X-Purpose": EMAIL}),
    ),
    "decision": lambda gw: gw.client.post(
        "/v1/decisions",
        json={
            "model_id": "wohngeld-demo",
            "case_reference": "WG-1",
            "subject": "sp1_0123456789abcdef0123456789abcdef",
            "features": case(),
        },
        headers=gw.headers(**{"X-Purpose": f"Antrag {NAME}"}),
    ),
}


@pytest.mark.parametrize("kind", sorted(CALLS))
def test_when_purpose_is_not_a_token_then_refused_not_echoed_and_stored_as_invalid(
    gateway: Gateway, kind: str
) -> None:
    before = len(gateway.upstream.received)
    response = CALLS[kind](gateway)
    assert response.status_code == 403, response.text
    body = response.json()
    assert body["field"] == "purpose"
    assert [r["code"] for r in body["reasons"]] == ["purpose_unknown"]
    assert "Kowalczyk" not in response.text and "kowalczyk" not in response.text
    assert len(gateway.upstream.received) == before
    records = records_of(gateway, response.headers["x-request-id"])
    assert [r["event"]["purpose"] for r in records] == ["invalid"]
    assert "purpose_unknown" in records[0]["event"]["reason_codes"]
    assert "owalczyk" not in export_text(gateway)


def test_when_officer_searches_by_free_text_then_the_query_record_holds_only_hashes(
    gateway: Gateway,
) -> None:
    response = gateway.client.get(
        "/v1/audit/events",
        params={"subject": NAME, "purpose": EMAIL, "event_type": "proxy.call.completed"},
        headers=gateway.headers("compliance-officer"),
    )
    assert response.status_code == 200
    (query,) = records_of(gateway, response.headers["x-request-id"])
    payload = query["event"]["payload"]
    assert "owalczyk" not in str(query)
    assert payload["filters_sha256"]["subject"] == hashlib.sha256(NAME.encode()).hexdigest()
    assert payload["filters_sha256"]["purpose"] == hashlib.sha256(EMAIL.encode()).hexdigest()
    assert "owalczyk" not in export_text(gateway)


def test_when_subject_report_is_asked_for_a_non_pseudonym_then_422_and_not_stored(
    gateway: Gateway,
) -> None:
    response = gateway.client.get(
        f"/v1/audit/subjects/{NAME}/report", headers=gateway.headers("compliance-officer")
    )
    assert response.status_code == 422
    assert response.json()["field"] == "subject"
    assert "owalczyk" not in response.json()["detail"]
    assert "owalczyk" not in export_text(gateway)


@pytest.mark.parametrize(
    ("sent", "kept"), [("Jana.Kowalczyk", False), ("7ace7e57-0000-4000-8000-00000000a001", True)]
)
def test_when_caller_sends_a_request_id_then_only_a_hex_id_is_taken(
    gateway: Gateway, sent: str, kept: bool
) -> None:
    response = gateway.client.get("/health/live", headers={"X-Request-ID": sent})
    assert (response.headers["x-request-id"] == sent) is kept


CANARY = "jana.kowalczyk.c4n4ry@example.de"


def caller_string_sweep(gw: Gateway, decision: dict[str, Any]) -> list[tuple[str, int]]:
    """Every string a caller types, once each, carrying CANARY; (what, status) per request."""
    c, service = gw.client, gw.headers(**{"X-Purpose": "demo"})
    officer, admin = gw.headers("compliance-officer"), gw.headers("admin")
    did, code = decision["id"], decision["citizen_access"]["access_code"]
    chat = {"model": "demo-model", "messages": [{"role": "user", "content": "Hi"}]}
    body = {
        "model_id": "wohngeld-demo",
        "subject": "sp1_0123456789abcdef0123456789abcdef",
        "features": case(),
    }
    sent = {
        "chat model": c.post(
            "/v1/chat/completions", json={**chat, "model": CANARY}, headers=service
        ),
        "chat user": c.post("/v1/chat/completions", json={**chat, "user": CANARY}, headers=service),
        "request id and user agent": c.post(
            "/v1/chat/completions",
            json=chat,
            headers={**service, "X-Request-ID": CANARY, "User-Agent": CANARY},
        ),
        "embeddings model": c.post(
            "/v1/embeddings", json={"model": CANARY, "input": "x"}, headers=service
        ),
        "case reference": c.post(
            "/v1/decisions", json={**body, "case_reference": CANARY}, headers=service
        ),
        "decision model": c.post(
            "/v1/decisions",
            json={**body, "case_reference": "X", "model_id": CANARY},
            headers=service,
        ),
        "citizen message": c.post(
            f"/v1/citizen/decisions/{did}/review-request",
            json={"message": CANARY},
            headers={"X-Access-Code": code},
        ),
        "wrong access code": c.get(
            f"/v1/citizen/decisions/{did}/explanation", headers={"X-Access-Code": CANARY}
        ),
        "review reason": c.post(
            f"/v1/decisions/{did}/review",
            json={"action": "decide", "outcome": "approved", "reason": CANARY},
            headers=gw.headers("caseworker"),
        ),
        "decision id": c.get(f"/v1/decisions/{CANARY}", headers=officer),
        "decision filters": c.get(
            "/v1/decisions", params={"service": CANARY, "subject": CANARY}, headers=officer
        ),
        "unlock id": c.post(f"/v1/decisions/{CANARY}/access-code/unlock", headers=officer),
        "review filters": c.get(
            "/v1/reviews", params={"service": CANARY, "after_id": CANARY}, headers=officer
        ),
        "audit filters": c.get(
            "/v1/audit/events",
            params={"service": CANARY, "subject": CANARY, "request_id": CANARY, "model": CANARY},
            headers=officer,
        ),
        "export filters": c.get("/v1/audit/export", params={"subject": CANARY}, headers=officer),
        "audit record id": c.get(f"/v1/audit/events/{CANARY}", headers=officer),
        "report subject": c.get(f"/v1/audit/subjects/{CANARY}/report", headers=officer),
        "erased subject": c.post(f"/v1/audit/subjects/{CANARY}/erase", headers=admin),
        "bias audit model": c.post(
            "/v1/fairness/audits", json={"model_id": CANARY}, headers=officer
        ),
        "bias audit filters": c.get(
            "/v1/fairness/audits", params={"model_id": CANARY}, headers=officer
        ),
        "records kind": c.get(f"/v1/records/{CANARY}", headers=officer),
        "hold value": c.post(
            "/v1/audit/holds",
            json={"kind": "subject", "value": CANARY, "reason": "Klage"},
            headers=officer,
        ),
        "trusted checkpoint": c.get(
            "/v1/audit/verify", params={"trusted_checkpoint": CANARY}, headers=officer
        ),
    }
    return [(what, response.status_code) for what, response in sent.items()]


def test_when_every_caller_string_carries_a_canary_then_no_table_holds_it_in_clear(
    gateway: Gateway,
) -> None:
    """Purpose, filters, ids, model names, case references, messages and reasons: the database
    (the append-only log and every other table) holds none of them in clear; what must be kept
    is encrypted (case references, citizen messages, review reasons) or hashed (filters)."""
    made = gateway.client.post(
        "/v1/decisions",
        json={
            "model_id": "wohngeld-demo",
            "case_reference": "WG-SWEEP",
            "subject": "sp1_0123456789abcdef0123456789abcdef",
            "features": case(),
        },
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )
    assert made.status_code == 201, made.text
    statuses = caller_string_sweep(gateway, made.json())
    assert [s for s in statuses if s[1] >= 500] == []
    stored = dict(statuses)
    assert stored["case reference"] == 201 and stored["citizen message"] == 201  # kept ...
    assert stored["review reason"] == 200  # ... encrypted, as shown below
    path = gateway.settings.database.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = [
            table
            for table in tables
            for row in conn.execute(f'SELECT * FROM "{table}"')
            if "c4n4ry" in repr(row).lower()
        ]
    assert found == []
