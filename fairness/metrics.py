"""Fairness metrics from aggregated confusion counts.

Point estimates come from fairlearn's ``MetricFrame`` run on the aggregated frame (one row per
group x prediction x outcome, ``sample_weight`` = number of decisions), which is exactly what
fairlearn computes on the raw rows.

Intervals:

* a group's rate (selection rate, TPR, FPR, FNR) gets the Clopper-Pearson exact binomial
  interval from its counts: it holds its coverage for any group size and is never of zero
  width (0 of 2 selected gives [0, 0.842] at 95 %, where a bootstrap gives [0, 0]);
* differences and ratios between groups get a percentile bootstrap that resamples the count
  vector with a multinomial draw, i.e. resampling decisions with replacement without ever
  materialising them, ``replicates`` draws as stored in the report; draws in which the metric
  is undefined are left out and the number used is stored with the interval. (MetricFrame's
  own ``n_boot`` would resample the aggregated rows, not the decisions, and is not used.)
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from fairlearn.metrics import MetricFrame, selection_rate
from scipy.stats import beta

from fairness.errors import MetricConsistencyError
from fairness.thresholds import FairnessThresholds
from fairness.types import (
    AttributeAudit,
    AttributeStatus,
    CountCell,
    CountTable,
    Estimate,
    GroupMetrics,
)

# Confusion cell kinds (columns of the per-group count matrix).
TP, FP, TN, FN, UNKNOWN_SELECTED, UNKNOWN_REJECTED = range(6)
_KINDS = 6
GROUP_SEPARATOR = " × "
CONSISTENCY_TOLERANCE = 1e-9
FOUR_FIFTHS = 0.8

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class _Cells:
    prediction: IntArray
    outcome: IntArray  # -1 = unknown
    n: IntArray
    kind: IntArray
    attributes: tuple[dict[str, str], ...]


def _cells(table: CountTable) -> _Cells:
    prediction = np.array([c.prediction for c in table.cells], dtype=np.int64)
    outcome = np.array([-1 if c.outcome is None else c.outcome for c in table.cells], np.int64)
    n = np.array([c.n for c in table.cells], dtype=np.int64)
    kind = np.where(
        outcome < 0,
        np.where(prediction == 1, UNKNOWN_SELECTED, UNKNOWN_REJECTED),
        np.where(prediction == 1, np.where(outcome == 1, TP, FP), np.where(outcome == 1, FN, TN)),
    ).astype(np.int64)
    return _Cells(
        prediction=prediction,
        outcome=outcome,
        n=n,
        kind=kind,
        attributes=tuple(dict(c.attributes) for c in table.cells),
    )


def audited_specs(table: CountTable, thresholds: FairnessThresholds) -> list[tuple[str, ...]]:
    """Single attributes, then intersections, in a stable order."""
    if thresholds.attributes is not None:
        names = list(thresholds.attributes)
    else:
        names = sorted({k for c in table.cells for k, _ in c.attributes})
    specs: list[tuple[str, ...]] = [(name,) for name in names]
    if thresholds.intersections is not None:
        specs.extend(tuple(c) for c in thresholds.intersections)
    else:
        specs.extend(itertools.combinations(names, 2))
    return specs


@dataclass(frozen=True, slots=True)
class _Spec:
    features: tuple[str, ...]
    labels: list[tuple[str, ...]]
    group_of_cell: IntArray  # -1 = attribute missing
    counts: IntArray  # (G, 6)
    n_missing: int


def _spec(cells: _Cells, features: tuple[str, ...]) -> _Spec:
    keys: list[tuple[str, ...] | None] = []
    for attrs in cells.attributes:
        values = tuple(attrs[f] for f in features if f in attrs)
        keys.append(values if len(values) == len(features) else None)
    labels = sorted({k for k in keys if k is not None})
    index = {label: i for i, label in enumerate(labels)}
    group = np.array([-1 if k is None else index[k] for k in keys], dtype=np.int64)
    counts = np.zeros((len(labels), _KINDS), dtype=np.int64)
    present = group >= 0
    np.add.at(counts, (group[present], cells.kind[present]), cells.n[present])
    return _Spec(
        features=features,
        labels=labels,
        group_of_cell=group,
        counts=counts,
        n_missing=int(cells.n[~present].sum()),
    )


def _rates(counts: FloatArray) -> dict[str, FloatArray]:
    """Rates from (..., G, 6) counts; NaN where a denominator is zero."""
    tp, fp, tn, fn = (counts[..., k] for k in (TP, FP, TN, FN))
    n = counts.sum(axis=-1)
    selected = tp + fp + counts[..., UNKNOWN_SELECTED]
    positives, negatives = tp + fn, fp + tn
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "n": n,
            "selection_rate": selected / n,
            "tpr": tp / positives,
            "fpr": fp / negatives,
            "fnr": fn / positives,
        }


def _range(values: FloatArray) -> FloatArray:
    """max - min over the last axis, ignoring NaN (NaN when nothing is left)."""
    result: FloatArray = np.fmax.reduce(values, axis=-1) - np.fmin.reduce(values, axis=-1)
    return result


def _ratio(values: FloatArray) -> FloatArray:
    low = np.fmin.reduce(values, axis=-1)
    high = np.fmax.reduce(values, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = np.where(high > 0, low / high, np.nan)
    return result


def _rate(
    y_true: IntArray, y_pred: IntArray, *, sample_weight: FloatArray, pos_label: int = 1
) -> float:
    """fairlearn's weighted selection rate; NaN (not 0/0) for a group without weight."""
    if not sample_weight.any():
        return math.nan
    return float(selection_rate(y_true, y_pred, pos_label=pos_label, sample_weight=sample_weight))


