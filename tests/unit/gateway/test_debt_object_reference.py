"""Issue 19, round 23: a reference in a tool call's JSON object about a debt ("case_ref"
beside "enforcement_agent", "debtor") is the debtor's file in a non-streamed answer, a
streamed one and a request's tool-call history; the same key in an object about no debt
keeps its value (pii.structured.is_debt_object_reference)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gateway.openai_api import map_request_text, map_response_text
from gateway.pipeline import redact_request
from gateway.streaming import StreamedChoices, answer_mappers
from pii.engine import PresidioRedactor, build_redactor
from pii.types import PiiConfig

DEBT_CALL = json.dumps(
    {
        "action": "record_bailiff_attendance",
        "case_ref": "HCE-25-7730912",
        "outcome": "no contact, card left",
    }
)
OTHER_CALL = json.dumps(
    {"action": "book_room", "case_ref": "HCE-25-7730912", "room": "Seminar 2", "seats": 8}
)


@pytest.fixture(scope="module")
def redactor() -> PresidioRedactor:
    return build_redactor(PiiConfig())


def non_streamed(redactor: PresidioRedactor, arguments: str) -> str:
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": arguments}}
    message = {"role": "assistant", "tool_calls": [call]}
    out = map_response_text(
        {"choices": [{"index": 0, "message": message}]}, answer_mappers(redactor.new_session())
    )
    return str(out["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])


def streamed(redactor: PresidioRedactor, arguments: str, size: int) -> str:
    choices = StreamedChoices(redactor.new_session())
    events: list[dict[str, Any]] = [
        {
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        "tool_calls": [
                            {"index": 0, "function": {"arguments": arguments[i : i + size]}}
                        ]
                    },
                    "finish_reason": None,
                }
            ]
        }
        for i in range(0, len(arguments), size)
    ]
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]})
    out = ""
    for chunk in [c for e in events for c in choices.redact_event(e)] + choices.flush():
        for choice in chunk["choices"]:
            for call in choice["delta"].get("tool_calls") or []:
                out += call.get("function", {}).get("arguments", "")
    return out


def in_request(redactor: PresidioRedactor, arguments: str) -> str:
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": arguments}}
    body = {
        "model": "m",
        "messages": [
            {"role": "user", "content": "log it"},
            {"role": "assistant", "content": None, "tool_calls": [call]},
        ],
    }
    out = redact_request(body, map_request_text, redactor.new_session(), set())
    return json.dumps(out)


def test_when_reference_stands_in_object_about_a_debt_then_hidden_in_every_path(
    redactor: PresidioRedactor,
) -> None:
    outputs = [
        non_streamed(redactor, DEBT_CALL),
        *(streamed(redactor, DEBT_CALL, size) for size in (1, 4, 9)),
        in_request(redactor, DEBT_CALL),
    ]

    for output in outputs:
        assert "7730912" not in output
        assert "record_bailiff_attendance" in output


def test_when_object_is_about_no_debt_then_reference_kept(redactor: PresidioRedactor) -> None:
    assert "HCE-25-7730912" in non_streamed(redactor, OTHER_CALL)
    assert "HCE-25-7730912" in streamed(redactor, OTHER_CALL, 5)
