"""Human review end to end through create_app(): queue, take, four-eyes decision, audit."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.integration.conftest import Gateway, issue_key
from tests.integration.test_decisions import decide

REASON = "Einkommensnachweis vom 3. März liegt vor; Miete geprüft."


@pytest.fixture(scope="module")
def settings_overrides() -> dict[str, Any]:
    return {
        "reviews": {
            "deadline_days": 14,
            "services": {"demo-service": {"deadline_days": 7, "four_eyes": True}},
        }
    }


@pytest.fixture(scope="module")
def second_caseworker(gateway: Gateway) -> dict[str, str]:
    key = issue_key(gateway.settings, "caseworker-2", "caseworker", services=("demo-service",))
    return {"Authorization": f"Bearer {key}"}


def _made(gw: Gateway) -> dict[str, Any]:
    response = decide(gw)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _events(gw: Gateway, event_type: str, decision_id: str) -> list[dict[str, Any]]:
    records = gw.client.get(
        "/v1/audit/events",
        params={"event_type": event_type, "limit": 500},
        headers=gw.headers("compliance-officer"),
    ).json()["records"]
    return [r["event"] for r in records if r["event"]["payload"].get("decision_id") == decision_id]


def _queue(gw: Gateway, headers: dict[str, str], **params: str) -> list[str]:
    response = gw.client.get("/v1/reviews", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [r["decision_id"] for r in response.json()["reviews"]]


def _review(gw: Gateway, decision_id: str, headers: dict[str, str], **body: Any) -> Any:
    return gw.client.post(f"/v1/decisions/{decision_id}/review", json=body, headers=headers)


def test_when_policy_requires_review_then_provisional_with_service_deadline_in_queue(
    gateway: Gateway,
) -> None:
    made = _made(gateway)
    stored = gateway.client.get(
        f"/v1/decisions/{made['id']}", headers=gateway.headers("caseworker")
    ).json()
    assert made["human_review_required"] and stored["state"] == "provisional"
    created = datetime.fromisoformat(stored["created_at"])
    assert datetime.fromisoformat(stored["review_due_at"]) - created == timedelta(days=7)
    assert made["id"] in _queue(gateway, gateway.headers("caseworker"))
    assert made["id"] in _queue(gateway, gateway.headers("ai-service"), service="demo-service")
    assert made["id"] not in _queue(gateway, gateway.headers("caseworker"), state="final")
    assert made["id"] not in _queue(gateway, gateway.headers("caseworker"), due_before="2020-01-01")
    assert made["id"] in _queue(
        gateway,
        gateway.headers("caseworker"),
        due_before=(created + timedelta(days=8)).date().isoformat(),
    )
    assert made["id"] not in _queue(gateway, gateway.headers("caseworker"), overdue="true")
    assert made["id"] in _queue(gateway, gateway.headers("caseworker"), overdue="false")
    [event] = _events(gateway, "decision.made", made["id"])
    assert event["payload"]["state"] == "provisional"


def test_when_other_service_lists_queue_then_it_sees_none_of_these(gateway: Gateway) -> None:
    made = _made(gateway)
    assert made["id"] not in _queue(gateway, gateway.headers("unknown-service"))
    outside = gateway.client.get(
        "/v1/reviews",
        params={"service": "demo-service"},
        headers=gateway.headers("unknown-service"),
    )
    assert outside.status_code == 404 and outside.json()["field"] == "service"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "pending"}, "state"),
        ({"due_before": "tomorrow"}, "due_before"),
        ({"due_before": "2026-12-01T10:00:00"}, "due_before"),
        ({"limit": "0"}, "limit"),
        ({"overdue": "maybe"}, "overdue"),
    ],
)
def test_when_queue_filter_invalid_then_400_names_it(
    gateway: Gateway, params: dict[str, str], field: str
) -> None:
    response = gateway.client.get(
        "/v1/reviews", params=params, headers=gateway.headers("caseworker")
    )
    assert response.status_code == 400
    assert field in response.text


def test_when_four_eyes_then_second_caseworker_makes_it_final_and_fairness_learns_it(
    gateway: Gateway, second_caseworker: dict[str, str]
) -> None:
    made = _made(gateway)
    taken = _review(gateway, made["id"], gateway.headers("caseworker"), action="take")
    assert taken.status_code == 200, taken.text
    assert taken.json()["state"] == "under_review"
    assert taken.json()["review"]["assignee"] == "caseworker-1"
    first = _review(
        gateway, made["id"], gateway.headers("caseworker"), outcome="denied", reason=REASON
    )
    assert first.status_code == 200, first.text
    assert first.json()["state"] == "under_review"
    assert first.json()["review"]["awaiting_second_review"] == {
        "proposed_by": "caseworker-1",
        "outcome": "denied",
    }
    again = _review(
        gateway, made["id"], gateway.headers("caseworker"), outcome="denied", reason=REASON
    )
    assert again.status_code == 409 and "different person" in again.json()["detail"]
    final = _review(gateway, made["id"], second_caseworker, outcome="denied", reason="Bestätigt.")
    assert final.status_code == 200, final.text
    body = final.json()
    assert body["state"] == "final"
    assert body["final_outcome"]["outcome"] == "denied"
    assert body["final_outcome"]["source"] == "human_review"
    assert made["id"] not in _queue(gateway, gateway.headers("caseworker"))
    assert made["id"] in _queue(gateway, gateway.headers("caseworker"), state="final")
    db = gateway.settings.database.url.removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:
        (outcome,) = conn.execute(
            "SELECT outcome FROM fairness_decisions WHERE decision_id = ?", (made["id"],)
        ).fetchone()
    assert outcome == 0
    transitions = [
        (e["event_type"], e["payload"]["from_state"], e["payload"]["to_state"], e["actor"])
        for t in ("review.taken", "review.proposed", "review.decided")
        for e in _events(gateway, t, made["id"])
    ]
    assert transitions == [
        ("review.taken", "provisional", "under_review", "caseworker-1"),
        ("review.proposed", "under_review", "under_review", "caseworker-1"),
        ("review.decided", "under_review", "final", "caseworker-2"),
    ]
    export = gateway.client.get(
        "/v1/audit/export", params={"format": "jsonl"}, headers=gateway.headers("admin")
    )
    assert export.status_code == 200
    assert "Einkommensnachweis" not in export.text and "Bestätigt" not in export.text
    code = made["citizen_access"]["access_code"]
    late = gateway.client.post(
        f"/v1/citizen/decisions/{made['id']}/review-request",
        json={"message": ""},
        headers={"X-Access-Code": code},
    )
    assert late.status_code == 409 and "Widerspruch" in late.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"outcome": "approved"}, 422, "reason"),
        ({"reason": "x"}, 422, "outcome"),
        ({"outcome": "approved", "reason": "x" * 5001}, 422, "reason"),
        ({"outcome": "maybe", "reason": "x"}, 400, "outcome"),
    ],
)
def test_when_review_body_incomplete_then_problem_names_field(
    gateway: Gateway, body: dict[str, Any], status: int, field: str
) -> None:
    made = _made(gateway)
    response = _review(gateway, made["id"], gateway.headers("caseworker"), **body)
    assert response.status_code == status, response.text
    assert response.json()["field"] == field


def test_when_four_eyes_then_outcome_endpoint_cannot_bypass_it(gateway: Gateway) -> None:
    made = _made(gateway)
    response = gateway.client.post(
        f"/v1/decisions/{made['id']}/outcome",
        json={"outcome": "approved", "source": "human_review"},
        headers=gateway.headers(),
    )
    assert response.status_code == 409 and response.json()["field"] == "source"
    truth = gateway.client.post(
        f"/v1/decisions/{made['id']}/outcome",
        json={"outcome": "approved", "source": "ground_truth"},
        headers=gateway.headers(),
    )
    assert truth.status_code == 200 and truth.json()["state"] == "provisional"


def test_when_citizen_asks_then_event_records_transition_without_message(
    gateway: Gateway,
) -> None:
    made = _made(gateway)
    response = gateway.client.post(
        f"/v1/citizen/decisions/{made['id']}/review-request",
        json={"message": "Meine Miete ist seit Mai höher."},
        headers={"X-Access-Code": made["citizen_access"]["access_code"]},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["case_reference"] == "WG-2026-0001" and body["state"] == "under_review"
    assert body["review_due_at"] is not None
    [event] = _events(gateway, "review.requested", made["id"])
    assert (event["payload"]["from_state"], event["payload"]["to_state"]) == (
        "provisional",
        "under_review",
    )
    assert "Miete" not in str(event)
