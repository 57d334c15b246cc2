"""Summarise py-spy ``--format raw`` (collapsed stacks) output: where the CPU time goes.

Usage:
    .venv/bin/python bench/pyspy_summary.py PROFILE.txt [PROFILE2.txt ...] [--top 25]

Prints the share of samples per thread kind, the functions with the most *self* time and the
share of samples that pass through each pipeline stage (inclusive time).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# Inclusive buckets: a sample counts for the first marker found in its stack (leaf first).
STAGE_MARKERS = [
    ("pii: presidio analyze", re.compile(r"analyze \(presidio_analyzer")),
    ("pii: presidio anonymize/session", re.compile(r"\(pii/engine\.py|anonymize \(presidio")),
    ("policy (OPA)", re.compile(r"\(policies/")),
    ("decisions: model, SHAP, explanation", re.compile(r"\(explain/|\(shap/|\(sklearn/")),
    ("fairness", re.compile(r"\(fairness/")),
    ("audit store", re.compile(r"\(audit_log/")),
    ("key check (auth)", re.compile(r"\(gateway/keys\.py|\(gateway/auth\.py")),
    ("upstream client (httpx)", re.compile(r"\(httpx/|\(httpcore/|\(gateway/upstream\.py")),
    ("litestar/uvicorn HTTP", re.compile(r"\(litestar/|\(uvicorn/|\(h11/|\(httptools")),
    ("logging (structlog)", re.compile(r"\(structlog/|\(gateway/logging\.py")),
    ("asyncio event loop", re.compile(r"\(asyncio/")),
    ("threading / idle", re.compile(r"\(threading\.py|\(concurrent/")),
]


def parse(paths: list[Path]) -> Counter[str]:
    stacks: Counter[str] = Counter()
    for path in paths:
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if stack and count.isdigit():
                stacks[stack] += int(count)
    return stacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("profiles", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    stacks = parse(args.profiles)
    total = sum(stacks.values()) or 1
    print(f"samples: {total}")

    inclusive: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    for stack, count in stacks.items():
        frames = stack.split(";")
        leaf[frames[-1]] += count
        joined = ";".join(frames)
        for name, marker in STAGE_MARKERS:
            if marker.search(joined):
                inclusive[name] += count
                break
        else:
            inclusive["other"] += count
    print("\nfirst matching stage per sample (inclusive, exclusive between rows):")
    for name, count in inclusive.most_common():
        print(f"  {100 * count / total:5.1f}%  {name}")
    incl: Counter[str] = Counter()
    for stack, count in stacks.items():
        for frame in set(stack.split(";")):
            incl[frame] += count
    print(f"\ntop {args.top} inclusive frames (gateway, pii, policies, audit_log only):")
    shown = 0
    for frame, count in incl.most_common():
        if re.search(r"\((gateway|pii|policies|audit_log|explain|fairness|app)[/.]", frame):
            print(f"  {100 * count / total:5.1f}%  {frame[:150]}")
            shown += 1
            if shown >= args.top:
                break
    print(f"\ntop {args.top} self-time frames:")
    for frame, count in leaf.most_common(args.top):
        print(f"  {100 * count / total:5.1f}%  {frame[:150]}")


if __name__ == "__main__":
    main()
