"""GET /metrics reflects real calls: stages, PII types, policy results, upstream errors."""

from __future__ import annotations

from tests.integration.conftest import Gateway


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
    assert 'leitplanke_stage_duration_seconds_count{stage="pii_request"}' in text
    assert "leitplanke_upstream_errors_total" in text
    assert 'route="/v1/chat/completions"' in text
    assert "lena.vogt" not in text
