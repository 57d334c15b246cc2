"""No personal data, prompts, answers or keys in logs: a canary sweep over every path."""

from __future__ import annotations

import logging

import pytest
from structlog.testing import capture_logs

from tests.integration.conftest import Gateway

CANARY_NAME = "Kanarienvogel Zwitscherbach"
CANARY_EMAIL = "kanari.7f3a9c@example.de"
CANARY_PROMPT = "ZWITSCHER-PROMPT-4711"


def test_when_requests_carry_canaries_then_no_log_line_contains_them(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    text = f"Mein Name ist {CANARY_NAME}, Mail {CANARY_EMAIL}. {CANARY_PROMPT}"
    caplog.set_level(logging.DEBUG)
    with capture_logs() as entries:
        ok = gateway.chat(text)
        denied = gateway.chat(text, purpose="werbung")
        invalid = gateway.client.post(
            "/v1/chat/completions",
            json={"model": CANARY_PROMPT, "messages": [{"role": CANARY_EMAIL}]},
            headers=gateway.headers(),
        )
        bad_key = gateway.client.post(
            "/v1/chat/completions",
            json={"model": "demo-model", "messages": [{"role": "user", "content": text}]},
            headers={"Authorization": f"Bearer {CANARY_PROMPT}"},
        )
        timeout = gateway.chat(text, model="slow-model")
    assert [
        ok.status_code,
        denied.status_code,
        invalid.status_code,
        bad_key.status_code,
        timeout.status_code,
    ] == [200, 403, 400, 401, 504]
    assert any(e.get("event") == "request.completed" for e in entries)
    assert all(e.get("request_id") for e in entries if e.get("event") == "request.completed")
    logged = repr(entries) + "\n" + caplog.text
    secrets = [CANARY_NAME, "Zwitscherbach", CANARY_EMAIL, CANARY_PROMPT, *gateway.keys.values()]
    for secret in secrets:
        assert secret not in logged
