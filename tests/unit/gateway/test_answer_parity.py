"""Issue 19 (5): a streamed answer is redacted as the same answer non-streamed.

Tool-call arguments with a personal key and a content of one analysis window, cut into 1-7
character chunks: what the caller assembles from the stream equals the non-streamed answer,
placeholders included. A longer content is analysed in windows when streamed: it redacts
the same in every chunking (gateway/streaming.py's docstring says why a non-streamed one is
not windowed).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gateway.openai_api import map_response_text
from gateway.streaming import STREAM_ANALYSIS_STEP, StreamedChoices, answer_mappers
from pii.engine import PresidioRedactor, build_redactor
from pii.stream import DEFAULT_HOLDBACK, redact_as_stream
from pii.types import PiiConfig

WINDOW = STREAM_ANALYSIS_STEP + DEFAULT_HOLDBACK
CONTENT = (
    "Die Antragstellerin Erika Mustermann ist unter erika.mustermann@example.de erreichbar. "
    "Maestro-Karte 6759 2964 9647 wurde abgelehnt. Rückfragen an Herrn Declan O'Rourke, "
    "Telefon 0171 7654321. Mit freundlichen Grüßen\nJana Kowalczyk"
)
FILLER = "Der Bescheid ging am Montag raus, die Frist läuft noch. " * 14
LONG_CONTENT = (
    "Guten Tag. Die Antragstellerin Erika Mustermann wohnt in der Musterstraße 12, 12345 "
    f"Berlin. {FILLER}Rückfragen an Herrn Declan O'Rourke, Telefon 0171 7654321."
)
ARGUMENTS = json.dumps(
    {
        "nachname": "kowalczyk",
        "note": "Maestro-Karte 6759 2964 9647 von Erika Mustermann",
        "items": [{"email": "jk@web.de"}, "Classify"],
        "long": "Steuer-ID 86095742719. " * 20,
    },
    ensure_ascii=False,
)


@pytest.fixture(scope="module")
def redactor() -> PresidioRedactor:
    return build_redactor(PiiConfig())


def answer() -> dict[str, Any]:
    call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": ARGUMENTS}}
    message = {"role": "assistant", "content": CONTENT, "tool_calls": [call]}
    return {"choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}]}


def events(size: int, content: str = CONTENT) -> list[dict[str, Any]]:
    def delta(d: dict[str, Any]) -> dict[str, Any]:
        return {"choices": [{"index": 0, "delta": d, "finish_reason": None}]}

    out = [delta({"content": content[i : i + size]}) for i in range(0, len(content), size)]
    out.append(delta({"tool_calls": [{"index": 0, "id": "c", "function": {"name": "f"}}]}))
    out += [
        delta({"tool_calls": [{"index": 0, "function": {"arguments": ARGUMENTS[i : i + size]}}]})
        for i in range(0, len(ARGUMENTS), size)
    ]
    return [*out, {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}]


def streamed(redactor: PresidioRedactor, size: int, content: str) -> tuple[str, str, list[str]]:
    choices = StreamedChoices(redactor.new_session())
    chunks = [c for e in events(size, content) for c in choices.redact_event(e)] + choices.flush()
    text, arguments, names = "", "", []
    for chunk in chunks:
        for choice in chunk["choices"]:
            text += choice["delta"].get("content", "")
            for call in choice["delta"].get("tool_calls") or []:
                function = call.get("function", {})
                arguments += function.get("arguments", "")
                names += [function["name"]] if "name" in function else []
    return text, arguments, names


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7])
def test_when_answer_is_streamed_then_redaction_equals_non_streamed(
    redactor: PresidioRedactor, size: int
) -> None:
    plain = map_response_text(answer(), answer_mappers(redactor.new_session()))
    message = plain["choices"][0]["message"]
    content, arguments, names = streamed(redactor, size, CONTENT)

    assert len(CONTENT) <= WINDOW
    assert "Erika" not in content and "kowalczyk" not in arguments
    assert content == message["content"]
    assert arguments == message["tool_calls"][0]["function"]["arguments"]
    assert names == ["f"]


@pytest.mark.parametrize("size", [1, 3, 7])
def test_when_long_content_is_streamed_then_it_redacts_the_same_in_any_chunking(
    redactor: PresidioRedactor, size: int
) -> None:
    content, _, _ = streamed(redactor, size, LONG_CONTENT)

    assert len(LONG_CONTENT) > 2 * WINDOW
    assert "Mustermann" not in content and "O'Rourke" not in content
    assert content == redact_as_stream(
        redactor.new_session(), LONG_CONTENT, min_emit=STREAM_ANALYSIS_STEP
    )


def test_when_answer_carries_logprobs_then_their_token_text_is_not_passed_on(
    redactor: PresidioRedactor,
) -> None:
    logprobs = {"content": [{"token": "Kowalczyk", "logprob": -0.1, "bytes": [75]}]}
    message = {"role": "assistant", "content": "ok"}
    plain = map_response_text(
        {"choices": [{"index": 0, "message": message, "logprobs": logprobs}]},
        answer_mappers(redactor.new_session()),
    )
    event = {"choices": [{"index": 0, "delta": {"content": "ok"}, "logprobs": logprobs}]}
    chunks = StreamedChoices(redactor.new_session()).redact_event(event)

    assert plain["choices"][0]["logprobs"] is None
    assert "Kowalczyk" not in json.dumps(chunks)
