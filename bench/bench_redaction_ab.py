"""Redaction cost of two source trees, measured interleaved (paired A/B).

Usage:
    .venv/bin/python bench/bench_redaction_ab.py OLD_TREE NEW_TREE [--rounds 40] [--calls 20]

    git worktree add /tmp/base <commit>      # the tree to compare against
    .venv/bin/python bench/bench_redaction_ab.py /tmp/base .

One child process per tree builds the redactor of that tree and then, on each request of the
parent, redacts the load benchmark's 1 KB prompt and 1 KB answer (``PROMPT_PII`` and
``ANSWER_PII``, one new session per pair, as the gateway does) ``--calls`` times. The parent
alternates the order of the two children every round, so both see the same moments of a
noisy host; the first two rounds are warm-up. Reported: CPU time (``time.thread_time``) per
prompt + answer, median and quartiles over the rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WARM_UP_ROUNDS = 2


def child(tree: str) -> None:
    """Serves redaction runs: reads a count per line, answers with CPU ms per pair."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    sys.path[:0] = [str(Path(tree).resolve()), str(BENCH)]
    from bench_load import PROMPT_PII
    from fake_upstream import ANSWER_PII

    from pii.engine import build_redactor
    from pii.types import PiiConfig

    redactor = build_redactor(PiiConfig())

    def pair() -> None:
        session = redactor.new_session()
        session.redact(PROMPT_PII)
        session.redact(ANSWER_PII)

    for _ in range(30):
        pair()
    print("ready", flush=True)
    for line in sys.stdin:
        calls = int(line)
        started = time.thread_time()
        for _ in range(calls):
            pair()
        print((time.thread_time() - started) / calls * 1000, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    trees = [args.old, args.new]
    children = {
        tree: subprocess.Popen(  # noqa: S603 - this script, another source tree
            [sys.executable, __file__, args.old, args.new, "--child", tree],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tree in trees
    }
    for proc in children.values():
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    results: dict[str, list[float]] = {tree: [] for tree in trees}
    for round_ in range(args.rounds + WARM_UP_ROUNDS):
        for tree in trees if round_ % 2 == 0 else trees[::-1]:
            proc = children[tree]
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(f"{args.calls}\n")
            proc.stdin.flush()
            cpu_ms = float(proc.stdout.readline())
            if round_ >= WARM_UP_ROUNDS:
                results[tree].append(cpu_ms)
    for proc in children.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)
    print(f"{'tree':40} {'CPU ms p25':>10} {'p50':>7} {'p75':>7}  (prompt + answer)")
    for tree in trees:
        q1, median, q3 = statistics.quantiles(results[tree], n=4)
        print(f"{tree:40} {q1:10.3f} {median:7.3f} {q3:7.3f}")
    old, new = (statistics.median(results[tree]) for tree in trees)
    print(f"change of the median: {(new / old - 1) * 100:+.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
