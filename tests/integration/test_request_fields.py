"""Issue 19 (1): every string of a request is redacted, pseudonymized, refused or not sent.

A property test generates chat and embeddings requests with a canary (a personal value) in
any string position the OpenAI API allows, including nested JSON schemas of tools and
``response_format``, and sends them through the real app to the capturing upstream double.
Whatever the position, the canary never reaches the upstream: the request is forwarded with
it redacted, or refused with 400 when it sits in a code name (tool/function/property name).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from tests.integration.conftest import Gateway

# Canaries by the kind of position they can appear in (code names allow [A-Za-z0-9_-] only).
TEXT_CANARIES = (
    "jana.kowalczyk@web.de",
    "Jana Kowalczyk",
    "DE89 3704 0044 0532 0130 00",
    "Frau Kowalczyk, IBAN DE89370400440532013000",
)
NAME_CANARIES = ("Jana_Kowalczyk", "DE89370400440532013000", "janaKowalczyk_Jana_Kowalczyk")
BENIGN_TEXT = ("Wetter morgen", "kurz antworten", "", "Antrag 2024-17", "string")
BENIGN_NAMES = ("get_weather", "lookup_case", "antrag_status", "city")
# What the upstream must never see, in any spelling (separators removed, lower case).
LEAK_MARKERS = ("kowalczyk", "370400440532013000", "jana")
PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@dataclass
class Slots:
    """Counts where canaries were put while a request was drawn."""

    in_text: int = 0
    in_names: int = 0
    names: list[str] = field(default_factory=list)


def text_slot(draw: st.DrawFn, slots: Slots) -> str:
    if draw(st.booleans()):
        slots.in_text += 1
        return draw(st.sampled_from(TEXT_CANARIES))
    return draw(st.sampled_from(BENIGN_TEXT))


def name_slot(draw: st.DrawFn, slots: Slots) -> str:
    if draw(st.integers(0, 4)) == 0:
        slots.in_names += 1
        return draw(st.sampled_from(NAME_CANARIES))
    name = f"{draw(st.sampled_from(BENIGN_NAMES))}_{len(slots.names)}"
    slots.names.append(name)
    return name


def schema(draw: st.DrawFn, slots: Slots, depth: int) -> dict[str, Any]:
    """A JSON schema with prose, example data and names at every level."""
    kind = draw(
        st.sampled_from(("string", "object", "array", "anyOf") if depth < 3 else ("string",))
    )
    if kind == "string":
        return {
            "type": "string",
            "description": text_slot(draw, slots),
            "title": text_slot(draw, slots),
            "default": text_slot(draw, slots),
            "enum": [text_slot(draw, slots), text_slot(draw, slots)],
            "examples": [text_slot(draw, slots)],
            "pattern": "^.*$",
        }
    if kind == "array":
        return {"type": "array", "items": schema(draw, slots, depth + 1)}
    if kind == "anyOf":
        return {"anyOf": [schema(draw, slots, depth + 1), {"type": "null"}]}
    names = [name_slot(draw, slots) for _ in range(draw(st.integers(1, 2)))]
    return {
        "type": "object",
        "description": text_slot(draw, slots),
        "properties": {name: schema(draw, slots, depth + 1) for name in names},
        "required": names[:1],
        "$defs": {
            name_slot(draw, slots): {"type": "string", "description": text_slot(draw, slots)}
        },
    }


@st.composite
def chat_requests(draw: st.DrawFn) -> tuple[dict[str, Any], Slots]:
    slots = Slots()
    call_id = text_slot(draw, slots) or "call_1"
    tool_name = name_slot(draw, slots)
    arguments = {
        text_slot(draw, slots) or "k": text_slot(draw, slots),
        "nested": [text_slot(draw, slots)],
    }
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": text_slot(draw, slots)},
        {"role": "developer", "content": text_slot(draw, slots), "name": name_slot(draw, slots)},
        {
            "role": "user",
            "name": name_slot(draw, slots),  # a participant: pseudonymized, never refused
            "content": [
                {"type": "text", "text": text_slot(draw, slots)},
                {
                    "type": "image_url",
                    "image_url": {
                        "url": f"https://img.example.org/a.png?q={text_slot(draw, slots)}"
                    },
                },
            ],
        },
        {
            "role": "assistant",
            "content": text_slot(draw, slots),
            "refusal": text_slot(draw, slots),
            "tool_calls": [
                {
                    "id": call_id,
                    "type": "function",
                    "function": {"name": tool_name, "arguments": json.dumps(arguments)},
                }
            ],
        },
        {"role": "tool", "tool_call_id": call_id, "content": text_slot(draw, slots)},
        {"role": "function", "name": name_slot(draw, slots), "content": text_slot(draw, slots)},
        {"role": "user", "content": text_slot(draw, slots) or "Hallo"},
    ]
    # Participant names are personal by definition and pseudonymized, so a canary there
    # counts as text, not as a refused code name.
    for message in messages[1:3]:
        if message["name"] in NAME_CANARIES:
            slots.in_names -= 1
            slots.in_text += 1
    tool = {
        "type": "function",
        "function": {
            "name": tool_name,
            "description": text_slot(draw, slots),
            "parameters": schema(draw, slots, 0),
            "strict": False,
        },
    }
    body: dict[str, Any] = {
        "model": "demo-model",
        "messages": messages,
        "tools": [tool],
        "tool_choice": draw(
            st.sampled_from(["auto", {"type": "function", "function": {"name": tool_name}}])
        ),
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": name_slot(draw, slots),
                "description": text_slot(draw, slots),
                "schema": schema(draw, slots, 0),
            },
        },
        "stop": [text_slot(draw, slots)],
        "safety_identifier": text_slot(draw, slots),
        "prompt_cache_key": text_slot(draw, slots),
        "user": text_slot(draw, slots),
        "metadata": {"purpose": "demo", "note": text_slot(draw, slots)},
        "temperature": 0.2,
    }
    return body, slots


def leaked(raw: str) -> list[str]:
    compact = re.sub(r"[\s.\-_/\\]", "", raw).lower()
    return [marker for marker in LEAK_MARKERS if marker in compact]


def assert_no_canary_forwarded(gateway: Gateway, before: int) -> None:
    for sent in gateway.upstream.received[before:]:
        assert leaked(sent["raw"]) == [], sent["raw"]


@PROPERTY_SETTINGS
@given(request=chat_requests())
def test_when_a_canary_is_anywhere_in_a_chat_request_then_it_never_reaches_the_upstream(
    gateway: Gateway, request: tuple[dict[str, Any], Slots]
) -> None:
    body, slots = request
    note(json.dumps(body, ensure_ascii=False))
    before = len(gateway.upstream.received)
    response = gateway.client.post(
        "/v1/chat/completions", json=body, headers=gateway.headers(**{"X-Purpose": "demo"})
    )
    if slots.in_names:
        assert response.status_code == 400, response.text
        assert leaked(response.text) == []  # the problem names the field, not the value
        assert len(gateway.upstream.received) == before
    else:
        assert response.status_code == 200, response.text
        assert len(gateway.upstream.received) == before + 1
    assert_no_canary_forwarded(gateway, before)


@PROPERTY_SETTINGS
@given(
    inputs=st.lists(st.sampled_from(TEXT_CANARIES + BENIGN_TEXT[:2]), min_size=1, max_size=4),
    user=st.sampled_from(TEXT_CANARIES),
)
def test_when_a_canary_is_in_an_embeddings_request_then_it_never_reaches_the_upstream(
    gateway: Gateway, inputs: list[str], user: str
) -> None:
    before = len(gateway.upstream.received)
    response = gateway.client.post(
        "/v1/embeddings",
        json={"model": "demo-model", "input": inputs, "user": user},
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )
    assert response.status_code == 200, response.text
    assert_no_canary_forwarded(gateway, before)


def test_when_a_tool_message_is_named_after_a_person_then_400_names_the_field(
    gateway: Gateway,
) -> None:
    before = len(gateway.upstream.received)
    response = gateway.client.post(
        "/v1/chat/completions",
        json={
            "model": "demo-model",
            "messages": [
                {"role": "user", "content": "Hallo"},
                {"role": "function", "name": "Jana_Kowalczyk", "content": "ok"},
            ],
        },
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "messages[1].name"
    assert "Jana" not in response.text
    assert len(gateway.upstream.received) == before


def test_when_tools_use_code_names_then_names_are_kept_and_ids_paired(gateway: Gateway) -> None:
    body = {
        "model": "demo-model",
        "messages": [
            {"role": "user", "content": "Status?"},
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": "call_jana.kowalczyk@web.de",
                        "type": "function",
                        "function": {"name": "get_status", "arguments": "{}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_jana.kowalczyk@web.de", "content": "ok"},
        ],
        "tools": [{"type": "function", "function": {"name": "get_status", "parameters": {}}}],
        "tool_choice": {"type": "function", "function": {"name": "get_status"}},
    }
    response = gateway.client.post(
        "/v1/chat/completions", json=body, headers=gateway.headers(**{"X-Purpose": "demo"})
    )
    assert response.status_code == 200, response.text
    sent = gateway.upstream.received[-1]["body"]
    call = sent["messages"][1]["tool_calls"][0]
    assert call["function"]["name"] == "get_status"
    assert sent["tool_choice"]["function"]["name"] == "get_status"
    assert call["id"] == sent["messages"][2]["tool_call_id"] == "call_1"


def test_when_a_content_part_cannot_be_redacted_then_400_names_it(gateway: Gateway) -> None:
    response = gateway.client.post(
        "/v1/chat/completions",
        json={
            "model": "demo-model",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}
                    ],
                }
            ],
        },
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )
    assert response.status_code == 400
    assert response.json()["field"].startswith("messages[0].content")


ISSUE_CASES = {
    "json_key": [
        {"role": "user", "content": "Bitte anlegen"},
        {
            "role": "assistant",
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "create_case", "arguments": '{"nachname": "Kowalczyk"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": '{"ok": true}'},
    ],
    "csv_rows": [
        {
            "role": "user",
            "content": "name;status\nOla Nowak;offen\nkowalczyk;zu\njana;offen",
        }
    ],
    "key_value_line": [{"role": "user", "content": "Kundin: jana kowalczyk\nAnliegen: Wohngeld"}],
    "surname_later": [
        {"role": "user", "content": "Ich bin Jana Kowalczyk."},
        {"role": "assistant", "content": "Danke."},
        {"role": "user", "content": "Bitte Post an kowalczyk, nicht an jana."},
    ],
    "one_word_answer": [
        {"role": "assistant", "content": "Wie heißen Sie?"},
        {"role": "user", "content": "kowalczyk"},
    ],
    "split_iban": [
        {"role": "user", "content": "IBAN: DE89 3704 0044"},
        {"role": "user", "content": "0532 0130 00"},
    ],
}


def test_when_issue_cases_are_sent_then_nothing_personal_reaches_the_upstream(
    gateway: Gateway,
) -> None:
    for case, messages in ISSUE_CASES.items():
        before = len(gateway.upstream.received)
        response = gateway.client.post(
            "/v1/chat/completions",
            json={"model": "demo-model", "messages": messages},
            headers=gateway.headers(**{"X-Purpose": "demo"}),
        )
        assert response.status_code == 200, (case, response.text)
        raw = gateway.upstream.received[before]["raw"]
        assert leaked(raw) == [], (case, raw)
        assert not {"nowak", "3704", "0532"} & set(re.findall(r"\w+", raw.lower())), (case, raw)
