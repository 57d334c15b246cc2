"""Backup and restore as docs/operations.md describes it, tried end to end.

Back up the database (``sqlite3 .backup`` online, or ``pg_dump -Fc``), the signing key and
the witness (its key and its state file, copied while it runs), restore all of them somewhere
new, then: ``leitplanke audit verify --witness`` passes on the restored log with every record,
the old service key still works, new calls continue the same chain and the restored witness
cosigns it; the witness refuses the old database (now a rollback) and a forked checkpoint.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

import httpx
import psycopg
import pytest

from audit_log.anchors.witness import WitnessClient, WitnessRefused
from audit_log.checkpoints import CheckpointSigner
from audit_log.note import NoteVerifier
from tests.e2e.conftest import cli_env, create_key, run_cli, server_process
from tests.e2e.test_multi_process import chat, config
from tests.e2e.test_witness_process import witness_process
from tests.fakes import free_port, recording_upstream

pytestmark = pytest.mark.e2e

ORIGIN = "amt.example/audit-backup-e2e"
WITNESS = "dsb.example/w1"


def _verify(env: dict[str, str], *args: str) -> tuple[int, dict[str, Any]]:
    """``audit verify --json``: exit code and report."""
    verified = run_cli("audit", "verify", "--json", *args, env=env)
    assert verified.returncode in (0, 1), verified.stdout + verified.stderr
    report: dict[str, Any] = json.loads(verified.stdout)
    return verified.returncode, report


def _verified_records(env: dict[str, str], witness_url: str) -> int:
    code, report = _verify(env, "--witness", witness_url)
    assert code == 0 and report["ok"], report
    assert f"witness {WITNESS}" in report["anchored_by"], report
    assert report["unanchored_records"] == 0, report
    return int(report["records_checked"])


def _checkpoint(env: dict[str, str]) -> int:
    """``audit checkpoint`` (signs and anchors); returns the tree size it signed."""
    made = run_cli("audit", "checkpoint", env=env)
    assert made.returncode == 0, made.stderr
    assert "anchor failed" not in made.stderr, made.stderr
    return int(made.stdout.splitlines()[1])


def _witnessed_size(state_file: Path) -> int:
    state: dict[str, dict[str, Any]] = json.loads(state_file.read_text())
    return int(state[ORIGIN]["size"])


def _deployment_config(directory: Path, database_url: str, upstream: str, witness: str) -> Path:
    path = config(directory, database_url, upstream)
    text = path.read_text(encoding="utf-8").replace(
        "[audit]\n", f'[audit]\norigin = "{ORIGIN}"\nwitnesses = ["{witness}"]\n', 1
    )
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def _restored_sqlite(url: str, target: Path) -> Iterator[str]:
    source = url.removeprefix("sqlite:///")
    subprocess.run(["sqlite3", source, f".backup '{target / 'restored.db'}'"], check=True)
    yield f"sqlite:///{target / 'restored.db'}"


@contextmanager
def _restored_postgres(url: str, target: Path) -> Iterator[str]:
    parts = urlsplit(url)
    schema = parse_qs(parts.query)["options"][0].split("=", 1)[1]
    server = urlunsplit(parts._replace(query=""))
    dump = target / "leitplanke.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}", server], check=True
    )
    database = f"lp_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    restored = urlunsplit(parts._replace(path=f"/{database}"))
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                f"--dbname={urlunsplit(parts._replace(path=f'/{database}', query=''))}",
                str(dump),
            ],
            check=True,
        )
        yield restored
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')


def _witness_args(directory: Path, log_vkey: str) -> list[str]:
    return [
        "--key",
        str(directory / "witness.pem"),
        "--name",
        WITNESS,
        "--log",
        log_vkey,
        "--state",
        str(directory / "state.json"),
    ]


def _fork_refused(signing_key: Path, witness_url: str, witness_vkey: str, size: int) -> str:
    """Offer the witness another root at the size it holds, signed with the log's own key."""
    forged = CheckpointSigner.from_file(signing_key, origin=ORIGIN).sign(
        tree_size=size, root_hash="ab" * 32, head_hash="", created_at=""
    )
    client = WitnessClient(url=witness_url, witness=NoteVerifier.from_vkey(witness_vkey))
    with pytest.raises(WitnessRefused) as refused:
        asyncio.run(client.submit(forged, size, []))
    assert refused.value.status == 409
    return str(refused.value)


