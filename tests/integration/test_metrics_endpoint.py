"""GET /metrics reflects real calls: stages (auth included), PII types, policy results, upstream
errors, audit commits; ``Server-Timing`` carries the auth stage when switched on."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.conftest import Gateway
from tests.integration.test_decisions import decide


@pytest.fixture(scope="module")
def settings_overrides() -> dict[str, Any]:
    return {"server": {"server_timing": True}}


def scrape(gateway: Gateway) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of ``/metrics`` by (name, sorted labels)."""
    response = gateway.client.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def sample(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def timing_stages(header: str) -> list[str]:
    return [part.split(";")[0].strip() for part in header.split(",")]


def test_when_calls_were_made_then_metrics_count_them_without_personal_data(
    gateway: Gateway,
) -> None:
    assert gateway.chat("Mail an lena.vogt@example.de").status_code == 200
    assert gateway.chat("Hallo", purpose="werbung").status_code == 403
    assert gateway.chat("Hallo", model="broken-model").status_code == 502
    response = gateway.client.get("/metrics")
    assert response.status_code == 200
    text = response.text
    assert 'leitplanke_pii_entities_total{entity_type="EMAIL_ADDRESS"}' in text
    assert 'leitplanke_policy_decisions_total{result="allowed"}' in text
    assert 'leitplanke_policy_decisions_total{result="denied"}' in text
    assert 'leitplanke_policy_cache_lookups_total{result="miss"}' in text
    assert 'leitplanke_stage_duration_seconds_count{stage="pii_request"}' in text
    assert "leitplanke_upstream_errors_total" in text
    assert 'route="/v1/chat/completions"' in text
    assert "lena.vogt" not in text


def test_when_audit_records_are_committed_then_commit_latency_and_batch_size_are_exposed(
    gateway: Gateway,
) -> None:
    before = scrape(gateway)
    calls = 5
    for i in range(calls):
        assert gateway.chat(f"Anfrage {i}").status_code == 200
    after = scrape(gateway)

    def delta(name: str) -> float:
        return sample(after, name) - sample(before, name)

    # A proxy.call.started and a proxy.call.completed record per call, each committed in
    # some batch (the two of one call never in the same one: the upstream is asked between).
    assert delta("leitplanke_audit_batch_size_sum") == 2 * calls
    commits = delta("leitplanke_audit_commit_duration_seconds_count")
    assert 2 <= commits <= 2 * calls
    assert delta("leitplanke_audit_batch_size_count") == commits
    assert 0 < delta("leitplanke_audit_commit_duration_seconds_sum") < 10 * commits


@pytest.mark.parametrize(
    ("call", "status", "stages"),
    [
        (
            "chat",
            200,
            ["auth", "pii_request", "policy", "upstream", "pii_response", "audit"],
        ),
        ("embeddings", 200, ["auth", "pii_request", "policy", "upstream", "audit"]),
        ("decision", 201, ["auth"]),
    ],
)
def test_when_authenticated_call_served_then_auth_is_a_timed_stage(
    gateway: Gateway, call: str, status: int, stages: list[str]
) -> None:
    before = scrape(gateway)
    if call == "chat":
        response = gateway.chat("Hallo")
    elif call == "embeddings":
        response = gateway.client.post(
            "/v1/embeddings",
            json={"model": "demo-model", "input": "Wohngeld Antrag"},
            headers=gateway.headers(**{"X-Purpose": "demo"}),
        )
    else:
        response = decide(gateway)
    after = scrape(gateway)

    assert response.status_code == status, response.text
    timing = response.headers["server-timing"]
    named = timing_stages(timing)
    assert named[0] == "auth"
    assert set(stages) <= set(named)
    auth_ms = float(timing.split(",")[0].split("dur=")[1])
    assert 0 <= auth_ms < 10_000
    count = "leitplanke_stage_duration_seconds_count"
    assert sample(after, count, stage="auth") - sample(before, count, stage="auth") == 1


def test_when_credentials_are_wrong_then_no_server_timing_but_auth_is_still_measured(
    gateway: Gateway,
) -> None:
    before = scrape(gateway)
    response = gateway.client.post(
        "/v1/chat/completions",
        json={"model": "demo-model", "messages": [{"role": "user", "content": "Hallo"}]},
        headers={"Authorization": "Bearer not-a-real-key"},
    )
    after = scrape(gateway)

    assert response.status_code == 401
    assert "server-timing" not in response.headers  # timings must not help guess keys
    count = "leitplanke_stage_duration_seconds_count"
    assert sample(after, count, stage="auth") - sample(before, count, stage="auth") == 1


def test_when_the_same_access_is_decided_twice_then_the_policy_cache_hit_is_counted(
    gateway: Gateway,
) -> None:
    before = scrape(gateway)
    for _ in range(2):
        assert gateway.chat("Wie beantrage ich einen Reisepass?").status_code == 200
    after = scrape(gateway)
    hits = "leitplanke_policy_cache_lookups_total"
    assert sample(after, hits, result="hit") - sample(before, hits, result="hit") >= 1
