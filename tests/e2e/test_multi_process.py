"""Several gateway processes keep one gapless, verifiable audit log (PostgreSQL and SQLite)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import cli_env, create_key, run_cli, server_process
from tests.fakes import free_port, recording_upstream

pytestmark = pytest.mark.e2e


def config(tmp_path: Path, database_url: str, upstream_url: str) -> Path:
    path = tmp_path / "leitplanke.toml"
    path.write_text(
        f"""
[database]
url = "{database_url}"

[audit]
signing_key_file = "{tmp_path}/signing.pem"

# Many concurrent requests on 2 shared cores: the 50 ms default decision deadline (which
# fails closed) measures the machine's load here, not correctness; latency is benchmarked.
[policy]
timeout_ms = 2000

[[upstreams]]
name = "recording"
base_url = "{upstream_url}"
models = ["demo-model"]
hosting = "internal"
timeout_s = 10
""",
        encoding="utf-8",
    )
    return path


def chat(port: int, key: str, i: int) -> int:
    response = httpx.post(
        f"http://127.0.0.1:{port}/v1/chat/completions",
        json={
            "model": "demo-model",
            "messages": [{"role": "user", "content": f"Anfrage {i} von max{i}@example.de"}],
        },
        headers={"Authorization": f"Bearer {key}", "X-Purpose": "demo"},
        timeout=60,
    )
    return response.status_code


def assert_one_gapless_log(env: dict[str, str], tmp_path: Path, expected_calls: int) -> None:
    verify = run_cli("audit", "verify", env=env)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    export = tmp_path / "export.jsonl"
    assert run_cli("audit", "export", "-o", str(export), env=env).returncode == 0
    import json

    records = [json.loads(line) for line in export.read_text().splitlines()]
    seqs = [r["seq"] for r in records]
    assert seqs == list(range(1, len(seqs) + 1))
    completed = [r for r in records if r["event"]["event_type"] == "proxy.call.completed"]
    assert len(completed) == expected_calls


def test_when_two_gateway_processes_share_postgresql_then_one_verifiable_log(
    tmp_path: Path, postgres_url: str
) -> None:
    with recording_upstream() as upstream:
        env = cli_env(config(tmp_path, postgres_url, upstream.base_url))
        key = create_key(env, "demo-service", "ai-service")
        ports = [free_port(), free_port()]
        with (
            server_process(env=env, port=ports[0], log_path=tmp_path / "a.log"),
            server_process(env=env, port=ports[1], log_path=tmp_path / "b.log"),
            ThreadPoolExecutor(8) as pool,
        ):
            statuses = list(pool.map(lambda i: chat(ports[i % 2], key, i), range(40)))
        assert statuses == [200] * 40
        assert_one_gapless_log(env, tmp_path, 40)


def test_when_serving_with_two_workers_on_sqlite_then_no_lock_errors_and_one_log(
    tmp_path: Path,
) -> None:
    with recording_upstream() as upstream:
        env = cli_env(config(tmp_path, f"sqlite:///{tmp_path}/audit.db", upstream.base_url))
        key = create_key(env, "demo-service", "ai-service")
        port = free_port()
        log = tmp_path / "server.log"
        with (
            server_process("--workers", "2", env=env, port=port, log_path=log),
            ThreadPoolExecutor(16) as pool,
        ):
            statuses = list(pool.map(lambda i: chat(port, key, i), range(60)))
        assert statuses == [200] * 60
        assert "database is locked" not in log.read_text()
        assert_one_gapless_log(env, tmp_path, 60)
