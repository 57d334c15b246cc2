"""Every place text travels in an OpenAI request/response is reached by the text mapper."""

from __future__ import annotations

import json
from collections.abc import Callable

import msgspec
import pytest

from gateway.openai_api import (
    ChatCompletionRequest,
    TextMappers,
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


def _declared(body: dict[str, object]) -> dict[str, object]:
    """``body`` decoded by the closed schema (an undeclared field raises) and re-encoded."""
    return upstream_body(msgspec.convert({"model": "m", **body}, ChatCompletionRequest))


def test_when_a_prediction_is_sent_then_it_is_declared_and_its_content_mapped() -> None:
    as_text = _declared(
        {"messages": [], "prediction": {"type": "content", "content": "dear ms vogt"}}
    )
    as_parts = _declared(
        {
            "messages": [],
            "prediction": {"type": "content", "content": [{"type": "text", "text": "hi ida"}]},
        }
    )

    assert map_request_text(as_text, upper)["prediction"] == {
        "type": "content",
        "content": "DEAR MS VOGT",
    }
    assert map_request_text(as_parts, upper)["prediction"]["content"] == [
        {"type": "text", "text": "HI IDA"}
    ]


def test_when_end_user_identifiers_are_sent_then_they_are_declared_and_mapped() -> None:
    body = _declared(
        {
            "messages": [],
            "safety_identifier": "ines.falk@posteo.de",
            "prompt_cache_key": "portal-ines-falk",
        }
    )

    mapped = map_request_text(body, upper)

    assert mapped["safety_identifier"] == "INES.FALK@POSTEO.DE"
    assert mapped["prompt_cache_key"] == "PORTAL-INES-FALK"


def test_when_an_undeclared_field_is_sent_then_the_closed_schema_refuses_it() -> None:
    with pytest.raises(msgspec.ValidationError, match="end_user_email"):
        _declared({"messages": [], "end_user_email": "ines.falk@posteo.de"})


def test_when_a_file_part_is_sent_then_name_is_text_data_inline_and_id_a_code_name() -> None:
    seen: list[tuple[str, str]] = []

    def record(kind: str) -> Callable[[str, str], str]:
        def fn(field: str, value: str) -> str:
            seen.append((kind, field))
            return value

        return fn

    body = _declared(
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "file", "file": {"filename": "lease.pdf", "file_data": "data:x"}},
                        {"type": "file", "file": {"file_id": "file-abc123"}},
                    ],
                }
            ]
        }
    )
    fns = TextMappers(text=upper, code_name=record("code"), inline_image=record("inline"))
    parts = map_request_text(body, fns)["messages"][0]["content"]

    assert parts[0] == {"type": "file", "file": {"filename": "LEASE.PDF", "file_data": "data:x"}}
    assert parts[1] == {"type": "file", "file": {"file_id": "file-abc123"}}
    assert seen == [
        ("inline", "messages[0].content[0].file.file_data"),
        ("code", "messages[0].content[1].file.file_id"),
    ]
