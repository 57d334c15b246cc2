"""Caller-typed strings never land in clear in the append-only log (issue 18, item 3).

A purpose must be one of the policy bundle's purpose tokens; any other value is refused
(403 ``purpose_unknown``), neither echoed nor stored: the audit record holds ``invalid``.
Officers' search filters are recorded as hashes in ``audit.query``.
"""

from __future__ import annotations

import hashlib
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
