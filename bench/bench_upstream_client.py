"""CPU per upstream call: httpx vs aiohttp against the loopback fake upstream.

Why ``gateway/upstream.py`` uses aiohttp: every proxied request makes one such call. Starts
``bench/fake_upstream.py``, then sends N sequential keep-alive POSTs of a small chat body with
each client under uvloop (as ``leitplanke serve`` runs), and prints the process CPU time and
the wall time per call.

Usage:
    .venv/bin/python bench/bench_upstream_client.py [--n 2000]
"""

from __future__ import annotations

import argparse
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import httpx
import msgspec
import uvloop

ROOT = Path(__file__).resolve().parents[1]
BODY = msgspec.json.encode(
    {"model": "demo-model", "messages": [{"role": "user", "content": "Wie lange dauert es?"}]}
)
HEADERS = {"Content-Type": "application/json"}
WARMUP = 100


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def with_httpx(url: str, n: int) -> tuple[float, float]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(30)) as client:
        for _ in range(WARMUP):
            await client.post(url, content=BODY, headers=HEADERS)
        cpu, wall = cpu_seconds(), time.perf_counter()
        for _ in range(n):
            response = await client.post(url, content=BODY, headers=HEADERS)
            msgspec.json.decode(response.content)
        return cpu_seconds() - cpu, time.perf_counter() - wall


async def with_aiohttp(url: str, n: int) -> tuple[float, float]:
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=30, sock_read=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for _ in range(WARMUP):
            async with session.post(url, data=BODY, headers=HEADERS) as response:
                await response.read()
        cpu, wall = cpu_seconds(), time.perf_counter()
        for _ in range(n):
            async with session.post(url, data=BODY, headers=HEADERS) as response:
                msgspec.json.decode(await response.read())
        return cpu_seconds() - cpu, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    upstream = subprocess.Popen(  # noqa: S603 - our own fake upstream
        [sys.executable, str(ROOT / "bench" / "fake_upstream.py"), "--port", str(port)]
    )
    try:
        time.sleep(1.5)
        url = f"http://127.0.0.1:{port}/v1/chat/completions"
        for name, run in (("httpx", with_httpx), ("aiohttp", with_aiohttp)):
            cpu, wall = uvloop.run(run(url, args.n))
            per_call_cpu, per_call_wall = cpu / args.n * 1e6, wall / args.n * 1e6
            print(f"{name:8s} CPU {per_call_cpu:6.0f} µs/call   wall {per_call_wall:6.0f} µs/call")
    finally:
        upstream.terminate()
        upstream.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
