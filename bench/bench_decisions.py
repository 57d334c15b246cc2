"""Decision benchmark: the explain package's share of POST /v1/decisions.

Usage:
    .venv/bin/python bench/bench_decisions.py [--n 1000] [--store sqlite|postgres|none]

Per case (synthetic applicants from the demo generator, a different seed than training):
validate features -> score + SHAP (TreeExplainer, additivity checked) -> counterfactual
(search + verifying re-score) -> build record -> store.save (SQLite in a temp dir by default).
Each stage is timed separately; p50/p95/p99 in milliseconds, single thread, after warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_demo_model import probe_matrix  # noqa: E402

from explain import (  # noqa: E402
    DecisionStore,
    citizen_explanation,
    default_registry,
    generate_access_code,
    new_decision_record,
    open_decision_store,
    validate_features,
)
from explain.counterfactual import find_counterfactual  # noqa: E402
from explain.scoring import decide  # noqa: E402


def cases(n: int) -> list[dict[str, Any]]:
    model_spec = default_registry().get("wohngeld-demo").spec
    out = []
    for row in probe_matrix(n):
        case: dict[str, Any] = {}
        for feature, value in zip(model_spec.features, row, strict=True):
            if feature.type == "category":
                assert feature.categories is not None
                case[feature.name] = feature.categories[int(value)]
            elif feature.type == "bool":
                case[feature.name] = bool(value)
            elif feature.type == "int":
                case[feature.name] = int(value)
            else:
                case[feature.name] = float(value)
        out.append(case)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(n: int, store_kind: str) -> None:
    t0 = time.perf_counter()
    registry = default_registry()
    load_ms = (time.perf_counter() - t0) * 1000
    model = registry.get("wohngeld-demo")
    store: DecisionStore | None = None
    tmp = tempfile.TemporaryDirectory()
    if store_kind == "sqlite":
        store = await open_decision_store(f"sqlite:///{tmp.name}/bench.db",
                                          access_code_secret=b"b" * 32)
    elif store_kind == "postgres":
        url = os.environ.get("LEITPLANKE_TEST_POSTGRES_URL",
                             "postgresql://postgres@127.0.0.1:5432/test")
        store = await open_decision_store(url, access_code_secret=b"b" * 32)
    stages: dict[str, list[float]] = {k: [] for k in (
        "validate", "score+shap", "counterfactual", "assess (score+shap+cf)", "citizen_text",
        "store.save", "total", "cpu: assess")}
    outcomes: dict[str, int] = {}
    found = 0
    all_cases = cases(n)
    for warm in all_cases[:50]:
        model.assess(validate_features(model.spec, warm))
    for raw in all_cases:
        a = time.perf_counter()
        features = validate_features(model.spec, raw)
        b = time.perf_counter()
        explanation = model.explain(features)
        decision = decide(model.spec, explanation.probability)
        c = time.perf_counter()
        cf = find_counterfactual(model.spec, model.explainer, features, decision.outcome)
        d = time.perf_counter()
        cpu = time.thread_time()
        assessment = model.assess(features)
        cpu = time.thread_time() - cpu
        e = time.perf_counter()
        record = new_decision_record(
            assessment=assessment, service="bench", case_reference="AZ", subject_pseudonym="p",
            purpose="bench",
        )
        citizen_explanation(record, model.spec)
        f = time.perf_counter()
        if store is not None:
            await store.save(record, access_code=generate_access_code())
        g = time.perf_counter()
        stages["validate"].append((b - a) * 1000)
        stages["score+shap"].append((c - b) * 1000)
        stages["counterfactual"].append((d - c) * 1000)
        stages["assess (score+shap+cf)"].append((e - d) * 1000)
        stages["citizen_text"].append((f - e) * 1000)
        stages["store.save"].append((g - f) * 1000)
        stages["total"].append((b - a + g - d) * 1000)
        stages["cpu: assess"].append(cpu * 1000)
        outcomes[decision.outcome] = outcomes.get(decision.outcome, 0) + 1
        found += cf is not None
    if store is not None:
        await store.aclose()
    tmp.cleanup()
    trees = getattr(model.estimator, "n_iter_", "?")
    print(f"model wohngeld-demo: {trees} trees, registry load {load_ms:.0f} ms; n={n} cases; "
          f"outcomes {outcomes}; counterfactual found for {found}/{n}; store={store_kind}")
    print(f"{'stage':26} {'p50':>7} {'p95':>7} {'p99':>7} {'mean':>7}  (ms)")
    for name, values in stages.items():
        print(f"{name:26} {pct(values, .5):7.2f} {pct(values, .95):7.2f} "
              f"{pct(values, .99):7.2f} {statistics.fmean(values):7.2f}")
    print("total = validate + assess + record + citizen_text + store.save (wall clock);")
    print("score+shap and counterfactual are the parts assess combines (measured separately);")
    print(f"cpu: assess = this thread's CPU time in assess; load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--store", choices=["sqlite", "postgres", "none"], default="sqlite")
    args = parser.parse_args()
    asyncio.run(run(args.n, args.store))


if __name__ == "__main__":
    main()
