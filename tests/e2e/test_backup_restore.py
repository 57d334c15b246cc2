"""Backup and restore as docs/operations.md describes it, tried end to end.

Back up the database (``sqlite3 .backup`` online, or ``pg_dump -Fc``) and the signing key,
restore both somewhere new, then: ``leitplanke audit verify`` passes on the restored log with
every record, the old service key still works, and new calls continue the same chain.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import psycopg
import pytest

from tests.e2e.conftest import cli_env, create_key, run_cli, server_process
from tests.e2e.test_multi_process import chat, config
from tests.fakes import free_port, recording_upstream

pytestmark = pytest.mark.e2e


def _records(env: dict[str, str]) -> int:
    verified = run_cli("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("audit log OK: "), verified.stdout
    return int(verified.stdout.split(":")[1].split()[0])


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


def test_when_database_and_signing_key_are_restored_then_the_log_verifies_and_keys_work(
    tmp_path: Path, database_url: str
) -> None:
    original, restored_dir = tmp_path / "original", tmp_path / "restored"
    original.mkdir()
    restored_dir.mkdir()
    with recording_upstream() as upstream:
        env = cli_env(config(original, database_url, upstream.base_url))
        key = create_key(env, "demo-service", "ai-service")
        port = free_port()
        with server_process(env=env, port=port, log_path=original / "server.log"):
            assert [chat(port, key, i) for i in range(5)] == [200] * 5
        assert run_cli("audit", "checkpoint", env=env).returncode == 0
        before = _records(env)

        # the backup: database + signing key (the key must be the same file, see operations.md)
        shutil.copy(original / "signing.pem", restored_dir / "signing.pem")
        restore = _restored_sqlite if database_url.startswith("sqlite") else _restored_postgres
        with restore(database_url, restored_dir) as restored_url:
            restored_env = cli_env(config(restored_dir, restored_url, upstream.base_url))
            assert _records(restored_env) == before
            port = free_port()
            with server_process(env=restored_env, port=port, log_path=restored_dir / "s.log"):
                assert [chat(port, key, i) for i in range(3)] == [200] * 3  # the old key
            assert run_cli("audit", "checkpoint", env=restored_env).returncode == 0
            assert _records(restored_env) > before  # the chain goes on and still verifies
