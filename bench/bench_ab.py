"""Paired A/B load test: two gateway source trees under the same load at the same time.

The shared VMs here vary by up to 2x from minute to minute, more than most changes are
worth, so two runs one after the other cannot tell a 10 % change from noise. This runs
gateway A and gateway B side by side (each with ``--workers`` processes, its own SQLite
audit store, the same loopback fake upstream) and drives both with wrk *simultaneously*,
for ``--rounds`` rounds. Both see the same host at the same moment; the per-round ratio
B/A of throughput and of CPU per request is what to read.

The two positions are not perfectly equal: an A/A run (the same tree twice) gave B/A
0.91 here. Run every comparison twice, the second time with the trees swapped, and take
the geometric mean of B/A and 1/(A/B); that cancels the position.

Each tree must be a copy with a ``COMMIT`` file, e.g.::

    git archive HEAD | tar -x -C /tmp/a && echo base > /tmp/a/COMMIT

Usage:
    .venv/bin/python bench/bench_ab.py /tmp/a /tmp/b [--scenario pii_on] [--concurrency 8]
        [--workers 1] [--rounds 5] [--duration 8]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import (
    SCENARIOS,
    Procs,
    body_for,
    check_once,
    cpu_seconds,
    leitplanke,
    start_fake_upstream,
    tree,
    wrk,
)


def one_round(
    gateways: list[tuple[str, dict[str, str], list[int]]],
    body: bytes,
    concurrency: int,
    duration: float,
    tmp: Path,
) -> list[dict[str, float]]:
    """wrk against every gateway at once; req/s and CPU ms per request of each."""
    results: list[dict[str, Any]] = [{} for _ in gateways]
    pids = [tree(g[2]) for g in gateways]
    before = [cpu_seconds(p) for p in pids]

    def drive(i: int) -> None:
        url, headers, _ = gateways[i]
        scratch = tmp / f"wrk{i}"
        scratch.mkdir(exist_ok=True)
        results[i] = wrk(url, headers, body, concurrency, duration, scratch)

    threads = [threading.Thread(target=drive, args=(i,)) for i in range(len(gateways))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out = []
    for i, r in enumerate(results):
        done = max(r["requests"], 1)
        out.append(
            {
                "rps": r["requests"] / (r["duration_us"] / 1e6),
                "cpu_ms_per_req": (cpu_seconds(pids[i]) - before[i]) * 1000 / done,
                "p50_ms": r["p50_us"] / 1000,
            }
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", help="source tree A (with a COMMIT file)")
    parser.add_argument("b", help="source tree B (with a COMMIT file)")
    parser.add_argument("--scenario", default="pii_on", choices=sorted(SCENARIOS))
    parser.add_argument("--concurrency", type=int, default=8, help="per gateway")
    parser.add_argument("--workers", type=int, default=1, help="per gateway")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--pii-off", action="store_true", help="[pii] enabled = false")
    args = parser.parse_args()
    trees = [str(Path(args.a).resolve()), str(Path(args.b).resolve())]
    body = body_for(args.scenario)
    with tempfile.TemporaryDirectory(prefix="leitplanke-ab-") as tmpdir:
        tmp = Path(tmpdir)
        procs = Procs(tmp)
        try:
            upstream_port, _ = start_fake_upstream(procs)
            with contextlib.ExitStack() as stack:
                gateways = []
                for i, src in enumerate(trees):
                    scratch = tmp / f"gw{i}"
                    scratch.mkdir()
                    gateways.append(
                        stack.enter_context(
                            leitplanke(procs, scratch, upstream_port, args.workers, src,
                                       pii_enabled=not args.pii_off)
                        )
                    )
                for url, headers, _ in gateways:
                    check_once(url, headers, body)
                one_round(gateways, body, args.concurrency, 3, tmp)  # warm-up
                ratios: dict[str, list[float]] = {"rps": [], "cpu_ms_per_req": []}
                print(f"A={trees[0]} B={trees[1]} scenario={args.scenario} "
                      f"c={args.concurrency} per gateway, workers={args.workers}")
                for n in range(args.rounds):
                    a, b = one_round(gateways, body, args.concurrency, args.duration, tmp)
                    for key in ratios:
                        ratios[key].append(b[key] / a[key])
                    print(
                        f"round {n + 1}: A {a['rps']:7.1f} req/s {a['cpu_ms_per_req']:6.2f} "
                        f"ms CPU/req p50 {a['p50_ms']:6.1f} | B {b['rps']:7.1f} req/s "
                        f"{b['cpu_ms_per_req']:6.2f} ms CPU/req p50 {b['p50_ms']:6.1f}",
                        flush=True,
                    )
                print(
                    f"median B/A: throughput {statistics.median(ratios['rps']):.3f}, "
                    f"CPU per request {statistics.median(ratios['cpu_ms_per_req']):.3f}"
                )
        finally:
            procs.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
