"""End to end: the real server process, the official ``openai`` client, a loopback upstream."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import openai
import pytest

from tests.e2e.conftest import cli_env, create_key, run_cli, server_process
from tests.fakes import free_port, recording_upstream

pytestmark = pytest.mark.e2e

NAME = "Erika Mustermann"
EMAIL = "erika.mustermann@example.de"
IBAN = "DE89 3704 0044 0532 0130 00"
PHONE = "+49 170 1234567"
PROMPT = f"Mein Name ist {NAME}, E-Mail {EMAIL}, IBAN {IBAN}, Telefon {PHONE}. Wohngeld?"


def write_config(
    tmp_path: Path, upstream_url: str, *, models: tuple[str, ...] = ("demo-model",), extra: str = ""
) -> Path:
    config = tmp_path / "leitplanke.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{tmp_path}/audit.db"

[audit]
signing_key_file = "{tmp_path}/signing.pem"
{extra}
[[upstreams]]
name = "recording"
base_url = "{upstream_url}"
models = {json.dumps(list(models))}
hosting = "internal"
timeout_s = 10
""",
        encoding="utf-8",
    )
    return config


def test_when_openai_client_calls_real_server_then_upstream_never_sees_personal_data(
    tmp_path: Path,
) -> None:
    with recording_upstream() as upstream:
        env = cli_env(write_config(tmp_path, upstream.base_url))
        assert run_cli("check-config", env=env).returncode == 0
        service_key = create_key(env, "demo-service", "ai-service")
        officer_key = create_key(env, "officer", "compliance-officer")
        port = free_port()
        with server_process(env=env, port=port, log_path=tmp_path / "server.log"):
            client = openai.OpenAI(
                base_url=f"http://127.0.0.1:{port}/v1",
                api_key=service_key,
                default_headers={"X-Purpose": "demo"},
                max_retries=0,
            )
            completion = client.chat.completions.create(
                model="demo-model", messages=[{"role": "user", "content": PROMPT}]
            )
            answer = completion.choices[0].message.content or ""
            assert answer.startswith("echo: ")
            assert "<PERSON_1>" in answer and NAME not in answer

            chunks = client.chat.completions.create(
                model="demo-model", messages=[{"role": "user", "content": PROMPT}], stream=True
            )
            streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
            assert streamed == answer

            assert [m.id for m in client.models.list()] == ["demo-model"]
            vectors = client.embeddings.create(model="demo-model", input=[PROMPT])
            assert len(vectors.data) == 1

            with pytest.raises(openai.PermissionDeniedError):
                client.chat.completions.create(
                    model="demo-model",
                    messages=[{"role": "user", "content": "x"}],
                    extra_headers={"X-Purpose": "werbung"},
                )
            with pytest.raises(openai.AuthenticationError):
                openai.OpenAI(
                    base_url=f"http://127.0.0.1:{port}/v1", api_key="lpk_wrong", max_retries=0
                ).chat.completions.create(
                    model="demo-model", messages=[{"role": "user", "content": "x"}]
                )

            raw = upstream.all_raw()
            for value in (NAME, EMAIL, IBAN, IBAN.replace(" ", ""), PHONE):
                assert value not in raw
            assert len(upstream.received) == 3

            events = httpx.get(
                f"http://127.0.0.1:{port}/v1/audit/events",
                params={"event_type": "proxy.call.completed", "model": "demo-model"},
                headers={"Authorization": f"Bearer {officer_key}"},
            ).json()["records"]
            assert len(events) == 3
            assert events[0]["event"]["pii_entities"]["EMAIL_ADDRESS"] >= 1
        server_log = (tmp_path / "server.log").read_text()
        for secret in (NAME, EMAIL, service_key, officer_key):
            assert secret not in server_log
        assert '"event": "request.completed"' in server_log


def test_when_served_in_demo_mode_then_printed_key_works_with_builtin_demo_model(
    tmp_path: Path,
) -> None:
    config = tmp_path / "leitplanke.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/demo.db"\n'
        f'[audit]\nsigning_key_file = "{tmp_path}/signing.pem"\n',
        encoding="utf-8",
    )
    env = cli_env(config)
    port = free_port()
    log_path = tmp_path / "server.log"
    with server_process("--demo", env=env, port=port, log_path=log_path):
        printed = log_path.read_text()
        match = re.search(r"export LP_KEY=(\S+) LP_OFFICER=(\S+)", printed)
        assert match, printed
        service_key, officer_key = match.groups()
        response = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            json={"model": "demo-model", "messages": [{"role": "user", "content": PROMPT}]},
            headers={"Authorization": f"Bearer {service_key}", "X-Purpose": "demo"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        answer = response.json()["choices"][0]["message"]["content"]
        assert "demo model" in answer
        assert "<EMAIL_ADDRESS_1>" in answer and EMAIL not in answer
        request_id = response.headers["x-request-id"]
        records = httpx.get(
            f"http://127.0.0.1:{port}/v1/audit/events",
            params={"request_id": request_id},
            headers={"Authorization": f"Bearer {officer_key}"},
        ).json()["records"]
        assert records[-1]["event"]["outcome"] == "ok"
        key_events = httpx.get(
            f"http://127.0.0.1:{port}/v1/audit/events",
            params={"event_type": "key.created"},
            headers={"Authorization": f"Bearer {officer_key}"},
        ).json()["records"]
        assert sorted(e["event"]["service"] for e in key_events) == ["demo-officer", "demo-service"]
        assert service_key not in str(key_events)
