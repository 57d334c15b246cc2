"""Issue 19 (5): streamed tool-call arguments are restored exactly as non-streamed ones.

The upstream double answers with a tool call whose arguments quote the (redacted) user
message, streamed in 1-5 character pieces so placeholders straddle chunk borders. Under a
purpose whose policy obliges restoring the caller's own values, the arguments the caller
assembles from the stream equal the non-streamed arguments, with the values restored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.conftest import Gateway

MESSAGE = 'Ich bin Jana "JK" Kowalczyk, Mail jana.kowalczyk@web.de'
ARGUMENTS = '{"note": "{content}", "n": 1, "tags": ["a<b", "x"]}'


@pytest.fixture
def tool_answers(gateway: Gateway) -> Iterator[None]:
    gateway.upstream.set_tool_arguments(ARGUMENTS)
    try:
        yield
    finally:
        gateway.upstream.set_tool_arguments("")
        gateway.upstream.set_stream_piece(3)


def call(gateway: Gateway, *, stream: bool, purpose: str) -> Any:
    return gateway.client.post(
        "/v1/chat/completions",
        json={
            "model": "demo-model",
            "stream": stream,
            "messages": [{"role": "user", "content": MESSAGE}],
        },
        headers=gateway.headers(**{"X-Purpose": purpose}),
    )


def streamed_arguments(response: Any) -> str:
    arguments = ""
    for block in response.text.split("\n\n"):
        if not block.startswith("data: ") or block == "data: [DONE]":
            continue
        for choice in json.loads(block[len("data: ") :]).get("choices", []):
            for tool_call in choice.get("delta", {}).get("tool_calls") or []:
                arguments += tool_call.get("function", {}).get("arguments", "")
    return arguments


@pytest.mark.usefixtures("tool_answers")
@pytest.mark.parametrize("piece", [1, 2, 3, 4, 5])
def test_when_tool_call_is_streamed_then_arguments_are_restored_as_without_streaming(
    gateway: Gateway, piece: int
) -> None:
    gateway.upstream.set_stream_piece(piece)
    plain = call(gateway, stream=False, purpose="buergerservice")
    assert plain.status_code == 200, plain.text
    message = plain.json()["choices"][0]["message"]
    expected = json.loads(message["tool_calls"][0]["function"]["arguments"])
    assert expected["note"] == MESSAGE  # restored, and JSON-escaped quotes survived
    streamed = call(gateway, stream=True, purpose="buergerservice")
    assert streamed.status_code == 200
    assert json.loads(streamed_arguments(streamed)) == expected
    assert "jana.kowalczyk@web.de" not in gateway.upstream.received[-1]["raw"]


@pytest.mark.usefixtures("tool_answers")
def test_when_purpose_does_not_restore_then_streamed_arguments_keep_placeholders(
    gateway: Gateway,
) -> None:
    streamed = call(gateway, stream=True, purpose="demo")
    arguments = json.loads(streamed_arguments(streamed))
    assert "jana.kowalczyk@web.de" not in arguments["note"]
    assert "<EMAIL_ADDRESS_" in arguments["note"]


def test_when_model_answers_with_a_personal_key_then_its_value_is_redacted(
    gateway: Gateway,
) -> None:
    gateway.upstream.set_tool_arguments('{"nachname": "kowalczyk", "status": "offen"}')
    try:
        plain = call(gateway, stream=False, purpose="demo")
        streamed = call(gateway, stream=True, purpose="demo")
    finally:
        gateway.upstream.set_tool_arguments("")
    message = plain.json()["choices"][0]["message"]
    for arguments in (
        json.loads(message["tool_calls"][0]["function"]["arguments"]),
        json.loads(streamed_arguments(streamed)),
    ):
        assert arguments["nachname"].startswith("<PERSON_")
        assert arguments["status"] == "offen"
