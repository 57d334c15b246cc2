"""POST /v1/chat/completions through create_app(): redaction, policy, upstream, audit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Gateway

NAME = "Erika Mustermann"
EMAIL = "erika.mustermann@example.de"
IBAN = "DE89 3704 0044 0532 0130 00"
PHONE = "+49 170 1234567"
CITIZEN_TEXT = (
    f"Mein Name ist {NAME}, E-Mail {EMAIL}, IBAN {IBAN}, Telefon {PHONE}. "
    "Ich möchte Wohngeld beantragen."
)
RAW_VALUES = (NAME, "Mustermann", EMAIL, IBAN, IBAN.replace(" ", ""), PHONE, "1234567")


def audit_records(gw: Gateway, **filters: str) -> list[dict[str, Any]]:
    response = gw.client.get(
        "/v1/audit/events", params=filters, headers=gw.headers("compliance-officer")
    )
    assert response.status_code == 200, response.text
    records: list[dict[str, Any]] = response.json()["records"]
    return records


def test_when_citizen_data_is_sent_then_upstream_sees_only_placeholders(gateway: Gateway) -> None:
    before = len(gateway.upstream.received)
    response = gateway.chat(CITIZEN_TEXT)
    assert response.status_code == 200, response.text
    received = gateway.upstream.received[before:]
    assert len(received) == 1
    raw = received[0]["raw"]
    for value in RAW_VALUES:
        assert value not in raw
    content = received[0]["body"]["messages"][0]["content"]
    for placeholder in ("<PERSON_1>", "<EMAIL_ADDRESS_1>", "<IBAN_CODE_1>", "<PHONE_NUMBER_1>"):
        assert placeholder in content
    assert "Wohngeld" in content


def test_when_answer_echoes_placeholders_then_caller_gets_redacted_answer(
    gateway: Gateway,
) -> None:
    response = gateway.chat(CITIZEN_TEXT, purpose="demo")
    body = response.json()
    answer = body["choices"][0]["message"]["content"]
    assert "server-timing" not in response.headers  # opt-in only
    assert answer.startswith("echo: ")
    assert "<PERSON_1>" in answer
    for value in RAW_VALUES:
        assert value not in answer
    assert body["object"] == "chat.completion"


def test_when_policy_obliges_restore_then_caller_gets_original_values(gateway: Gateway) -> None:
    response = gateway.chat(CITIZEN_TEXT, purpose="buergerservice")
    assert response.status_code == 200, response.text
    answer = response.json()["choices"][0]["message"]["content"]
    assert NAME in answer and EMAIL in answer
    assert NAME not in gateway.upstream.received[-1]["raw"]


def test_when_answer_contains_new_personal_data_then_it_is_redacted(gateway: Gateway) -> None:
    gateway.upstream.set_answer("Bitte schreiben Sie an max.meier@example.org. {content}")
    try:
        response = gateway.chat("Wie beantrage ich Wohngeld?")
    finally:
        gateway.upstream.set_answer("echo: {content}")
    answer = response.json()["choices"][0]["message"]["content"]
    assert "max.meier@example.org" not in answer
    assert "<EMAIL_ADDRESS_" in answer


def test_when_call_completes_then_start_and_completion_records_without_values(
    gateway: Gateway,
) -> None:
    response = gateway.chat(CITIZEN_TEXT)
    request_id = response.headers["x-request-id"]
    records = audit_records(gateway, request_id=request_id)
    assert [r["event"]["event_type"] for r in records] == [
        "proxy.call.started",
        "proxy.call.completed",
    ]
    record = records[1]
    event = record["event"]
    assert event["event_type"] == "proxy.call.completed"
    assert event["service"] == "demo-service"
    assert event["model"] == "demo-model"
    assert event["purpose"] == "demo"
    assert event["policy_result"] == "allowed"
    assert event["outcome"] == "ok"
    assert event["policy_revision"]
    assert {"PERSON", "EMAIL_ADDRESS", "IBAN_CODE", "PHONE_NUMBER"} <= set(event["pii_entities"])
    payload = event["payload"]
    assert len(payload["input_sha256"]) == 64 and len(payload["output_sha256"]) == 64
    assert isinstance(payload["latency_ms"], int)
    serialized = str(record)
    for value in RAW_VALUES:
        assert value not in serialized
    one = gateway.client.get(
        f"/v1/audit/events/{record['id']}", headers=gateway.headers("compliance-officer")
    )
    assert one.status_code == 200 and one.json()["hash"] == record["hash"]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("system", {"role": "system", "content": f"Antragsteller: {NAME}, {EMAIL}"}),
        ("parts", {"role": "user", "content": [{"type": "text", "text": f"Mail: {EMAIL}"}]}),
        ("tool", {"role": "tool", "tool_call_id": "c1", "content": f'{{"email": "{EMAIL}"}}'}),
        ("name", {"role": "user", "name": "erika_mustermann", "content": f"Ich: {EMAIL}"}),
        (
            "tool_call_arguments",
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c1",
                        "type": "function",
                        "function": {"name": "lookup", "arguments": f'{{"email": "{EMAIL}"}}'},
                    }
                ],
            },
        ),
    ],
)
def test_when_personal_data_is_in_any_message_field_then_it_is_redacted(
    gateway: Gateway, where: str, message: dict[str, Any]
) -> None:
    before = len(gateway.upstream.received)
    messages = [message, {"role": "user", "content": "Bitte prüfen."}]
    response = gateway.client.post(
        "/v1/chat/completions",
        json={"model": "demo-model", "messages": messages},
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )
    assert response.status_code == 200, response.text
    raw = gateway.upstream.received[before]["raw"]
    assert EMAIL not in raw, where
    assert "<EMAIL_ADDRESS_1>" in raw


def test_when_purpose_is_given_in_metadata_then_it_is_used(gateway: Gateway) -> None:
    response = gateway.client.post(
        "/v1/chat/completions",
        json={
            "model": "demo-model",
            "messages": [{"role": "user", "content": "Hallo"}],
            "metadata": {"purpose": "antragsbearbeitung"},
        },
        headers=gateway.headers(),
    )
    assert response.status_code == 200, response.text
    records = audit_records(gateway, request_id=response.headers["x-request-id"])
    assert {r["event"]["purpose"] for r in records} == {"antragsbearbeitung"}
    assert "metadata" not in gateway.upstream.received[-1]["body"]


def test_when_unknown_fields_are_sent_then_400_names_them_and_nothing_is_forwarded(
    gateway: Gateway,
) -> None:
    before = len(gateway.upstream.received)
    response = gateway.chat("Hallo", temperature=0.2, smuggled=f"{EMAIL}")
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "smuggled"
    assert EMAIL not in response.text
    nested = gateway.client.post(
        "/v1/chat/completions",
        json={"model": "demo-model", "messages": [{"role": "user", "content": "x", "extra": 1}]},
        headers=gateway.headers(),
    )
    assert nested.status_code == 400
    assert nested.json()["field"] == "messages[0].extra", nested.json()
    assert len(gateway.upstream.received) == before


def test_when_restoring_then_only_values_the_caller_sent_come_back(gateway: Gateway) -> None:
    gateway.upstream.set_answer("Kontakt: max.meier@example.org. {content}")
    try:
        response = gateway.chat(CITIZEN_TEXT, purpose="buergerservice")
    finally:
        gateway.upstream.set_answer("echo: {content}")
    answer = response.json()["choices"][0]["message"]["content"]
    assert EMAIL in answer
    assert "max.meier@example.org" not in answer


@pytest.mark.parametrize(
    ("model", "text", "status"),
    [
        ("external-model", "Ich bin an Diabetes erkrankt, brauche ich einen Antrag?", 403),
        ("external-model", "Wie beantrage ich Wohngeld?", 200),
        ("demo-model", "Ich bin an Diabetes erkrankt, brauche ich einen Antrag?", 200),
    ],
)
def test_when_special_category_data_then_only_internal_models_get_it(
    gateway: Gateway, model: str, text: str, status: int
) -> None:
    response = gateway.chat(text, model=model)
    assert response.status_code == status, response.text
    if status == 403:
        codes = [r["code"] for r in response.json()["reasons"]]
        assert "special_category_external" in codes


def test_when_participant_has_a_name_then_upstream_gets_a_valid_pseudonym(
    gateway: Gateway,
) -> None:
    before = len(gateway.upstream.received)
    response = gateway.client.post(
        "/v1/chat/completions",
        json={
            "model": "demo-model",
            "messages": [{"role": "user", "name": "erika_mustermann", "content": "Hallo"}],
        },
        headers=gateway.headers(**{"X-Purpose": "demo"}),
    )
    assert response.status_code == 200, response.text
    name = gateway.upstream.received[before]["body"]["messages"][0]["name"]
    assert name == "PERSON_1"
