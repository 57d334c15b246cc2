"""Scale benchmark of fairness audits on PostgreSQL.

Loads generated decisions with COPY (1 M for model ``bench-1m``, 10 M for ``bench-10m`` by
default) into a dedicated schema and times ``fairness.run_audit`` (aggregation query +
fairlearn MetricFrame + 1000 bootstrap replicates + storing the report).

Usage:
    .venv/bin/python bench/bench_fairness.py \
        --url postgresql://postgres@127.0.0.1:5432/test --sizes 1000000 10000000 --repeat 3

``--keep`` reuses already loaded data of the same size (skips the load).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fairness import FairnessThresholds, open_fairness_store, run_audit
from fairness.store import attribute_key

SEXES = ("f", "m", "d")
AGE_BANDS = ("18-29", "30-44", "45-64", "65+")
NATIONALITY = ("de", "eu", "non-eu")
T0 = datetime(2026, 1, 1, tzinfo=UTC)
CHUNK = 1_000_000


def _schema_url(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def _attribute_sets() -> list[dict[str, str]]:
    return [
        {"sex": s, "age_band": a, "nationality_group": n}
        for s in SEXES
        for a in AGE_BANDS
        for n in NATIONALITY
    ]


def _chunk(
    model: str, start: int, size: int, set_ids: np.ndarray, series_ids: np.ndarray, seed: int
) -> bytes:
    rng = np.random.default_rng(seed)
    combo = rng.choice(len(set_ids), size=size, p=_combo_weights())
    sex = combo // (len(AGE_BANDS) * len(NATIONALITY))
    truth = rng.random(size) < 0.5
    favour = np.array([0.45, 0.38, 0.30])[sex] + np.where(truth, 0.25, -0.1)
    prediction = (rng.random(size) < favour).astype(np.int8)
    labeled = rng.random(size) < 0.6
    seconds = np.sort(rng.integers(0, 90 * 86400, size=size))
    frame = pd.DataFrame(
        {
            "decision_id": [f"{model}-{i:09d}" for i in range(start, start + size)],
            "series_id": series_ids[(rng.random(size) < 0.5).astype(int)],
            "decided_at": (pd.Timestamp(T0) + pd.to_timedelta(seconds, unit="s")).strftime(
                "%Y-%m-%d %H:%M:%S+00"
            ),
            "prediction": prediction,
            "score": np.round(rng.random(size), 4),
            "outcome": pd.array(np.where(labeled, truth.astype(int), -1)).astype("Int64"),
            "attribute_set_id": set_ids[combo],
        }
    )
    frame.loc[~labeled, "outcome"] = pd.NA
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False, na_rep="")
    return buffer.getvalue().encode()


def _combo_weights() -> np.ndarray:
    weights = []
    for s in (0.48, 0.48, 0.04):
        for _a in AGE_BANDS:
            for n in (0.7, 0.2, 0.1):
                weights.append(s * n / len(AGE_BANDS))
    array = np.array(weights)
    return array / array.sum()


def load(url: str, model: str, size: int) -> float:
    """Bulk-loads ``size`` decisions of ``model`` with COPY; returns seconds."""
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        series = []
        for version in ("1.0", "1.1"):
            conn.execute(
                "INSERT INTO fairness_series (model_id, model_version) VALUES (%s, %s)"
                " ON CONFLICT DO NOTHING",
                (model, version),
            )
            row = conn.execute(
                "SELECT id FROM fairness_series WHERE model_id = %s AND model_version = %s",
                (model, version),
            ).fetchone()
            assert row is not None
            series.append(row[0])
        series_ids = np.array(series)
        conn.execute("DELETE FROM fairness_decisions WHERE series_id = ANY(%s)", (series,))
        ids = []
        for attrs in _attribute_sets():
            key = attribute_key(attrs)
            conn.execute(
                "INSERT INTO fairness_attribute_sets (attributes) VALUES (%s)"
                " ON CONFLICT DO NOTHING",
                (key,),
            )
            row = conn.execute(
                "SELECT id FROM fairness_attribute_sets WHERE attributes = %s", (key,)
            ).fetchone()
            assert row is not None
            ids.append(row[0])
        set_ids = np.array(ids)
        with conn.cursor() as cur:
            for offset in range(0, size, CHUNK):
                n = min(CHUNK, size - offset)
                data = _chunk(model, offset, n, set_ids, series_ids, seed=offset // CHUNK + size)
                with cur.copy(
                    "COPY fairness_decisions (decision_id, series_id, decided_at,"
                    " prediction, score, outcome, attribute_set_id) FROM STDIN (FORMAT csv)"
                ) as copy:
                    copy.write(data)
                print(f"  loaded {offset + n:>11,} / {size:,}", file=sys.stderr, flush=True)
        conn.execute("VACUUM (ANALYZE) fairness_decisions")
    return time.perf_counter() - started


def loaded_rows(url: str, model: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM fairness_decisions d JOIN fairness_series s"
            " ON s.id = d.series_id WHERE s.model_id = %s",
            (model,),
        ).fetchone()
    return int(row[0]) if row else 0


async def time_audits(url: str, model: str, repeat: int) -> list[tuple[float, float, float, int]]:
    store = await open_fairness_store(url)
    results = []
    try:
        for _ in range(repeat):
            until = T0 + timedelta(days=91)
            started = time.perf_counter()
            table = await store.confusion_counts(model, since=None, until=until)
            query_s = time.perf_counter() - started
            started, cpu = time.perf_counter(), time.process_time()
            report = await run_audit(
                store, model_id=model, thresholds=FairnessThresholds(), until=until
            )
            total_s, cpu_s = time.perf_counter() - started, time.process_time() - cpu
            assert report.n_decisions == table.total
            results.append((total_s, query_s, cpu_s, report.n_decisions))
    finally:
        await store.close()
    return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--schema", default="bench_fairness")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse loaded data")
    args = parser.parse_args()

    with psycopg.connect(args.url, autocommit=True) as conn:
        if not args.keep:
            conn.execute(f'DROP SCHEMA IF EXISTS "{args.schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{args.schema}"')
    url = _schema_url(args.url, args.schema)
    store = await open_fairness_store(url)  # runs the migrations
    await store.close()

    print(
        "| decisions | load (COPY) s | audit s (runs) | median s | of which SQL s"
        " | Python CPU s | load avg |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|")
    for size in args.sizes:
        model = f"bench-{size // 1_000_000}m" if size >= 1_000_000 else f"bench-{size}"
        load_s = float("nan")
        if not (args.keep and loaded_rows(url, model) == size):
            print(f"loading {size:,} decisions for {model}", file=sys.stderr)
            load_s = load(url, model, size)
        runs = await time_audits(url, model, args.repeat)
        totals = [r[0] for r in runs]
        print(
            f"| {size:,} | {load_s:.1f} | {', '.join(f'{t:.2f}' for t in totals)} | "
            f"{statistics.median(totals):.2f} | {statistics.median(r[1] for r in runs):.2f} | "
            f"{statistics.median(r[2] for r in runs):.2f} | {os.getloadavg()[0]:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    asyncio.run(main())
