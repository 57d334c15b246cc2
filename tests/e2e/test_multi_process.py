"""Several gateway processes keep one gapless, verifiable audit log (PostgreSQL and SQLite)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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


@dataclass
class Served:
    server: subprocess.Popen[bytes]
    port: int
    key: str
    env: dict[str, str]
    log: Path


@contextlib.contextmanager
def two_workers_on_sqlite(tmp_path: Path) -> Iterator[Served]:
    """``leitplanke serve --workers 2`` on a SQLite audit log, with a service key."""
    with recording_upstream() as upstream:
        env = cli_env(config(tmp_path, f"sqlite:///{tmp_path}/audit.db", upstream.base_url))
        key = create_key(env, "demo-service", "ai-service")
        port = free_port()
        log = tmp_path / "server.log"
        with server_process("--workers", "2", env=env, port=port, log_path=log) as server:
            yield Served(server=server, port=port, key=key, env=env, log=log)


def test_when_serving_with_two_workers_on_sqlite_then_no_lock_errors_and_one_log(
    tmp_path: Path,
) -> None:
    with two_workers_on_sqlite(tmp_path) as served, ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda i: chat(served.port, served.key, i), range(60)))
    assert statuses == [200] * 60
    assert "database is locked" not in served.log.read_text()
    assert_one_gapless_log(served.env, tmp_path, 60)


def _listening_inodes(port: int) -> set[str]:
    """Inodes of the TCP sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "0A":  # 0A: LISTEN
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    return inodes


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:  # field 4 of stat: the parent pid
                children.append(int(stat.parent.name))
    return children


@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="needs SO_REUSEPORT (Linux)")
def test_when_serving_with_two_workers_then_each_listens_on_its_own_socket(
    tmp_path: Path,
) -> None:
    with two_workers_on_sqlite(tmp_path) as served:
        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(lambda i: chat(served.port, served.key, i), range(32)))
        listening = _listening_inodes(served.port)
        workers = [
            held & listening
            for pid in _children(served.server.pid)
            if (held := _socket_inodes(pid)) & listening
        ]
    assert statuses == [200] * 32
    # Two workers, one listening socket each and not the same one: the kernel spreads new
    # connections over them (uvicorn's shared socket let one worker take most of them).
    assert len(workers) == 2
    assert all(len(own) == 1 for own in workers)
    assert workers[0] != workers[1]
