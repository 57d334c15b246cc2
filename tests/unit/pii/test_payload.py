"""Every text of a chat payload is redacted: all roles, names, tool-call arguments."""

from __future__ import annotations

import json

from pii.engine import PresidioRedactor
from pii.payload import redact_messages

EMAIL = "erika.mustermann@example.de"


def test_when_payload_has_texts_everywhere_then_all_redacted(redactor: PresidioRedactor) -> None:
    messages = [
        {"role": "system", "content": "Du bist ein hilfreicher Assistent."},
        {"role": "user", "name": "erika_m", "content": f"Meine Mail ist {EMAIL}."},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {
                        "name": "lookup",
                        "arguments": json.dumps({"email": EMAIL, "iban": "DE89370400440532013000"}),
                    },
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": f"Gefunden: {EMAIL}"},
        {"role": "user", "content": [{"type": "text", "text": f"Nochmal: {EMAIL}"}]},
        {"role": "assistant", "function_call": {"name": "f", "arguments": f"mail={EMAIL}"}},
    ]
    session = redactor.new_session()

    out = redact_messages(session, messages)

    dumped = json.dumps(out, ensure_ascii=False)
    assert EMAIL not in dumped
    assert "erika_m" not in dumped
    assert "DE89370400440532013000" not in dumped
    assert out[1]["name"] == "PERSON_1"
    arguments = json.loads(out[2]["tool_calls"][0]["function"]["arguments"])
    assert arguments == {"email": "<EMAIL_ADDRESS_1>", "iban": "<IBAN_CODE_1>"}
    assert out[3]["content"] == "Gefunden: <EMAIL_ADDRESS_1>"
    assert out[0] == messages[0]
    assert messages[1]["content"] == f"Meine Mail ist {EMAIL}."  # input untouched
