"""``[pii] enabled = false``: texts go upstream as sent, but screening, policy and audit run,
and the policy keeps unredacted text away from external models."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.conftest import Gateway
from tests.integration.test_chat_proxy import CITIZEN_TEXT, EMAIL, NAME, audit_records


@pytest.fixture(scope="module")
def settings_overrides() -> dict[str, Any]:
    return {"pii": {"enabled": False}}


def test_when_redaction_is_off_then_upstream_gets_the_text_as_sent_and_the_audit_says_so(
    gateway: Gateway,
) -> None:
    before = len(gateway.upstream.received)
    response = gateway.chat(CITIZEN_TEXT)
    assert response.status_code == 200, response.text
    received = gateway.upstream.received[before:]
    assert len(received) == 1
    assert received[0]["body"]["messages"][0]["content"] == CITIZEN_TEXT
    assert NAME in response.json()["choices"][0]["message"]["content"]  # echoed, not redacted

    request_id = response.headers["x-request-id"]
    _started, record = audit_records(gateway, request_id=request_id)
    assert record["event"]["payload"]["redaction"] == "off"
    assert record["event"]["pii_entities"] == {}
    assert EMAIL not in json.dumps(record)  # the audit log never holds the values


def test_when_redaction_is_off_then_an_external_model_is_refused_by_the_policy(
    gateway: Gateway,
) -> None:
    before = len(gateway.upstream.received)
    response = gateway.chat("Wie beantrage ich Wohngeld?", model="external-model")
    assert response.status_code == 403, response.text
    codes = [reason["code"] for reason in response.json()["reasons"]]
    assert "unredacted_external" in codes
    assert len(gateway.upstream.received) == before  # nothing left the house


def test_when_redaction_is_off_then_a_stream_is_relayed_as_sent_and_audited(
    gateway: Gateway,
) -> None:
    body = {"model": "demo-model", "messages": [{"role": "user", "content": CITIZEN_TEXT}]}
    with gateway.client.stream(
        "POST",
        "/v1/chat/completions",
        json={**body, "stream": True},
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    ) as response:
        assert response.status_code == 200
        request_id = response.headers["x-request-id"]
        lines = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    text = "".join(
        choice["delta"].get("content") or ""
        for line in lines[:-1]
        for choice in json.loads(line.removeprefix("data: "))["choices"]
    )
    assert NAME in text
    events = {
        r["event"]["event_type"]: r["event"] for r in audit_records(gateway, request_id=request_id)
    }
    assert events["proxy.call.completed"]["outcome"] == "ok"
    assert events["proxy.call.completed"]["payload"]["redaction"] == "off"
