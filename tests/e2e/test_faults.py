"""Fault injection against the real ``leitplanke`` process (issue 8, "Fault injection").

Each fault is caused from outside the gateway process, the way it happens in production:

* audit store rejects writes: a trigger installed in the audit database by another connection
  (SQLite), and killed connections (``pg_terminate_backend``) plus a rejecting trigger
  (PostgreSQL);
* policy engine slow or down: the OPA-REST test server runs as its own process; SIGSTOP makes
  it hang (longer than ``policy.timeout_ms``), SIGKILL takes it away;
* PII engine error: a text longer than spaCy's ``max_length`` (1,000,000 characters), allowed
  through by ``pii.max_text_chars``, makes Presidio's NLP step raise inside the server;
* upstream timeout and 5xx: the recording upstream's ``slow-model`` and ``broken-model``.

After every fault: the status is the specified one (503/504/502, never 500), the upstream test
double never received a raw canary value, every acknowledged (2xx) call has its audit record,
and the server log holds no canary.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.e2e.conftest import cli_env, run_cli, server_process
from tests.e2e.faults_support import Client, OpaProcess, issue_keys, wait_until, write_config
from tests.fakes import RecordingUpstream, free_port, recording_upstream
from tests.integration.conftest import bundle_with_test_models

pytestmark = pytest.mark.e2e

NAME = "Quirin Faultenbacher"
EMAIL = "quirin.faultenbacher.9c1e@example.de"
IBAN = "DE02 1203 0000 0000 2020 51"
PHONE = "+49 171 9876543"
CANARIES = (NAME, "Faultenbacher", EMAIL, IBAN, IBAN.replace(" ", ""), PHONE)
PROMPT = f"Ich bin {NAME}, Mail {EMAIL}, IBAN {IBAN}, Telefon {PHONE}. Bitte um Hilfe."
SERVICE = "demo-service"  # the shipped bundle allows it demo-model for purpose "demo"
# spaCy refuses texts longer than its max_length (1,000,000 characters).
SPACY_MAX_LENGTH = 1_000_000
FAULT_TRIGGER = "leitplanke_fault_injection"


@dataclass
class Running:
    """A gateway process with its upstream, OPA process, database and acknowledged calls."""

    client: Client
    upstream: RecordingUpstream
    env: dict[str, str]
    log_path: Path
    database_url: str
    opa: OpaProcess | None = None
    acknowledged: list[str] = field(default_factory=list)  # request ids answered 2xx

    def call(self, content: str = PROMPT, **kwargs: Any) -> httpx.Response:
        response = self.client.chat(content, **kwargs)
        assert response.status_code != 500, response.text
        if 200 <= response.status_code < 300:
            self.acknowledged.append(response.headers["x-request-id"])
        return response

    def assert_no_canary_leaked(self) -> None:
        raw = self.upstream.all_raw()
        log = self.log_path.read_text(encoding="utf-8", errors="replace")
        for canary in CANARIES:
            assert canary not in raw, f"upstream received {canary!r}"
            assert canary not in log, f"server log holds {canary!r}"
        for key in self.client.keys.values():
            assert key not in log

    def assert_every_acknowledged_call_audited(self) -> None:
        """Reads the log with the CLI (a separate process) and checks the chain verifies."""
        exported = run_cli("audit", "export", "--format", "jsonl", env=self.env)
        assert exported.returncode == 0, exported.stderr
        for request_id in self.acknowledged:
            assert f'"request_id":"{request_id}"' in exported.stdout.replace(" ", ""), request_id
        verified = run_cli("audit", "verify", env=self.env)
        assert verified.returncode == 0, verified.stdout + verified.stderr


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert "Traceback" not in response.text
    return body


def outcomes(running: Running, request_id: str) -> set[tuple[str, str]]:
    return {
        (r["event"]["event_type"], r["event"]["outcome"])
        for r in running.client.audit_records(request_id)
    }


@contextmanager_free := None  # placeholder removed below
