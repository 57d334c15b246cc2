"""Every place text travels in an OpenAI request/response is reached by the text mapper."""

from __future__ import annotations

import json

import msgspec

from gateway.openai_api import (
    ChatCompletionRequest,
    map_request_text,
    map_response_text,
    purpose_of,
    upstream_body,
)


def upper(text: str) -> str:
    return text.upper()


def test_when_request_mapped_then_all_text_fields_change_and_structure_stays() -> None:
    body = {
        "model": "m",
        "messages": [
            {"role": "system", "content": "sys"},
            {
                "role": "user",
                "name": "anna",
                "content": [
                    {"type": "text", "text": "part"},
                    {"type": "image_url", "image_url": {}},
                ],
            },
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": "c",
                        "type": "function",
                        "function": {"name": "f", "arguments": '{"who": "bob", "n": 1}'},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "c", "content": "result"},
            {"role": "assistant", "function_call": {"name": "g", "arguments": "not json"}},
        ],
    }
    out = map_request_text(body, upper, participant_name_fn=lambda name: "PERSON_1")
    messages = out["messages"]
    assert messages[0]["content"] == "SYS"
    assert messages[1]["name"] == "PERSON_1"
    assert messages[1]["content"][0]["text"] == "PART"
    assert messages[1]["content"][1] == {"type": "image_url", "image_url": {}}
    args = json.loads(messages[2]["tool_calls"][0]["function"]["arguments"])
    assert args == {"WHO": "BOB", "N": 1}
    assert messages[2]["tool_calls"][0]["function"]["name"] == "f"
    assert messages[3]["content"] == "RESULT"
    assert messages[4]["function_call"]["arguments"] == "NOT JSON"
    assert body["messages"][0]["content"] == "sys"  # input untouched


def test_when_response_mapped_then_message_and_tool_calls_change() -> None:
    response = {
        "id": "x",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "hi",
                    "tool_calls": [
                        {
                            "id": "c",
                            "type": "function",
                            "function": {"name": "f", "arguments": '{"a": "b"}'},
                        }
                    ],
                },
            }
        ],
    }
    out = map_response_text(response, upper)
    assert out["choices"][0]["message"]["content"] == "HI"
    assert json.loads(out["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]) == {
        "A": "B"
    }
    assert out["id"] == "x"


def test_when_purpose_in_header_and_metadata_then_header_wins() -> None:
    request = msgspec.convert(
        {"model": "m", "messages": [], "metadata": {"purpose": "meta"}}, ChatCompletionRequest
    )
    assert purpose_of(request, "header") == "header"
    assert purpose_of(request, None) == "meta"
    assert (
        purpose_of(msgspec.convert({"model": "m", "messages": []}, ChatCompletionRequest), None)
        == ""
    )


def test_when_body_built_for_upstream_then_metadata_is_dropped() -> None:
    request = msgspec.convert(
        {
            "model": "m",
            "messages": [{"role": "user", "content": "x"}],
            "metadata": {"purpose": "p"},
            "temperature": 0.1,
        },
        ChatCompletionRequest,
    )
    body = upstream_body(request)
    assert "metadata" not in body
    assert body["temperature"] == 0.1
    assert body["messages"] == [{"role": "user", "content": "x"}]
