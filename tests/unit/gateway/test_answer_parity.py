"""Issue 19 (5): a streamed answer is redacted exactly as the same answer non-streamed.

Content over several analysis windows and tool-call arguments with a personal key, cut into
1-7 character chunks: the texts the caller assembles from the stream equal the non-streamed
answer's texts, placeholders included.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gateway.openai_api import map_response_text
from gateway.streaming import StreamedChoices, answer_mappers
from pii.engine import PresidioRedactor, build_redactor
from pii.types import PiiConfig

CONTENT = (
    "Guten Tag, hier die Zusammenfassung. Die Antragstellerin Erika Mustermann wohnt in der "
    "Musterstraße 12, 12345 Berlin und ist unter erika.mustermann@example.de erreichbar. "
    + "Der Bescheid ging am Montag raus, die Frist läuft noch. "
    * 6
    + "Maestro-Karte 6759 2964 9647 wurde abgelehnt. Rückfragen an Herrn Declan O'Rourke, "
    "Telefon 0171 7654321. Mit freundlichen Grüßen\nJana Kowalczyk"
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


def events(size: int) -> list[dict[str, Any]]:
    def delta(d: dict[str, Any]) -> dict[str, Any]:
        return {"choices": [{"index": 0, "delta": d, "finish_reason": None}]}

    out = [delta({"content": CONTENT[i : i + size]}) for i in range(0, len(CONTENT), size)]
    out.append(delta({"tool_calls": [{"index": 0, "id": "c", "function": {"name": "f"}}]}))
    out += [
        delta({"tool_calls": [{"index": 0, "function": {"arguments": ARGUMENTS[i : i + size]}}]})
        for i in range(0, len(ARGUMENTS), size)
    ]
    return [*out, {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7])
def test_when_answer_is_streamed_then_redaction_equals_non_streamed(
    redactor: PresidioRedactor, size: int
) -> None:
    plain = map_response_text(answer(), answer_mappers(redactor.new_session()))
    message = plain["choices"][0]["message"]
    choices = StreamedChoices(redactor.new_session())
    chunks = [c for e in events(size) for c in choices.redact_event(e)] + choices.flush()
    content, arguments, names = "", "", []
    for chunk in chunks:
        for choice in chunk["choices"]:
            content += choice["delta"].get("content", "")
            for call in choice["delta"].get("tool_calls") or []:
                arguments += call.get("function", {}).get("arguments", "")
                names += [call["function"]["name"]] if "name" in call.get("function", {}) else []

    assert "Erika" not in content and "kowalczyk" not in arguments
    assert content == message["content"]
    assert arguments == message["tool_calls"][0]["function"]["arguments"]
    assert names == ["f"]
