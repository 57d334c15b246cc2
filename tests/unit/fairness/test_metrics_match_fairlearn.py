"""The audit's numbers equal fairlearn's on the raw rows (the central correctness claim)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)

from fairness import (
    AttributeAudit,
    AuditReport,
    FairnessStore,
    FairnessThresholds,
    MetricConsistencyError,
    build_report,
    run_audit,
)

from .data import T0, count_table, random_decisions, raw_frame

EXACT = 1e-12
SPECS = (("sex",), ("age_band",), ("nationality_group",), ("sex", "age_band"))


def _attribute(report: AuditReport, features: tuple[str, ...]) -> AttributeAudit:
    return next(a for a in report.attributes if a.features == features)


def _only(rows: pd.DataFrame, features: tuple[str, ...], groups: list[object]) -> pd.DataFrame:
    keys = pd.MultiIndex.from_frame(rows[list(features)])
    wanted = [g if isinstance(g, tuple) else (g,) for g in groups]
    return rows[keys.isin(wanted)]


def _assert_matches_raw(report: AuditReport, raw: pd.DataFrame, min_group_size: int) -> None:
    for features in SPECS:
        audit = _attribute(report, features)
        rows = raw.dropna(subset=list(features))
        sf = rows[list(features)]
        groups = rows.groupby(list(features)).size()
        assert sorted(g.values for g in audit.groups) == sorted(
            k if isinstance(k, tuple) else (k,) for k in groups.index
        )
        assert audit.n_missing == len(raw) - len(rows)
        frame = MetricFrame(
            metrics=selection_rate,
            y_true=rows["prediction"],
            y_pred=rows["prediction"],
            sensitive_features=sf,
        )
        labeled = rows[rows["outcome"].notna()]
        errors = (
            None
            if labeled.empty
            else MetricFrame(
                metrics={
                    "tpr": true_positive_rate,
                    "fpr": false_positive_rate,
                    "fnr": false_negative_rate,
                },
                y_true=labeled["outcome"].astype(int),
                y_pred=labeled["prediction"],
                sensitive_features=labeled[list(features)],
            )
        )
        label_counts = {
            (k if isinstance(k, tuple) else (k,)): (
                len(g),
                int((g["outcome"] == 1).sum()),
                int((g["outcome"] == 0).sum()),
            )
            for k, g in labeled.groupby(list(features))
        }
        for group in audit.groups:
            key = group.values if len(features) > 1 else group.values[0]
            assert group.n == groups[key]
            assert group.selection_rate.value == pytest.approx(frame.by_group[key], abs=EXACT)
            n_labeled, positives, negatives = label_counts.get(group.values, (0, 0, 0))
            assert group.n_labeled == n_labeled
            for name in ("tpr", "fpr", "fnr"):
                estimate = getattr(group, name)
                defined = positives > 0 if name != "fpr" else negatives > 0
                if not defined:
                    assert estimate is None
                else:
                    assert errors is not None
                    assert estimate.value == pytest.approx(errors.by_group[name][key], abs=EXACT)
        sufficient = [k for k, v in groups.items() if v >= min_group_size]
        if len(groups) < 2 or len(sufficient) < 2:
            assert audit.demographic_parity_difference is None
            continue
        keep = _only(rows, features, sufficient)
        ksf = keep[list(features)]
        dpd = demographic_parity_difference(
            keep["prediction"], keep["prediction"], sensitive_features=ksf
        )
        dpr = demographic_parity_ratio(
            keep["prediction"], keep["prediction"], sensitive_features=ksf
        )
        assert audit.demographic_parity_difference is not None
        assert audit.demographic_parity_difference.value == pytest.approx(dpd, abs=EXACT)
        assert audit.demographic_parity_ratio is not None
        assert audit.demographic_parity_ratio.value == pytest.approx(dpr, abs=EXACT)
        assert audit.four_fifths_rule_met == (dpr >= 0.8)

        klab = keep[keep["outcome"].notna()]
        label_groups = klab.groupby(list(features))["outcome"].agg(["size", "min", "max"])
        eligible = [
            k
            for k, row in label_groups.iterrows()
            if row["size"] >= min_group_size and row["min"] == 0 and row["max"] == 1
        ]
        if len(eligible) < 2:
            assert audit.equalized_odds_difference is None
            continue
        eo_rows = _only(klab, features, eligible)
        eod = equalized_odds_difference(
            eo_rows["outcome"].astype(int),
            eo_rows["prediction"],
            sensitive_features=eo_rows[list(features)],
        )
        assert audit.equalized_odds_difference is not None
        assert audit.equalized_odds_difference.value == pytest.approx(eod, abs=EXACT)


THRESHOLDS = FairnessThresholds(min_group_size=25, intersections=(("sex", "age_band"),))


@pytest.mark.parametrize(
    ("seed", "n", "label_share", "missing_share"),
    [
        (1, 500, 0.3, 0.1),
        (2, 800, 1.0, 0.0),
        (3, 250, 0.0, 0.2),
    ],
)
async def test_when_audited_in_the_database_then_metrics_equal_fairlearn_on_raw_rows(
    store: FairnessStore, seed: int, n: int, label_share: float, missing_share: float
) -> None:
    records = random_decisions(seed, n, label_share=label_share, missing_share=missing_share)
    await store.record_decisions(records)

    report = await run_audit(
        store,
        model_id="wohngeld",
        thresholds=THRESHOLDS,
        until=T0 + timedelta(days=365),
        bootstrap_replicates=50,
        seed=seed,
    )

    assert report.n_decisions == n
    _assert_matches_raw(report, raw_frame(records), THRESHOLDS.min_group_size)


@pytest.mark.parametrize(
    ("seed", "n", "min_group_size"),
    [(10, 300, 1), (11, 600, 40), (12, 800, 200)],
)
def test_when_built_from_counts_then_metrics_equal_fairlearn_on_raw_rows(
    seed: int, n: int, min_group_size: int
) -> None:
    records = random_decisions(seed, n, label_share=0.6, missing_share=0.05)
    thresholds = FairnessThresholds(min_group_size=min_group_size, intersections=SPECS[3:])

    report = build_report(
        count_table(records),
        thresholds=thresholds,
        since=None,
        until=T0 + timedelta(days=1),
        bootstrap_replicates=0,
    )

    _assert_matches_raw(report, raw_frame(records), min_group_size)


@pytest.mark.parametrize("seed", [2])
async def test_when_window_and_version_filter_then_only_those_rows_are_counted(
    store: FairnessStore, seed: int
) -> None:
    records = random_decisions(seed, 600)
    await store.record_decisions(records)
    since, until = T0 + timedelta(minutes=100), T0 + timedelta(minutes=450)
    chosen = [r for r in records if since <= r.decided_at < until and r.model_version == "1.1"]

    report = await run_audit(
        store,
        model_id="wohngeld",
        thresholds=THRESHOLDS,
        since=since,
        until=until,
        model_version="1.1",
        bootstrap_replicates=0,
    )

    assert report.n_decisions == len(chosen)
    assert report.n_labeled == sum(r.outcome is not None for r in chosen)
    _assert_matches_raw(report, raw_frame(chosen), THRESHOLDS.min_group_size)


def test_when_bootstrapped_then_intervals_bracket_estimates_and_seed_reproduces() -> None:
    table = count_table(random_decisions(7, 2000))
    until = T0 + timedelta(days=2)

    first = build_report(
        table, thresholds=THRESHOLDS, since=None, until=until, seed=42, bootstrap_replicates=300
    )
    again = build_report(
        table, thresholds=THRESHOLDS, since=None, until=until, seed=42, bootstrap_replicates=300
    )
    other = build_report(
        table, thresholds=THRESHOLDS, since=None, until=until, seed=43, bootstrap_replicates=300
    )

    assert first.attributes == again.attributes
    assert first.attributes != other.attributes
    estimates = [
        e
        for a in first.attributes
        for e in (
            a.demographic_parity_difference,
            a.demographic_parity_ratio,
            a.equalized_odds_difference,
            *(g.selection_rate for g in a.groups),
            *(g.tpr for g in a.groups),
        )
        if e is not None
    ]
    assert len(estimates) > 20
    for e in estimates:
        assert e.ci_low is not None and e.ci_high is not None
        assert e.ci_low <= e.ci_high
        # The percentile interval of a smooth statistic brackets the point estimate.
        assert e.ci_low - 0.02 <= e.value <= e.ci_high + 0.02


def test_when_bootstrap_of_a_proportion_then_interval_matches_normal_approximation() -> None:
    records = random_decisions(8, 4000)
    report = build_report(
        count_table(records),
        thresholds=THRESHOLDS,
        since=None,
        until=T0 + timedelta(days=3),
        seed=1,
        bootstrap_replicates=2000,
    )
    group = next(g for g in _attribute(report, ("sex",)).groups if g.group == "f")
    p, n = group.selection_rate.value, group.n
    half_width = 1.96 * np.sqrt(p * (1 - p) / n)
    assert group.selection_rate.ci_low == pytest.approx(p - half_width, abs=0.01)
    assert group.selection_rate.ci_high == pytest.approx(p + half_width, abs=0.01)


def test_when_fairlearn_and_counts_disagree_then_audit_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fairness.metrics

    def skewed(*args: object, **kwargs: object) -> float:
        return float(selection_rate(*args, **kwargs)) + 0.01  # type: ignore[arg-type]

    monkeypatch.setattr(fairness.metrics, "selection_rate", skewed)

    with pytest.raises(MetricConsistencyError, match="fairlearn"):
        build_report(
            count_table(random_decisions(1, 200)),
            thresholds=THRESHOLDS,
            since=None,
            until=T0 + timedelta(days=1),
            bootstrap_replicates=0,
        )
