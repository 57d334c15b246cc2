"""POST /v1/embeddings and GET /v1/models follow the same controls as chat completions."""

from __future__ import annotations

from tests.integration.conftest import Gateway

EMAIL = "jonas.becker@example.de"


def test_when_embedding_citizen_text_then_inputs_are_redacted_and_audited(
    gateway: Gateway,
) -> None:
    before = len(gateway.upstream.received)
    response = gateway.client.post(
        "/v1/embeddings",
        json={"model": "demo-model", "input": [f"Mail von {EMAIL}", "Wohngeld Antrag"]},
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )
    assert response.status_code == 200, response.text
    assert len(response.json()["data"]) == 2
    sent = gateway.upstream.received[before]
    assert sent["path"].endswith("/embeddings")
    assert EMAIL not in sent["raw"] and "<EMAIL_ADDRESS_1>" in sent["raw"]
    records = gateway.client.get(
        "/v1/audit/events",
        params={"request_id": response.headers["x-request-id"]},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    assert [r["event"]["payload"]["kind"] for r in records] == ["embeddings"] * 2


def test_when_embedding_for_a_denied_purpose_then_403_and_nothing_sent(gateway: Gateway) -> None:
    before = len(gateway.upstream.received)
    response = gateway.client.post(
        "/v1/embeddings",
        json={"model": "demo-model", "input": "x"},
        headers=gateway.headers(**{"X-Purpose": "werbung"}),
    )
    assert response.status_code == 403
    assert len(gateway.upstream.received) == before


def test_when_listing_models_then_only_policy_allowed_ones(gateway: Gateway) -> None:
    allowed = gateway.client.get("/v1/models", headers=gateway.headers())
    assert allowed.status_code == 200
    ids = {m["id"] for m in allowed.json()["data"]}
    assert "demo-model" in ids
    nothing = gateway.client.get("/v1/models", headers=gateway.headers("unknown-service"))
    assert nothing.json()["data"] == []
    for_purpose = gateway.client.get(
        "/v1/models", headers=gateway.headers(**{"X-Purpose": "werbung"})
    )
    assert for_purpose.json()["data"] == []