_METRIC_NAMES = ("selection_rate", "tpr", "fpr", "fnr")


def _fairlearn_by_group(
    cells: _Cells, specs: Sequence[_Spec]
) -> list[dict[str, dict[tuple[str, ...], float]]]:
    """fairlearn MetricFrame on the aggregated frames of all specs, weighted by the counts.

    Each spec contributes one row per group x prediction x outcome with ``sample_weight`` =
    number of decisions. The specs' frames are stacked under one sensitive feature (a code
    per spec and group), so a single MetricFrame evaluates every group of every attribute and
    intersection; each group's rows are exactly its own cells, so the numbers are those of a
    MetricFrame per attribute, at a fraction of the pandas overhead.

    The error rates are conditional selection rates, P(pred=1 | outcome=1) etc., obtained by
    giving every other row (including rows without ground truth) a weight of zero. This is
    what ``true_positive_rate`` & co. compute, without sklearn's per-call validation cost,
    and the tests compare it with fairlearn's ``true_positive_rate`` on raw rows.
    """
    codes, outcome, prediction, weight = [], [], [], []
    offset = 0
    for spec in specs:
        mask = spec.group_of_cell >= 0
        codes.append(spec.group_of_cell[mask] + offset)
        outcome.append(cells.outcome[mask])
        prediction.append(cells.prediction[mask])
        weight.append(cells.n[mask].astype(np.float64))
        offset += len(spec.labels)
    results: list[dict[str, dict[tuple[str, ...], float]]] = [
        {name: {} for name in _METRIC_NAMES} for _ in specs
    ]
    if offset == 0:
        return results
    all_outcome = np.concatenate(outcome)
    all_weight = np.concatenate(weight)
    frame = MetricFrame(
        metrics={
            "selection_rate": _rate,
            "tpr": _rate,
            "fpr": _rate,
            "fnr": functools.partial(_rate, pos_label=0),
        },
        y_true=np.where(all_outcome >= 0, all_outcome, 0),
        y_pred=np.concatenate(prediction),
        sensitive_features=pd.Series(np.concatenate(codes), name="group"),
        sample_params={
            "selection_rate": {"sample_weight": all_weight},
            "tpr": {"sample_weight": np.where(all_outcome == 1, all_weight, 0.0)},
            "fpr": {"sample_weight": np.where(all_outcome == 0, all_weight, 0.0)},
            "fnr": {"sample_weight": np.where(all_outcome == 1, all_weight, 0.0)},
        },
    )
    by_group = frame.by_group
    owner = [(i, label) for i, spec in enumerate(specs) for label in spec.labels]
    for name in _METRIC_NAMES:
        for code, value in by_group[name].items():
            index, label = owner[int(code)]
            results[index][name][label] = float(value)
    return results


@dataclass(frozen=True, slots=True)
class BootstrapSettings:
    """Percentile-bootstrap parameters (``replicates=0`` disables intervals)."""

    replicates: int
    confidence: float
    seed: int


def _interval(samples: FloatArray, confidence: float) -> tuple[float | None, float | None]:
    finite = samples[~np.isnan(samples)]
    if finite.size == 0:
        return None, None
    alpha = (1.0 - confidence) / 2.0
    low, high = np.percentile(finite, [100 * alpha, 100 * (1 - alpha)])
    return float(low), float(high)


def clopper_pearson(k: int, n: int, confidence: float) -> tuple[float, float] | None:
    """Exact binomial interval of k successes in n trials (None for n = 0)."""
    if n <= 0:
        return None
    alpha = 1.0 - confidence
    low = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return low, high


def _group_estimate(value: float, k: int, n: int, confidence: float) -> Estimate:
    bounds = clopper_pearson(k, n, confidence)
    if bounds is None:
        return Estimate(value=value)
    return Estimate(value=value, ci_low=bounds[0], ci_high=bounds[1], method="clopper_pearson")


