"""``leitplanke serve --workers 2``: ``/metrics`` on any worker reports the totals of both."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from gateway.metrics import MULTIPROC_ENV, render_multiprocess
from tests.e2e.conftest import cli_env, create_key, server_process
from tests.e2e.test_multi_process import chat, config
from tests.fakes import free_port, recording_upstream

pytestmark = pytest.mark.e2e

CHAT_ROUTE = {"route": "/v1/chat/completions", "method": "POST", "status": "200"}


def total(exposition: str, name: str, **labels: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


def worker_pids(server_pid: int) -> list[int]:
    """The server's child processes (uvicorn spawns one per worker)."""
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server_pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [int(p) for p in out.split()]


def shared_dir_of(pid: int) -> Path | None:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:  # not a worker after all, and gone already
        return None
    for entry in environ:
        name, _, value = entry.partition(b"=")
        if name.decode() == MULTIPROC_ENV:
            return Path(value.decode())
    return None


def per_worker(directory: Path, tmp_path: Path, **labels: str) -> dict[str, float]:
    """``http_requests_total`` each worker counted, read from that worker's file alone."""
    counts = {}
    for counter in directory.glob("counter_*.db"):
        pid = counter.stem.split("_")[1]
        alone = tmp_path / f"worker-{pid}-{uuid.uuid4().hex[:6]}"
        alone.mkdir()
        shutil.copy(counter, alone / counter.name)
        exposition = render_multiprocess(str(alone)).decode()
        counts[pid] = total(exposition, "leitplanke_http_requests_total", **labels)
    return counts


def scrape(port: int) -> str:
    return httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text


def test_when_two_workers_serve_then_every_scrape_reports_the_sum_of_both(
    tmp_path: Path,
) -> None:
    calls = 24
    scrapes: list[str] = []
    with recording_upstream() as upstream:
        env = cli_env(config(tmp_path, f"sqlite:///{tmp_path}/audit.db", upstream.base_url))
        key = create_key(env, "demo-service", "ai-service")
        port = free_port()
        log = tmp_path / "server.log"
        with (
            server_process("--workers", "2", env=env, port=port, log_path=log) as server,
            ThreadPoolExecutor(8) as pool,
        ):
            workers = worker_pids(server.pid)
            (directory,) = {shared_dir_of(pid) for pid in workers} - {None}
            statuses = list(pool.map(lambda i: chat(port, key, i), range(calls)))
            # Scrape concurrently until each worker has answered some scrapes (an idle
            # worker may lose every accept race to the other one for a while).
            for _ in range(20):
                scrapes += pool.map(lambda _: scrape(port), range(8))
                time.sleep(0.2)  # a request is counted just after its last byte is sent
                answered = per_worker(directory, tmp_path, route="/metrics")
                if len(answered) >= 2 and all(n > 0 for n in answered.values()):
                    break
            served = per_worker(directory, tmp_path, **CHAT_ROUTE)
        assert statuses == [200] * calls

    # Every worker got the one shared directory from the server process...
    assert len(workers) >= 2
    assert directory.name.startswith("leitplanke-metrics-")
    # ...each answered scrapes, and every scrape, whichever worker answered, saw all calls.
    assert len(answered) >= 2 and all(n > 0 for n in answered.values()), answered
    assert sum(served.values()) == calls
    for exposition in scrapes:
        assert total(exposition, "leitplanke_http_requests_total", **CHAT_ROUTE) == calls
        assert total(exposition, "leitplanke_proxy_calls_total", outcome="ok") == calls
        assert total(exposition, "leitplanke_audit_batch_size_sum") >= calls
    # The temporary directory goes away with the server.
    assert not directory.exists()
