"""stream: true — SSE relayed with redaction across chunk boundaries, audited."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.conftest import Gateway

NAME = "Erika Mustermann"
EMAIL = "erika.mustermann@example.de"
IBAN = "DE89 3704 0044 0532 0130 00"


def stream(gw: Gateway, content: str, purpose: str = "demo") -> tuple[Any, list[Any]]:
    response = gw.client.post(
        "/v1/chat/completions",
        json={
            "model": "demo-model",
            "stream": True,
            "messages": [{"role": "user", "content": content}],
        },
        headers=gw.headers(**{"X-Purpose": purpose}),
    )
    events: list[Any] = []
    for block in response.text.split("\n\n"):
        if block.startswith("data: "):
            data = block[len("data: ") :]
            events.append(data if data == "[DONE]" else json.loads(data))
    return response, events


def text_of(events: list[Any]) -> str:
    return "".join(
        choice["delta"].get("content") or ""
        for e in events
        if isinstance(e, dict)
        for choice in e.get("choices", [])
    )


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 8, 13])
def test_when_answer_streams_personal_data_then_no_fragment_leaks(
    gateway: Gateway, piece: int
) -> None:
    gateway.upstream.set_answer(f"Ihre Daten: {EMAIL} und IBAN {IBAN}. Danke. {{content}}")
    gateway.upstream.set_stream_piece(piece)
    try:
        response, events = stream(gateway, "Hallo, was haben Sie gespeichert?")
    finally:
        gateway.upstream.set_answer("echo: {content}")
        gateway.upstream.set_stream_piece(3)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert events[-1] == "[DONE]"
    text = text_of(events)
    assert "<EMAIL_ADDRESS_1>" in text and "<IBAN_CODE_1>" in text
    body = response.text
    for fragment in ("erika.muster", "example.de", "3704 0044", "0532"):
        assert fragment not in body
    assert text.endswith("Hallo, was haben Sie gespeichert?")


def test_when_streaming_with_restore_then_caller_values_come_back_whole(gateway: Gateway) -> None:
    _, events = stream(gateway, f"Ich bin {NAME}, Mail {EMAIL}.", purpose="buergerservice")
    assert events[-1] == "[DONE]"
    assert f"echo: Ich bin {NAME}, Mail {EMAIL}." == text_of(events)
    assert EMAIL not in gateway.upstream.received[-1]["raw"]


def test_when_stream_completes_then_started_and_completed_are_audited(gateway: Gateway) -> None:
    response, _ = stream(gateway, f"Mail {EMAIL}")
    records = gateway.client.get(
        "/v1/audit/events",
        params={"request_id": response.headers["x-request-id"]},
        headers=gateway.headers("compliance-officer"),
    ).json()["records"]
    assert [r["event"]["event_type"] for r in records] == [
        "proxy.call.started",
        "proxy.call.completed",
    ]
    assert records[1]["event"]["payload"]["stream"] is True
    assert records[1]["event"]["pii_entities"]["EMAIL_ADDRESS"] >= 1


def test_when_stream_is_denied_then_403_before_any_event(gateway: Gateway) -> None:
    response, events = stream(gateway, "Hallo", purpose="werbung")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert events == []
