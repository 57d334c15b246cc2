"""Several processes appending to one SQLite audit log, as `serve --workers N` does.

Usage:
    .venv/bin/python bench/bench_audit_processes.py [--processes 2] [--appends 3000]
        [--concurrency 8]

Each process opens the store on the same fresh database file and runs ``--concurrency`` tasks
that append until ``--appends`` records are durable; it prints its appends/s and the p50, p99
and max latency of one ``append`` (enqueue to durable commit). Writers of different processes
serialize on the database's write lock, so the tail shows how a waiting writer gets its turn.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit_log import AuditEvent, open_audit_store  # noqa: E402


async def _append_loop(
    url: str, name: str, count: int, concurrency: int, *, report: bool = True
) -> None:
    store = open_audit_store(url)
    await store.open()
    latencies: list[float] = []
    numbers = iter(range(count))

    async def worker() -> None:
        for i in numbers:
            started = time.perf_counter()
            await store.append(
                AuditEvent(
                    event_type="proxy.call.completed",
                    request_id=f"{name}-{i}",
                    actor=name,
                    service=name,
                    model="demo-model",
                    purpose="benchmark",
                    outcome="ok",
                    pii_entities={"PERSON": 2, "EMAIL_ADDRESS": 1},
                    payload={"i": i, "input_sha256": "0" * 64},
                )
            )
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    await store.aclose()
    if not report:
        return
    latencies.sort()
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(
        f"{name}: {count / elapsed:,.0f} appends/s, append p50 "
        f"{statistics.median(latencies):.2f} ms, p99 {p99:.2f} ms, max {latencies[-1]:.1f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--appends", type=int, default=3000, help="per process")
    parser.add_argument("--concurrency", type=int, default=8, help="appending tasks per process")
    parser.add_argument("--child", nargs=2, metavar=("URL", "NAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(_append_loop(args.child[0], args.child[1], args.appends, args.concurrency))
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/audit.db"
        asyncio.run(_append_loop(url, "schema", 1, 1, report=False))  # migrations before the race
        own = [sys.executable, __file__, "--appends", str(args.appends)]
        children = [
            subprocess.Popen(  # noqa: S603
                [*own, "--concurrency", str(args.concurrency), "--child", url, f"writer-{n}"]
            )
            for n in range(args.processes)
        ]
        for child in children:
            child.wait()


if __name__ == "__main__":
    main()
