"""Random raw decision data for the fairness tests (small, seeded)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pandas as pd

from fairness import CountCell, CountTable, DecisionRecord

T0 = datetime(2026, 1, 1, tzinfo=UTC)
SEXES = ("f", "m", "d")
AGE_BANDS = ("18-29", "30-44", "45-64", "65+")
NATIONALITY = ("de", "eu", "non-eu")


def random_decisions(
    seed: int,
    n: int,
    *,
    model_id: str = "wohngeld",
    label_share: float = 0.7,
    missing_share: float = 0.0,
) -> list[DecisionRecord]:
    """Decisions with group-dependent selection and error rates, some outcomes unknown."""
    rng = random.Random(seed)
    bias = {s: rng.uniform(0.2, 0.7) for s in SEXES}
    records = []
    for i in range(n):
        sex = rng.choices(SEXES, weights=(48, 48, 4))[0]
        attributes = {
            "sex": sex,
            "age_band": rng.choice(AGE_BANDS),
            "nationality_group": rng.choices(NATIONALITY, weights=(70, 20, 10))[0],
        }
        if rng.random() < missing_share:
            attributes.pop("nationality_group")
        truth = 1 if rng.random() < 0.5 else 0
        favour = bias[sex] + (0.25 if truth else -0.1)
        prediction = 1 if rng.random() < favour else 0
        outcome = truth if rng.random() < label_share else None
        records.append(
            DecisionRecord(
                model_id=model_id,
                model_version=rng.choice(("1.0", "1.1")),
                decision_id=f"{model_id}-{seed}-{i}",
                decided_at=T0 + timedelta(minutes=i),
                prediction=prediction,
                score=round(rng.random(), 4),
                outcome=outcome,
                attributes=attributes,
            )
        )
    return records


def raw_frame(records: Sequence[DecisionRecord]) -> pd.DataFrame:
    """One row per decision, attributes as columns (None where missing)."""
    return pd.DataFrame(
        [
            {
                "prediction": r.prediction,
                "outcome": r.outcome,
                "version": r.model_version,
                **{a: r.attributes.get(a) for a in ("sex", "age_band", "nationality_group")},
            }
            for r in records
        ]
    )


def count_table(records: Sequence[DecisionRecord], model_id: str = "wohngeld") -> CountTable:
    """What the store's GROUP BY returns, computed in Python."""
    counts: dict[tuple[object, ...], int] = {}
    for r in records:
        key = (tuple(sorted(r.attributes.items())), r.prediction, r.outcome)
        counts[key] = counts.get(key, 0) + 1
    return CountTable(
        model_id=model_id,
        cells=tuple(
            CountCell(attributes=k[0], prediction=k[1], outcome=k[2], n=v)  # type: ignore[arg-type]
            for k, v in counts.items()
        ),
    )


def decisions_from_counts(
    groups: dict[str, tuple[int, int, int, int, int, int]],
    *,
    attribute: str = "sex",
    model_id: str = "wohngeld",
    start: datetime = T0,
    extra: dict[str, str] | None = None,
) -> list[DecisionRecord]:
    """Decisions with exact counts per group.

    Counts are (TP, FP, TN, FN, selected without outcome, rejected without outcome).
    """
    kinds = ((1, 1), (1, 0), (0, 0), (0, 1), (1, None), (0, None))
    records = []
    for value, counts in groups.items():
        for (prediction, outcome), count in zip(kinds, counts, strict=True):
            for _ in range(count):
                i = len(records)
                records.append(
                    DecisionRecord(
                        model_id=model_id,
                        model_version="1",
                        decision_id=f"{model_id}-{start:%Y%m%d%H%M}-{i}",
                        decided_at=start + timedelta(seconds=i),
                        prediction=prediction,
                        outcome=outcome,
                        attributes={attribute: value, **(extra or {})},
                    )
                )
    return records