def _estimate(value: float, samples: FloatArray | None, confidence: float) -> Estimate:
    if samples is None:
        return Estimate(value=value)
    low, high = _interval(samples, confidence)
    if low is None:
        return Estimate(value=value)
    return Estimate(
        value=value, ci_low=low, ci_high=high, method="bootstrap_percentile",
        draws=int(np.count_nonzero(~np.isnan(samples))),
    )


def _check(name: str, fairlearn_value: float, count_value: float) -> None:
    if not math.isclose(fairlearn_value, count_value, rel_tol=0, abs_tol=CONSISTENCY_TOLERANCE):
        raise MetricConsistencyError(
            f"{name}: fairlearn {fairlearn_value!r} != counts {count_value!r}"
        )


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def _cell_order(cell: CountCell) -> tuple[object, ...]:
    return (cell.attributes, cell.prediction, -1 if cell.outcome is None else cell.outcome)


def audit_attributes(
    table: CountTable,
    thresholds: FairnessThresholds,
    bootstrap: BootstrapSettings,
) -> tuple[AttributeAudit, ...]:
    """Audits every attribute and intersection found in (or configured for) the table.

    Args:
        table: aggregated counts from the store (must not be empty).
        thresholds: limits and the minimum group size.
        bootstrap: confidence interval settings.
    """
    # A fixed cell order makes a seeded bootstrap reproducible across databases.
    cells = _cells(
        CountTable(
            model_id=table.model_id,
            cells=tuple(
                sorted(
                    table.cells,
                    key=lambda c: (
                        c.attributes,
                        c.prediction,
                        -1 if c.outcome is None else c.outcome,
                    ),
                )
            ),
        )
    )
    draws: FloatArray | None = None
    total = int(cells.n.sum())
    if bootstrap.replicates > 0 and total > 0:
        rng = np.random.default_rng(bootstrap.seed)
        draws = rng.multinomial(total, cells.n / total, size=bootstrap.replicates).astype(
            np.float64
        )
    specs = [_spec(cells, features) for features in audited_specs(table, thresholds)]
    fairlearn_values = _fairlearn_by_group(cells, specs)
    return tuple(
        _audit_spec(cells, spec, values, thresholds, draws, bootstrap.confidence)
        for spec, values in zip(specs, fairlearn_values, strict=True)
    )


def _audit_spec(
    cells: _Cells,
    spec: _Spec,
    fairlearn_values: dict[str, dict[tuple[str, ...], float]],
    thresholds: FairnessThresholds,
    draws: FloatArray | None,
    confidence: float,
) -> AttributeAudit:
    name = GROUP_SEPARATOR.join(spec.features)
    counts = spec.counts.astype(np.float64)
    rates = _rates(counts)
    n = spec.counts.sum(axis=1)
    labeled = spec.counts[:, [TP, FP, TN, FN]].sum(axis=1)
    positives = spec.counts[:, TP] + spec.counts[:, FN]
    negatives = spec.counts[:, FP] + spec.counts[:, TN]
    sufficient = n >= thresholds.min_group_size
    eo_eligible = (labeled >= thresholds.min_group_size) & (positives > 0) & (negatives > 0)

    boot: dict[str, FloatArray] | None = None
    if draws is not None and spec.labels:
        onehot = np.zeros((len(spec.group_of_cell), len(spec.labels) * _KINDS))
        present = np.flatnonzero(spec.group_of_cell >= 0)
        onehot[present, spec.group_of_cell[present] * _KINDS + cells.kind[present]] = 1.0
        boot = _rates((draws @ onehot).reshape(draws.shape[0], len(spec.labels), _KINDS))

    groups: list[GroupMetrics] = []
    for g, label in enumerate(spec.labels):
        sel_value = fairlearn_values["selection_rate"][label]
        selected = int(
            spec.counts[g, TP] + spec.counts[g, FP] + spec.counts[g, UNKNOWN_SELECTED]
        )
        _check(f"selection rate {label}", sel_value, float(rates["selection_rate"][g]))
        error_estimates: dict[str, Estimate | None] = {}
        for metric, k, of in (
            ("tpr", spec.counts[g, TP], positives[g]),
            ("fpr", spec.counts[g, FP], negatives[g]),
            ("fnr", spec.counts[g, FN], positives[g]),
        ):
            defined = of > 0
            if not defined:
                # fairlearn reports 0 for an empty denominator; "undefined" is the truth.
                error_estimates[metric] = None
                continue
            value = fairlearn_values[metric][label]
            _check(f"{metric} {label}", value, float(rates[metric][g]))
            error_estimates[metric] = _group_estimate(value, int(k), int(of), confidence)
        groups.append(
            GroupMetrics(
                group=GROUP_SEPARATOR.join(label),
                values=label,
                n=int(n[g]),
                n_labeled=int(labeled[g]),
                selected=selected,
                tp=int(spec.counts[g, TP]),
                fp=int(spec.counts[g, FP]),
                tn=int(spec.counts[g, TN]),
                fn=int(spec.counts[g, FN]),
                sufficient=bool(sufficient[g]),
                selection_rate=_group_estimate(sel_value, selected, int(n[g]), confidence),
                tpr=error_estimates["tpr"],
                fpr=error_estimates["fpr"],
                fnr=error_estimates["fnr"],
            )
        )
    return _judge(name, spec, groups, sufficient, eo_eligible, thresholds, boot, confidence)


