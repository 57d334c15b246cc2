"""End-to-end latency of ``POST /v1/decisions`` at concurrency 1 (issue 6: p50 <= 10 ms).

Starts the real gateway (``leitplanke serve``, durable SQLite audit store, rate limits
off, the shipped demo Wohngeld model), creates a service key with ``leitplanke keys
create``, then sends sequential keep-alive requests and reports p50/p90/p99. The client is
the standard library's ``http.client`` on one persistent connection: a heavier client such as
httpx costs about 1.5 ms of CPU per request on this VM, which would be counted as latency.
With ``Server-Timing`` on, it also reports the server's per-stage durations.

Also prints a CPU calibration (``sum(range(1000))`` with timeit), because the shared
development VMs differ by 2x between sessions; compare runs only at similar calibration.

Usage:
    .venv/bin/python bench/bench_decision_latency.py [--n 300] [--workers 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
import timeit
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import DECISION_CASE, Procs, commit, leitplanke, machine

TARGET_P50_MS = 10.0


def calibration_us() -> float:
    """Best of 5 of ``sum(range(1000))`` in µs (about 6-8 µs on a current desktop)."""
    return min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def parse_server_timing(header: str) -> dict[str, float]:
    stages: dict[str, float] = {}
    for part in header.split(","):
        name, _, rest = part.strip().partition(";")
        if "dur=" in rest:
            stages[name] = float(rest.split("dur=", 1)[1].split(";", 1)[0])
    return stages


def run(n: int, workers: int, warmup: int) -> dict[str, Any]:
    os.environ["LEITPLANKE_SERVER__SERVER_TIMING"] = "true"  # per-stage durations
    with tempfile.TemporaryDirectory(prefix="lp-dec-") as tmpdir:
        tmp = Path(tmpdir)
        procs = Procs(tmp)
        try:
            with leitplanke(procs, tmp, upstream_port=9, workers=workers) as (url, headers, _):
                parts = urlsplit(url)
                body = json.dumps(DECISION_CASE).encode()
                send = {**headers, "Content-Type": "application/json"}
                samples: list[float] = []
                stages: dict[str, list[float]] = defaultdict(list)
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                try:
                    for i in range(warmup + n):
                        started = time.perf_counter()
                        connection.request("POST", "/v1/decisions", body=body, headers=send)
                        response = connection.getresponse()
                        content = response.read()
                        elapsed = (time.perf_counter() - started) * 1000
                        if response.status != 201:
                            raise RuntimeError(f"{response.status}: {content[:300]!r}")
                        if i < warmup:
                            continue
                        samples.append(elapsed)
                        timing = response.getheader("server-timing") or ""
                        for name, ms in parse_server_timing(timing).items():
                            stages[name].append(ms)
                finally:
                    connection.close()
        finally:
            procs.stop_all()
    return {
        "n": n,
        "workers": workers,
        "p50_ms": round(statistics.median(samples), 2),
        "p90_ms": round(percentile(samples, 0.90), 2),
        "p99_ms": round(percentile(samples, 0.99), 2),
        "stages_p50_ms": {k: round(statistics.median(v), 2) for k, v in sorted(stages.items())},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    calibration = calibration_us()
    result = {
        "commit": commit(),
        "machine": machine(),
        "calibration_sum_range_1000_us": round(calibration, 1),
        **run(args.n, args.workers, args.warmup),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    verdict = "met" if result["p50_ms"] <= TARGET_P50_MS else "NOT met"
    print(f"POST /v1/decisions p50 {result['p50_ms']} ms (target <= {TARGET_P50_MS} ms): {verdict}")
    return 0 if result["p50_ms"] <= TARGET_P50_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
