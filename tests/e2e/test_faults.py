"""Fault injection against the real ``leitplanke`` process (issue 8, "Fault injection").

Each fault is caused from outside the gateway process, the way it happens in production:

* audit store rejects writes: a trigger installed in the audit database by another connection
  (SQLite), and killed connections (``pg_terminate_backend``) plus a rejecting trigger
  (PostgreSQL);
* policy engine slow or down: the OPA-REST test server runs as its own process; SIGSTOP makes
  it hang (longer than ``policy.timeout_ms``), SIGKILL takes it away;
* PII engine error: a text longer than spaCy's ``max_length`` (1,000,000 characters), allowed
  through by ``pii.max_text_chars``, makes Presidio's NLP step raise inside the server;
* upstream timeout and 5xx: the recording upstream's ``slow-model`` and ``broken-model``;
* killed mid-load: six callers in flight while the serving process gets SIGKILL (SQLite), or
  while the gateway's PostgreSQL connections are terminated three times.

After every fault: the status is the specified one (503/504/502, never 500), the upstream test
double never received a raw canary value, every acknowledged (2xx) call has its audit record,
and the server log holds no canary.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from pii.normalize import normalize
from tests.e2e.conftest import cli_env, run_cli, server_process
from tests.e2e.faults_support import Client, OpaProcess, issue_keys, wait_until, write_config
from tests.fakes import RecordingUpstream, free_port, recording_upstream
from tests.integration.conftest import bundle_with_test_models
from tests.unit.explain.conftest import case

pytestmark = pytest.mark.e2e

NAME = "Quirin Faultenbacher"
EMAIL = "quirin.faultenbacher.9c1e@example.de"
IBAN = "DE02 1203 0000 0000 2020 51"
PHONE = "+49 171 9876543"
CANARIES = (NAME, "Faultenbacher", EMAIL, IBAN, IBAN.replace(" ", ""), PHONE)
PROMPT = f"Mein Name ist {NAME}, Mail {EMAIL}, IBAN {IBAN}, Telefon {PHONE}. Bitte um Hilfe."
SERVICE = "demo-service"  # the shipped bundle allows it demo-model for purpose "demo"
# spaCy refuses texts longer than its max_length (1,000,000 characters).
SPACY_MAX_LENGTH = 1_000_000
FAULT_TRIGGER = "leitplanke_fault_injection"

CASE: dict[str, Any] = case()  # the demo model's standard case


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
        streamed = kwargs.get("stream", False)
        if 200 <= response.status_code < 300 and (not streamed or stream_acknowledged(response)):
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

    def assert_every_acknowledged_call_audited(self, *, with_cli: bool) -> None:
        """Every 2xx call has its record, read with the CLI (a separate process) or the API."""
        if with_cli:
            exported = run_cli("audit", "export", "--format", "jsonl", env=self.env)
            assert exported.returncode == 0, exported.stderr
            lines = exported.stdout.splitlines()
            seen = {json.loads(line)["event"]["request_id"] for line in lines}
            assert set(self.acknowledged) <= seen
            completed = {
                json.loads(line)["event"]["request_id"]
                for line in lines
                if json.loads(line)["event"]["event_type"] == "proxy.call.completed"
            }
            started = sum(
                json.loads(line)["event"]["event_type"] == "proxy.call.started" for line in lines
            )
        else:
            completed = set()
            for request_id in self.acknowledged:
                records = self.client.audit_records(request_id)
                types = [r["event"]["event_type"] for r in records]
                if "proxy.call.completed" in types:
                    completed.add(request_id)
            started = self.client.count_records("proxy.call.started")
        # 0 acknowledged calls without a completion record, 0 upstream calls without a
        # committed start record (the upstream double counts every request it received).
        assert set(self.acknowledged) <= completed
        assert len(self.upstream.received) <= started, (len(self.upstream.received), started)
        verified = self.client.http.get("/v1/audit/verify", headers=self.client.auth("officer"))
        assert verified.status_code == 200 and verified.json()["ok"] is True, verified.text


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


def stream_acknowledged(response: httpx.Response) -> bool:
    """A stream is acknowledged by its closing ``[DONE]`` (sent after the audit commit)."""
    return "data: [DONE]" in response.text


def start_gateway(
    tmp: Path, upstream: RecordingUpstream, database_url: str, **config: Any
) -> tuple[dict[str, str], dict[str, str]]:
    """Writes the config and issues the keys; returns (env, keys)."""
    bundle = tmp / "bundle"
    if not bundle.exists():
        bundle_with_test_models(bundle)
    path = write_config(
        tmp, upstream_url=upstream.base_url, database_url=database_url, bundle_dir=bundle, **config
    )
    keys = issue_keys(
        database_url,
        {"service": (SERVICE, "ai-service"), "officer": ("officer-faults", "compliance-officer")},
    )
    return cli_env(path), keys


@pytest.fixture(scope="module")
def sqlite_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """SQLite audit store, remote policy engine (OPA test server process), loose PII limits."""
    tmp = tmp_path_factory.mktemp("faults")
    opa = OpaProcess(port=free_port(), bundle_dir=bundle_with_test_models(tmp / "bundle"))
    opa.start()
    try:
        with recording_upstream(slow_seconds=2.0) as upstream:
            database_url = f"sqlite:///{tmp}/audit.db"
            env, keys = start_gateway(
                tmp,
                upstream,
                database_url,
                opa_url=opa.url,
                # Lets a text through to Presidio that its spaCy step must refuse.
                max_text_chars=SPACY_MAX_LENGTH + 200_000,
                max_body_bytes=4_000_000,
            )
            port = free_port()
            log_path = tmp / "server.log"
            with server_process(env=env, port=port, log_path=log_path):
                client = Client(port, keys)
                try:
                    yield Running(client, upstream, env, log_path, database_url, opa)
                finally:
                    client.close()
    finally:
        opa.stop()


def recovered(running: Running) -> bool:
    return running.call("Hallo, wie beantrage ich Wohngeld?").status_code == 200


@pytest.mark.parametrize(
    ("model", "stream", "status", "code"),
    [
        ("slow-model", False, 504, "upstream_timeout"),
        ("slow-model", True, 504, "upstream_timeout"),
        ("broken-model", False, 502, "upstream_error"),
        ("broken-model", True, 502, "upstream_error"),
    ],
)
def test_when_upstream_times_out_or_fails_then_504_or_502_audited_and_only_redacted_data_sent(
    sqlite_gateway: Running, model: str, stream: bool, status: int, code: str
) -> None:
    running = sqlite_gateway
    before = len(running.upstream.received)
    response = running.call(model=model, stream=stream)
    assert problem(response, status)["code"] == code
    assert len(running.upstream.received) == before + 1
    sent = running.upstream.received[-1]["body"]["messages"][0]["content"]
    assert "<PERSON_1>" in sent and "<EMAIL_ADDRESS_1>" in sent
    assert ("proxy.call.failed", code) in outcomes(running, response.headers["x-request-id"])
    running.assert_no_canary_leaked()


def test_when_presidio_fails_inside_the_server_then_503_nothing_forwarded_and_refusal_audited(
    sqlite_gateway: Running,
) -> None:
    running = sqlite_gateway
    # Long enough that the analyzer's copy is too, after normalisation (which joins spaced
    # IBANs, so it is shorter than the text).
    text = (PROMPT + " ") * ((SPACY_MAX_LENGTH + 100_000) // len(PROMPT))
    assert SPACY_MAX_LENGTH < len(normalize(text).text) < len(text) < SPACY_MAX_LENGTH + 200_000
    before = len(running.upstream.received)
    response = running.call(text)
    problem(response, 503)
    assert len(running.upstream.received) == before
    assert ("proxy.call.refused", "pii_unavailable") in outcomes(
        running, response.headers["x-request-id"]
    )
    # The engine failed for that text only; the next call is redacted and answered.
    assert running.call().status_code == 200
    running.assert_no_canary_leaked()


def test_when_policy_engine_hangs_then_503_policy_unavailable_in_time_and_nothing_forwarded(
    sqlite_gateway: Running,
) -> None:
    running = sqlite_gateway
    assert running.opa is not None
    before = len(running.upstream.received)
    running.opa.freeze()
    try:
        started = time.monotonic()
        response = running.call()
        elapsed = time.monotonic() - started
        body = problem(response, 503)
        decision = running.client.http.post(
            "/v1/decisions",
            json={
                "model_id": "wohngeld-demo",
                "case_reference": "WG-FAULT-1",
                "subject": "sp1_00000000000000000000000000fau1",
                "features": CASE,
            },
            headers=running.client.auth("service", **{"X-Purpose": "demo"}),
        )
    finally:
        running.opa.thaw()
    assert "policy_unavailable" in [r["code"] for r in body["reasons"]]
    assert elapsed < 6.0  # timeout_ms is 1000; generous for a loaded machine
    problem(decision, 503)
    assert len(running.upstream.received) == before
    assert ("proxy.call.refused", "policy_unavailable") in outcomes(
        running, response.headers["x-request-id"]
    )
    assert wait_until(lambda: recovered(running), timeout_s=15)
    running.assert_no_canary_leaked()


def test_when_policy_engine_process_is_killed_then_503_not_ready_and_recovers_on_restart(
    sqlite_gateway: Running,
) -> None:
    running = sqlite_gateway
    assert running.opa is not None
    before = len(running.upstream.received)
    running.opa.kill()
    try:
        response = running.call()
        body = problem(response, 503)
        ready = running.client.http.get("/health/ready")
    finally:
        running.opa.start()
    assert "policy_unavailable" in [r["code"] for r in body["reasons"]]
    assert len(running.upstream.received) == before
    assert ready.status_code == 503 and ready.json()["checks"]["policy"] is False
    assert ("proxy.call.refused", "policy_unavailable") in outcomes(
        running, response.headers["x-request-id"]
    )
    assert wait_until(lambda: recovered(running), timeout_s=15)
    running.assert_no_canary_leaked()


def test_when_sqlite_audit_store_rejects_writes_then_503_and_every_acknowledged_call_audited(
    sqlite_gateway: Running,
) -> None:
    running = sqlite_gateway
    path = running.database_url.removeprefix("sqlite:///")
    assert running.call().status_code == 200
    with sqlite3.connect(path, timeout=15) as conn:
        conn.execute(
            f"CREATE TRIGGER {FAULT_TRIGGER} BEFORE INSERT ON audit_records "
            "BEGIN SELECT RAISE(ABORT, 'fault injected by test'); END"
        )
    before = len(running.upstream.received)
    try:
        refused = [
            running.call(),
            running.call(stream=True),
            running.call(purpose="werbung"),  # a denial must be recorded too, else 503
            running.client.http.get("/v1/audit/events", headers=running.client.auth("officer")),
        ]
    finally:
        with sqlite3.connect(path, timeout=15) as conn:
            conn.execute(f"DROP TRIGGER {FAULT_TRIGGER}")
    assert [r.status_code for r in refused] == [503] * len(refused)
    for response in refused:
        problem(response, 503)
    assert [problem(r, 503)["code"] for r in refused[:2]] == ["audit_unavailable"] * 2
    assert len(running.upstream.received) == before  # audit first: nothing was sent
    assert wait_until(lambda: recovered(running), timeout_s=15)
    streamed = running.call(stream=True)
    assert streamed.status_code == 200 and stream_acknowledged(streamed)
    running.assert_every_acknowledged_call_audited(with_cli=True)
    running.assert_no_canary_leaked()


def test_when_postgres_audit_connections_die_or_writes_fail_then_503_and_acknowledged_audited(
    tmp_path: Path, postgres_url: str
) -> None:
    app_name = f"lpfault_{uuid.uuid4().hex[:12]}"
    database_url = f"{postgres_url}&application_name={app_name}"
    with recording_upstream(slow_seconds=2.0) as upstream:
        env, keys = start_gateway(tmp_path, upstream, database_url)
        port = free_port()
        log_path = tmp_path / "server.log"
        with server_process(env=env, port=port, log_path=log_path):
            running = Running(Client(port, keys), upstream, env, log_path, database_url)
            try:
                assert running.call().status_code == 200
                with psycopg.connect(postgres_url, autocommit=True) as conn:
                    killed = conn.execute(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = %s",
                        (app_name,),
                    ).fetchone()
                assert killed is not None and killed[0] >= 1
                # Right after the kill each call is answered (with its record) or refused.
                after_kill = [running.call(stream=i % 2 == 1) for i in range(4)]
                assert {r.status_code for r in after_kill} <= {200, 503}
                assert wait_until(lambda: recovered(running), timeout_s=20)

                with psycopg.connect(postgres_url, autocommit=True) as conn:
                    conn.execute(
                        "CREATE FUNCTION lp_fault() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$ BEGIN RAISE EXCEPTION 'fault injected by test'; END $$"
                    )
                    conn.execute(
                        f"CREATE TRIGGER {FAULT_TRIGGER} BEFORE INSERT ON audit_records "
                        "FOR EACH STATEMENT EXECUTE FUNCTION lp_fault()"
                    )
                    before = len(running.upstream.received)
                    try:
                        refused = [running.call(), running.call(stream=True)]
                    finally:
                        conn.execute(f"DROP TRIGGER {FAULT_TRIGGER} ON audit_records")
                for response in refused:
                    assert problem(response, 503)["code"] == "audit_unavailable"
                assert len(running.upstream.received) == before
                assert wait_until(lambda: recovered(running), timeout_s=15)
                running.assert_every_acknowledged_call_audited(with_cli=False)
                running.assert_no_canary_leaked()
            finally:
                running.client.close()


@dataclass
class LoadRun:
    acknowledged: list[str] = field(default_factory=list)  # request ids answered 200/[DONE]
    statuses: list[int] = field(default_factory=list)  # 0: connection lost

    def wait_for(self, answered: int, timeout_s: float = 60) -> None:
        assert wait_until(lambda: len(self.statuses) >= answered, timeout_s=timeout_s)


def load(
    client: Client, stop: threading.Event, acknowledged: list[str], statuses: list[int]
) -> None:
    """One caller sending chat calls (every other one streamed) until ``stop`` or a dead server."""
    stream = False
    while not stop.is_set():
        stream = not stream
        try:
            response = client.chat("Hallo, wie beantrage ich Wohngeld?", stream=stream)
        except httpx.HTTPError:
            statuses.append(0)  # connection lost: not acknowledged
            time.sleep(0.1)
            continue
        statuses.append(response.status_code)
        if response.status_code == 200 and (not stream or stream_acknowledged(response)):
            acknowledged.append(response.headers["x-request-id"])


@contextmanager
def under_load(port: int, keys: dict[str, str], callers: int = 6) -> Iterator[LoadRun]:
    """``callers`` threads keep the gateway busy for the block; their results afterwards."""
    run = LoadRun()
    stop = threading.Event()
    clients = [Client(port, keys) for _ in range(callers)]
    threads = [
        threading.Thread(target=load, args=(c, stop, run.acknowledged, run.statuses))
        for c in clients
    ]
    for thread in threads:
        thread.start()
    try:
        yield run
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        for c in clients:
            c.close()


def assert_log_covers(
    env: dict[str, str], upstream: RecordingUpstream, acknowledged: list[str]
) -> None:
    """Read with the CLI (its own process): 0 upstream calls without a committed start record,
    0 acknowledged calls without a completion record, and the log verifies."""
    exported = run_cli("audit", "export", "--format", "jsonl", env=env)
    assert exported.returncode == 0, exported.stderr
    events = [json.loads(line)["event"] for line in exported.stdout.splitlines()]
    started = sum(e["event_type"] == "proxy.call.started" for e in events)
    completed = {e["request_id"] for e in events if e["event_type"] == "proxy.call.completed"}
    assert len(upstream.received) <= started, (len(upstream.received), started)
    assert set(acknowledged) <= completed, set(acknowledged) - completed
    verified = run_cli("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_when_the_gateway_is_killed_mid_load_then_every_upstream_call_and_answer_is_recorded(
    tmp_path: Path,
) -> None:
    """SIGKILL of the serving process while six callers are in flight (SQLite store)."""
    database_url = f"sqlite:///{tmp_path}/audit.db"
    with recording_upstream() as upstream:
        env, keys = start_gateway(tmp_path, upstream, database_url)
        port = free_port()
        with server_process(env=env, port=port, log_path=tmp_path / "server.log") as proc:
            with under_load(port, keys) as run:
                run.wait_for(answered=40)
                proc.kill()  # no shutdown, no flush: as a crashed host or an OOM kill
                proc.wait(timeout=20)
        assert 0 in run.statuses and len(run.acknowledged) >= 20, run.statuses
        assert 500 not in run.statuses
        assert_log_covers(env, upstream, run.acknowledged)


def test_when_postgres_connections_are_killed_mid_load_then_every_upstream_call_is_recorded(
    tmp_path: Path, postgres_url: str
) -> None:
    """``pg_terminate_backend`` on the gateway's connections three times under load."""
    app_name = f"lpload_{uuid.uuid4().hex[:12]}"
    database_url = f"{postgres_url}&application_name={app_name}"
    with recording_upstream() as upstream:
        env, keys = start_gateway(tmp_path, upstream, database_url)
        port = free_port()
        with server_process(env=env, port=port, log_path=tmp_path / "server.log"):
            with under_load(port, keys) as run:
                killed = 0
                for answered in (20, 50, 80):
                    run.wait_for(answered)
                    with psycopg.connect(postgres_url, autocommit=True) as conn:
                        row = conn.execute(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE application_name = %s",
                            (app_name,),
                        ).fetchone()
                    killed += row[0] if row else 0
                run.wait_for(120)
        assert killed >= 3, killed
        assert 500 not in run.statuses and 0 not in run.statuses, run.statuses
        assert set(run.statuses) <= {200, 503}, sorted(set(run.statuses))
        assert_log_covers(env, upstream, run.acknowledged)