def _judge(
    name: str,
    spec: _Spec,
    groups: Sequence[GroupMetrics],
    sufficient: npt.NDArray[np.bool_],
    eo_eligible: npt.NDArray[np.bool_],
    thresholds: FairnessThresholds,
    boot: dict[str, FloatArray] | None,
    confidence: float,
) -> AttributeAudit:
    violations: list[str] = []  # threshold breaches: these make the attribute fail
    notes: list[str] = []

    def done(status: AttributeStatus, **metrics: object) -> AttributeAudit:
        return AttributeAudit(
            attribute=name,
            features=spec.features,
            status=status,
            reasons=(*violations, *notes),
            violations=tuple(violations),
            n_missing=spec.n_missing,
            groups=tuple(groups),
            **metrics,  # type: ignore[arg-type]
        )

    if not groups:
        notes.append(f"{name}: not recorded for any decision in the window")
        return done("not_auditable")
    if len(groups) == 1:
        notes.append(f"{name}: only one group ({groups[0].group!r}) present; nothing to compare")
        return done("not_auditable")
    minimum = thresholds.min_group_size
    if int(sufficient.sum()) < 2:
        notes.append(f"{name}: fewer than two groups with at least {minimum} decisions")
    small = [g.group for g in groups if not g.sufficient]
    if small:
        notes.append(
            f"{name}: insufficient data (< {minimum} decisions) for "
            + ", ".join(repr(s) for s in small)
        )
    if int(sufficient.sum()) < 2:
        return done("insufficient_data")

    sel = np.array([g.selection_rate.value for g in groups])[sufficient]
    dp_diff = float(sel.max() - sel.min())
    boot_sel = None if boot is None else boot["selection_rate"][:, sufficient]
    metrics: dict[str, object] = {
        "demographic_parity_difference": _estimate(
            dp_diff, None if boot_sel is None else _range(boot_sel), confidence
        )
    }
    if sel.max() > 0:
        dp_ratio = float(sel.min() / sel.max())
        metrics["demographic_parity_ratio"] = _estimate(
            dp_ratio, None if boot_sel is None else _ratio(boot_sel), confidence
        )
        metrics["four_fifths_rule_met"] = dp_ratio >= FOUR_FIFTHS
        if dp_ratio < thresholds.min_dp_ratio:
            violations.append(
                f"{name}: demographic parity ratio {_fmt(dp_ratio)} is below the minimum "
                f"{_fmt(thresholds.min_dp_ratio)}"
            )
    else:
        notes.append(f"{name}: no group was ever selected; parity ratio undefined")
    if thresholds.max_dp_difference is not None and dp_diff > thresholds.max_dp_difference:
        violations.append(
            f"{name}: demographic parity difference {_fmt(dp_diff)} exceeds the maximum "
            f"{_fmt(thresholds.max_dp_difference)}"
        )

    if int(eo_eligible.sum()) >= 2:
        tpr = np.array([g.tpr.value if g.tpr else np.nan for g in groups])[eo_eligible]
        fpr = np.array([g.fpr.value if g.fpr else np.nan for g in groups])[eo_eligible]
        eo = float(max(tpr.max() - tpr.min(), fpr.max() - fpr.min()))
        boot_eo = None
        if boot is not None:
            boot_eo = np.fmax(
                _range(boot["tpr"][:, eo_eligible]), _range(boot["fpr"][:, eo_eligible])
            )
        metrics["equalized_odds_difference"] = _estimate(eo, boot_eo, confidence)
        if eo > thresholds.max_equalized_odds_difference:
            violations.append(
                f"{name}: equalized odds difference {_fmt(eo)} exceeds the maximum "
                f"{_fmt(thresholds.max_equalized_odds_difference)}"
            )
    else:
        notes.append(
            f"{name}: equalized odds not assessed (fewer than two groups with at least "
            f"{minimum} decisions with known outcome of both kinds)"
        )
    return done("failing" if violations else "passing", **metrics)
