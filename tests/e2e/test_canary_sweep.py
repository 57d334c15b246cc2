"""Canary sweep (issue 8): canary personal data and keys through every path of a real server.

One scenario runs against a real ``leitplanke serve`` process on a fresh SQLite database, and
once more on a fresh PostgreSQL schema:
chat (plain, streamed, with a participant name and metadata), denied and invalid calls, a bad
key, an eligibility decision with its citizen explanation, a wrong access code, a citizen's
review request whose message carries personal data, a caseworker's reviewed outcome with a
reason naming a person, a caseworker's outcome, officer audit
queries and exports (API and CLI, JSONL and CSV). The tests then scan what it left behind:
the upstream test double's received bodies, the server's stdout/stderr, the exports, every
row of the audit tables, and the whole database: every byte of the SQLite files (main file, WAL
and shm, while the server runs and after it stopped), every row of every PostgreSQL table.

The citizen's review message is personal data by design: the audit log keeps it encrypted
(``personal``, under the subject's key) and the decision store keeps the citizen's request inside
its encrypted decision record. Neither may hold it in clear, so its canaries are scanned for
everywhere like the others.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.conftest import POSTGRES_URL_ENV, REQUIRE_POSTGRES_ENV
from tests.e2e.conftest import cli_env, create_key, run_cli, server_process
from tests.e2e.faults_support import issue_keys, write_config
from tests.fakes import free_port, recording_upstream
from tests.integration.conftest import bundle_with_test_models
from tests.unit.explain.conftest import case

pytestmark = pytest.mark.e2e

NAME = "Lotte Kanarski"
EMAIL = "lotte.kanarski.c4n4@example.org"
IBAN = "DE75 5121 0800 1245 1261 99"
PHONE = "+49 151 2345 6789"
PARTICIPANT = "Lotte_Kanarski_77"  # an OpenAI message ``name``: personal whatever it looks like
METADATA_EMAIL = "meta.kanarski.m3t4@example.org"
PROMPT = (
    f"Mein Name ist {NAME}, E-Mail {EMAIL}, IBAN {IBAN}, Telefon {PHONE}. "
    "Ich brauche Hilfe beim Wohngeld."
)
REVIEW_NAME = "Henrike Vogelsang"
REVIEW_EMAIL = "henrike.vogelsang.r3v@example.net"
REVIEW_PHONE = "0176 98765432"
REVIEW_MESSAGE = (
    f"Sehr geehrte Damen und Herren, ich, {REVIEW_NAME}, bitte um Pruefung. "
    f"Erreichbar unter {REVIEW_EMAIL} oder {REVIEW_PHONE}."
)
BAD_KEY = "lpk_canary0bad0key0c4n4ry0000000000000000"
BAD_ACCESS_CODE = "CANARY-CODE-7Q4Z"
SUBJECT = "sp1_c4n4ryc4n4ryc4n4ryc4n4ryc4n4ry"

PERSONAL = (
    NAME,
    "Kanarski",
    EMAIL,
    IBAN,
    IBAN.replace(" ", ""),
    PHONE,
    PHONE.replace(" ", ""),
    PARTICIPANT,
    METADATA_EMAIL,
)
# A caseworker's reason for the reviewed outcome is personal data as well (issue 23).
REASON_NAME = "Friedemann Kiebitz"
REVIEW_REASON = f"Telefonat mit {REASON_NAME} (Vermieter): Miete seit Mai 820 EUR."
REVIEW_PERSONAL = (REVIEW_NAME, "Vogelsang", REVIEW_EMAIL, REVIEW_PHONE, REASON_NAME, "Kiebitz")
CASE: dict[str, Any] = case()  # the demo model's standard case


@dataclass
class Sweep:
    """Everything the scenario left behind, for the scans."""

    keys: dict[str, str]
    statuses: dict[str, int] = field(default_factory=dict)
    upstream_raw: str = ""
    log: bytes = b""
    exports: dict[str, bytes] = field(default_factory=dict)
    backend: str = "sqlite"
    # SQLite: every byte of the files (running/, stopped/); PostgreSQL: every row as text.
    database: dict[str, bytes] = field(default_factory=dict)
    audit_tables: dict[str, bytes] = field(default_factory=dict)

    def secrets(self) -> tuple[str, ...]:
        return (*self.keys.values(), BAD_KEY, BAD_ACCESS_CODE)


def db_files(directory: Path, prefix: str) -> dict[str, bytes]:
    return {f"{prefix}/{p.name}": p.read_bytes() for p in sorted(directory.glob("canary.db*"))}


def sqlite_tables(path: Path) -> dict[str, bytes]:
    """Every row of every table, as text (decoded, so no page-layout artefacts)."""
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name: repr(conn.execute(f'SELECT * FROM "{name}"').fetchall()).encode()
            for name in names
        }


def postgres_tables(url: str) -> dict[str, bytes]:
    """Every row of every table in the test schema, as text (bytea as Python bytes reprs)."""
    with psycopg.connect(url) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        ]
        return {
            name: repr(conn.execute(f'SELECT * FROM "{name}"').fetchall()).encode()
            for name in names
        }


@contextmanager
def database_for(backend: str, tmp: Path) -> Iterator[str]:
    """A fresh database URL: a SQLite file, or a new PostgreSQL schema (dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp}/canary.db"
        return
    base = os.environ.get(POSTGRES_URL_ENV, "")
    if not base:
        if os.environ.get(REQUIRE_POSTGRES_ENV, "") == "1":
            pytest.fail(f"{POSTGRES_URL_ENV} is not set but {REQUIRE_POSTGRES_ENV}=1")
        pytest.skip(f"PostgreSQL canary sweep not run: set {POSTGRES_URL_ENV}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run_scenario(port: int, keys: dict[str, str], sweep: Sweep) -> None:
    """Canary data through every path; records each response status by step name."""
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)

    def auth(label: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {keys[label]}", **extra}

    def step(name: str, response: httpx.Response) -> httpx.Response:
        sweep.statuses[name] = response.status_code
        return response

    chat: dict[str, Any] = {
        "model": "demo-model",
        "messages": [
            {"role": "system", "content": f"Der Antragsteller heisst {NAME}."},
            {"role": "user", "name": PARTICIPANT, "content": PROMPT},
        ],
        "metadata": {"ticket": METADATA_EMAIL},
    }
    service = auth("service", **{"X-Purpose": "demo"})
    with http:
        step("chat", http.post("/v1/chat/completions", json=chat, headers=service))
        step(
            "chat_stream",
            http.post("/v1/chat/completions", json={**chat, "stream": True}, headers=service),
        )
        step(
            "chat_denied",
            http.post(
                "/v1/chat/completions",
                json=chat,
                headers=auth("service", **{"X-Purpose": "werbung"}),
            ),
        )
        step(
            "chat_invalid",
            http.post(
                "/v1/chat/completions",
                json={"model": EMAIL, "messages": [{"role": NAME, "content": PROMPT}]},
                headers=service,
            ),
        )
        step(
            "chat_bad_key",
            http.post(
                "/v1/chat/completions",
                json=chat,
                headers={"Authorization": f"Bearer {BAD_KEY}", "X-Purpose": "demo"},
            ),
        )
        step(
            "chat_timeout",
            http.post(
                "/v1/chat/completions", json={**chat, "model": "slow-model"}, headers=service
            ),
        )
        made = step(
            "decision",
            http.post(
                "/v1/decisions",
                json={
                    "model_id": "wohngeld-demo",
                    "case_reference": "WG-2026-C4N4",
                    "subject": SUBJECT,
                    "features": CASE,
                    "protected_attributes": {"gender": "female", "age_group": "30-49"},
                },
                headers=service,
            ),
        ).json()
        decision_id = made["id"]
        code = made["citizen_access"]["access_code"]
        sweep.keys["access_code"] = code
        citizen = f"/v1/citizen/decisions/{decision_id}"
        step("explanation", http.get(f"{citizen}/explanation", headers={"X-Access-Code": code}))
        step(
            "explanation_wrong_code",
            http.get(f"{citizen}/explanation", headers={"X-Access-Code": BAD_ACCESS_CODE}),
        )
        step(
            "review",
            http.post(
                f"{citizen}/review-request",
                json={"message": REVIEW_MESSAGE},
                headers={"X-Access-Code": code},
            ),
        )
        step(
            "review_decided",
            http.post(
                f"/v1/decisions/{decision_id}/review",
                json={"outcome": "approved", "reason": REVIEW_REASON},
                headers=auth("caseworker"),
            ),
        )
        step(
            "outcome",
            http.post(
                f"/v1/decisions/{decision_id}/outcome",
                json={"outcome": "approved", "source": "human_review"},
                headers=auth("caseworker"),
            ),
        )
        step("decision_read", http.get(f"/v1/decisions/{decision_id}", headers=auth("officer")))
        events = step("audit_search", http.get("/v1/audit/events", headers=auth("officer")))
        first = events.json()["records"][0]["id"]
        step("audit_read", http.get(f"/v1/audit/events/{first}", headers=auth("officer")))
        step("audit_verify", http.get("/v1/audit/verify", headers=auth("officer")))
        step(
            "subject_report",
            http.get(f"/v1/audit/subjects/{SUBJECT}/report", headers=auth("admin")),
        )
        for fmt in ("jsonl", "csv"):
            exported = step(
                f"export_{fmt}",
                http.get("/v1/audit/export", params={"format": fmt}, headers=auth("officer")),
            )
            sweep.exports[f"api.{fmt}"] = exported.content


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def sweep(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Sweep]:
    tmp = tmp_path_factory.mktemp("canary")
    with database_for(request.param, tmp) as database_url, recording_upstream() as upstream:
        config = write_config(
            tmp,
            upstream_url=upstream.base_url,
            database_url=database_url,
            bundle_dir=bundle_with_test_models(tmp / "bundle"),
        )
        env = cli_env(config)
        keys = {"service": create_key(env, "demo-service", "ai-service")}
        keys |= issue_keys(
            database_url,
            {
                "officer": ("officer-canary", "compliance-officer"),
                "caseworker": ("caseworker-canary", "caseworker", ("demo-service",)),
                "admin": ("admin-canary", "admin"),
            },
        )
        result = Sweep(keys=keys, backend=request.param)
        port = free_port()
        log_path = tmp / "server.log"
        with server_process(env=env, port=port, log_path=log_path):
            run_scenario(port, keys, result)
            if request.param == "sqlite":
                result.database |= db_files(tmp, "running")
        result.upstream_raw = upstream.all_raw()
        result.log = log_path.read_bytes()
        for fmt in ("jsonl", "csv"):
            out = tmp / f"cli-export.{fmt}"
            exported = run_cli("audit", "export", "--format", fmt, "--output", str(out), env=env)
            assert exported.returncode == 0, exported.stderr
            result.exports[f"cli.{fmt}"] = out.read_bytes()
        if request.param == "sqlite":
            result.database |= db_files(tmp, "stopped")
            tables = sqlite_tables(tmp / "canary.db")
        else:
            tables = postgres_tables(database_url)
            result.database |= tables
        result.audit_tables = {k: v for k, v in tables.items() if k.startswith("audit")}
        yield result


def hits(canaries: tuple[str, ...], artefacts: dict[str, bytes]) -> list[tuple[str, str]]:
    return [
        (canary, name)
        for name, data in artefacts.items()
        for canary in canaries
        if canary.encode() in data
    ]


def test_when_scenario_ran_then_every_path_answered_as_specified(sweep: Sweep) -> None:
    assert sweep.statuses == {
        "chat": 200,
        "chat_stream": 200,
        "chat_denied": 403,
        "chat_invalid": 400,
        "chat_bad_key": 401,
        "chat_timeout": 504,
        "decision": 201,
        "explanation": 200,
        "explanation_wrong_code": 404,
        "review": 201,
        "review_decided": 200,
        "outcome": 200,
        "decision_read": 200,
        "audit_search": 200,
        "audit_read": 200,
        "audit_verify": 200,
        "subject_report": 200,
        "export_jsonl": 200,
        "export_csv": 200,
    }
    # The scan is meaningful only if the records are there.
    assert b"review.requested" in sweep.exports["cli.jsonl"]
    assert b"review.decided" in sweep.exports["cli.jsonl"]
    assert b"proxy.call.completed" in sweep.exports["api.csv"]


def test_when_upstream_received_the_calls_then_it_saw_no_canary(sweep: Sweep) -> None:
    assert "<PERSON_1>" in sweep.upstream_raw
    assert hits(PERSONAL, {"upstream": sweep.upstream_raw.encode()}) == []


def test_when_server_ran_then_its_log_holds_no_canary_and_no_key(sweep: Sweep) -> None:
    assert b"request.completed" in sweep.log
    assert hits((*PERSONAL, *REVIEW_PERSONAL, *sweep.secrets()), {"log": sweep.log}) == []


def test_when_audit_data_is_exported_then_no_canary_and_no_key(sweep: Sweep) -> None:
    assert set(sweep.exports) == {"api.jsonl", "api.csv", "cli.jsonl", "cli.csv"}
    assert hits((*PERSONAL, *REVIEW_PERSONAL, *sweep.secrets()), sweep.exports) == []


def test_when_audit_tables_are_read_then_no_canary_in_clear(sweep: Sweep) -> None:
    assert "audit_records" in sweep.audit_tables
    assert hits((*PERSONAL, *REVIEW_PERSONAL, *sweep.secrets()), sweep.audit_tables) == []


def test_when_database_is_scanned_then_no_canary_and_no_key(sweep: Sweep) -> None:
    if sweep.backend == "sqlite":  # WAL mode: recent pages live there while the server runs
        assert "running/canary.db-wal" in sweep.database
    # The scan sees stored content: event types are kept in clear.
    assert any(b"review.requested" in data for data in sweep.database.values())
    assert hits((*PERSONAL, *REVIEW_PERSONAL, *sweep.secrets()), sweep.database) == []
