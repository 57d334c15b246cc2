"""Invalid credentials throttled per source address, /metrics behind a token (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Gateway
from tests.unit.explain.conftest import case

METRICS_TOKEN = "metrics-token-for-the-scraper-0001"
BURST = 3
MAX_FAILURES = 3


@pytest.fixture(scope="module")
def settings_overrides() -> dict[str, Any]:
    return {
        "rate_limit": {
            "roles": {"invalid-credentials": {"requests_per_minute": 1, "burst": BURST}},
            "default": {"requests_per_minute": 60_000, "burst": 10_000},
        },
        "metrics": {"token": METRICS_TOKEN},
        "decisions": {"access_code_max_failures": MAX_FAILURES},
    }


def test_when_metrics_token_configured_then_metrics_need_it(gateway: Gateway) -> None:
    assert gateway.client.get("/metrics").status_code == 401
    wrong = gateway.client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = gateway.client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert right.status_code == 200 and "leitplanke_" in right.text


def _explanation(gateway: Gateway, decision_id: str, code: str) -> int:
    response = gateway.client.get(
        f"/v1/citizen/decisions/{decision_id}/explanation", headers={"X-Access-Code": code}
    )
    return response.status_code


def test_when_wrong_codes_reach_the_limit_then_the_decision_is_locked_until_an_officer_unlocks(
    gateway: Gateway,
) -> None:
    made = gateway.client.post(
        "/v1/decisions",
        json={
            "model_id": "wohngeld-demo",
            "case_reference": "WG-LOCK-1",
            "subject": "sp1_00000000000000000000000000000c0d",
            "features": case(),
        },
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    ).json()
    decision_id, code = made["id"], made["citizen_access"]["access_code"]
    assert _explanation(gateway, decision_id, code) == 200
    # Each try from a different address would not help: the count is per decision.
    assert [_explanation(gateway, decision_id, "WRONG-CODE-0000") for _ in range(MAX_FAILURES)] == [
        404
    ] * MAX_FAILURES
    assert _explanation(gateway, decision_id, code) == 404  # locked, same answer as a miss
    other = gateway.client.post(
        f"/v1/decisions/{decision_id}/access-code/unlock", headers=gateway.headers("caseworker")
    )
    assert other.status_code == 403  # caseworkers may not unlock
    unlocked = gateway.client.post(
        f"/v1/decisions/{decision_id}/access-code/unlock",
        headers=gateway.headers("compliance-officer"),
    )
    assert unlocked.status_code == 200, unlocked.text
    assert _explanation(gateway, decision_id, code) == 200
    records = gateway.client.get(
        "/v1/audit/events",
        params={"event_type": "decision.code_unlocked"},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    # The try with the right code while locked counted too.
    assert records[-1]["event"]["payload"] == {
        "decision_id": decision_id,
        "failures": MAX_FAILURES + 1,
    }


# Last in the module: it blocks the test client's address for a minute.
def test_when_invalid_keys_repeat_then_the_address_is_throttled_even_for_a_valid_key(
    gateway: Gateway,
) -> None:
    guessed = {"Authorization": "Bearer lpk_guessed-0000000000"}
    statuses = [
        gateway.client.get("/v1/decisions", headers=guessed).status_code for _ in range(BURST + 2)
    ]
    assert statuses[:BURST] == [401] * BURST
    assert statuses[BURST:] == [429, 429]
    blocked = gateway.client.get("/v1/decisions", headers=gateway.headers("compliance-officer"))
    assert blocked.status_code == 429  # a hit cannot be told from a miss while blocked
    assert int(blocked.headers["retry-after"]) >= 1