@pytest.fixture(scope="module")
def witness_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``leitplanke witness key`` (once for both backends): the key file and its vkey."""
    key_file = tmp_path_factory.mktemp("witness-key") / "witness.pem"
    made = run_cli(
        "witness",
        "key",
        "--name",
        WITNESS,
        "--output",
        str(key_file),
        env={k: v for k, v in os.environ.items() if not k.startswith("LEITPLANKE_")},
    )
    assert made.returncode == 0, made.stderr
    return key_file, made.stdout.strip()


def test_when_database_keys_and_witness_are_restored_then_the_log_verifies_and_goes_on(
    tmp_path: Path, database_url: str, witness_key: tuple[Path, str]
) -> None:
    original, restored_dir = tmp_path / "original", tmp_path / "restored"
    witness_dir, witness_restored = tmp_path / "witness", tmp_path / "witness-restored"
    for directory in (original, restored_dir, witness_dir, witness_restored):
        directory.mkdir()
    shutil.copy(witness_key[0], witness_dir / "witness.pem")
    witness_vkey = witness_key[1]
    witness_port = free_port()
    witness_url = f"http://127.0.0.1:{witness_port}"
    witness = f"{witness_url} {witness_vkey}"
    with recording_upstream() as upstream, ExitStack() as restored_database:
        env = cli_env(_deployment_config(original, database_url, upstream.base_url, witness))
        key = create_key(env, "demo-service", "ai-service")
        port = free_port()
        with server_process(env=env, port=port, log_path=original / "server.log"):
            assert [chat(port, key, i) for i in range(5)] == [200] * 5
            # the log's vkey, as the witness's operator gets it
            log_vkey = httpx.get(f"http://127.0.0.1:{port}/v1/audit/public-key").json()["vkey"]
        with witness_process(_witness_args(witness_dir, log_vkey), witness_port):
            before = _checkpoint(env)
            assert _witnessed_size(witness_dir / "state.json") == before

            # the backup: database, signing key, witness key and state (copied while it runs)
            restore = _restored_sqlite if database_url.startswith("sqlite") else _restored_postgres
            restored_url = restored_database.enter_context(restore(database_url, restored_dir))
            shutil.copy(original / "signing.pem", restored_dir / "signing.pem")
            for name in ("witness.pem", "state.json"):
                shutil.copy(witness_dir / name, witness_restored / name)

        # the restored deployment: same configuration, same witness URL, restored witness
        restored_env = cli_env(
            _deployment_config(restored_dir, restored_url, upstream.base_url, witness)
        )
        with witness_process(_witness_args(witness_restored, log_vkey), witness_port):
            assert _verified_records(restored_env, witness_url) == before
            port = free_port()
            with server_process(env=restored_env, port=port, log_path=restored_dir / "s.log"):
                assert [chat(port, key, i) for i in range(3)] == [200] * 3  # the old key
            after = _checkpoint(restored_env)
            assert after > before  # the chain goes on, and the restored witness cosigned it
            assert _witnessed_size(witness_restored / "state.json") == after
            assert _verified_records(restored_env, witness_url) == after

            # to the witness, the old database is now a rollback, and another root a fork
            code, report = _verify(env, "--witness", witness_url)
            assert code == 1 and "rolled back" in report["problem"], report
            refused = _fork_refused(restored_dir / "signing.pem", witness_url, witness_vkey, after)
            assert "fork" in refused
            assert _witnessed_size(witness_restored / "state.json") == after
