"""Audit log throughput: durable appends per second with group commit, plus verify/proof cost.

Usage:
    python bench/bench_audit.py [--backend sqlite|postgres|both] [--records 20000]
        [--concurrency 256] [--postgres-url postgresql://postgres@127.0.0.1:5432/test]

Each append returns only after its transaction committed (SQLite WAL + synchronous=FULL,
PostgreSQL synchronous_commit=on). Runs on a fresh SQLite file / fresh PostgreSQL schema.
Prints one Markdown table row per backend. "CPU µs/record" is this process's CPU time (both
threads, excluding the PostgreSQL server) during the append phase divided by the records: the
load-independent cost; records/s depends on how much of the machine the run gets.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit_log import AuditEvent, AuditQuery, CheckpointSigner, open_audit_store


def _event(i: int) -> AuditEvent:
    return AuditEvent(
        event_type="proxy.call.completed",
        request_id=f"req-{i}",
        actor="svc-bench",
        service="svc-bench",
        model="demo-model",
        purpose="benchmark",
        outcome="ok",
        policy_result="allowed",
        policy_revision="rev-1",
        reason_codes=("pii.redacted",),
        pii_entities={"PERSON": 1, "EMAIL_ADDRESS": 1},
        subject=f"sp1_{i % 1000:032x}",
        payload={"prompt_tokens": 120, "completion_tokens": 80, "stream": False, "i": i},
    )


async def run(url: str, records: int, concurrency: int) -> dict[str, float]:
    signer = CheckpointSigner(Ed25519PrivateKey.generate())
    store = open_audit_store(url, signer=signer, checkpoint_every=10_000)
    await store.open()
    latencies: list[float] = []
    counter = iter(range(records))

    async def worker() -> None:
        for i in counter:
            t0 = time.perf_counter()
            await store.append(_event(i))
            latencies.append(time.perf_counter() - t0)

    try:
        await store.append(_event(-1))  # warm-up: connections, migrations, caches
        start, cpu_start = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        t0 = time.perf_counter()
        report = await store.verify()
        verify_s = time.perf_counter() - t0
        assert report.ok, report.problem
        page = await store.query(AuditQuery(limit=1, descending=True))
        t0 = time.perf_counter()
        await store.proof(page.records[0].id)
        proof_s = time.perf_counter() - t0
    finally:
        await store.aclose()
    latencies.sort()
    return {
        "records": records,
        "elapsed_s": elapsed,
        "per_s": records / elapsed,
        "cpu_us": cpu / records * 1e6,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "verify_s": verify_s,
        "proof_s": proof_s,
    }


def _row(name: str, concurrency: int, r: dict[str, float]) -> str:
    return (
        f"| {name} | {int(r['records'])} | {concurrency} | {r['per_s']:,.0f} | "
        f"{r['cpu_us']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['verify_s']:.2f} | "
        f"{r['proof_s']:.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=256)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(
        "| backend | records | concurrent appenders | durable records/s "
        "| gateway-process CPU µs/record | p50 ms | p99 ms | verify all s | proof s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            result = asyncio.run(run(f"sqlite:///{tmp}/bench.db", args.records, args.concurrency))
        print(_row("SQLite", args.concurrency, result), flush=True)
    if args.backend in ("postgres", "both"):
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres_url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in args.postgres_url else "?"
        url = f"{args.postgres_url}{sep}options=-csearch_path%3D{schema}"
        try:
            result = asyncio.run(run(url, args.records, args.concurrency))
        finally:
            with psycopg.connect(args.postgres_url, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        print(_row("PostgreSQL", args.concurrency, result), flush=True)


if __name__ == "__main__":
    main()
