"""Counterfactuals: the smallest change to citizen-changeable features that flips the outcome.

Search (fast, deterministic, no sampling):

1. every changeable feature alone, on a grid within its allowed range (all steps near the
   current value, geometrically spaced further away), scored in one batch;
2. the gap between the last non-flipping and the first flipping grid value of the best feature
   is refined step by step (one more batch);
3. only if no single feature flips: pairs of features on a coarse grid (one batch).

Cost is the change relative to the feature's range (1 for a bool/category change), so a change
of 100 € income and one of 100 € rent weigh by their ranges. The winner is re-scored from its
feature values before it is returned: a counterfactual is never a guess.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from explain.scoring import (
    FeatureValue,
    Matrix,
    ModelExplainer,
    Outcome,
    model_raw,
    outcome_for,
    vectorize,
)
from explain.spec import FeatureSpec, ModelSpec

NEAR_STEPS = 20  # every step this close to the current value is tried
FAR_POINTS = 24  # geometrically spaced grid points beyond that, per direction
PAIR_POINTS = 6  # grid points per direction and feature in the pair search
REFINE_MAX = 128


@dataclass(frozen=True, slots=True, kw_only=True)
class CounterfactualChange:
    """One feature that would have to change."""

    name: str
    from_value: FeatureValue
    to_value: FeatureValue


@dataclass(frozen=True, slots=True, kw_only=True)
class Counterfactual:
    """A verified alternative case with a different outcome.

    Attributes:
        target_outcome: the outcome the changed case gets.
        changes: the features to change (only citizen-changeable ones).
        probability: the model's probability of approval for the changed case (re-scored).
        cost: size of the change relative to the feature ranges (smaller is closer).
    """

    target_outcome: Outcome
    changes: tuple[CounterfactualChange, ...]
    probability: float
    cost: float


@dataclass(frozen=True, slots=True)
class _Grid:
    """Candidate values of one feature (model encoding), their costs and signed step counts."""

    index: int
    values: NDArray[Any]
    costs: NDArray[Any]
    ks: NDArray[Any]  # 0 for bool/category


@dataclass(frozen=True, slots=True)
class _Hit:
    changes: tuple[tuple[int, float], ...]  # (feature index, encoded value)
    cost: float
    k: int = 0


def target_for(current: Outcome) -> Outcome:
    """Denied and grey-zone cases look for approval; approved cases for denial."""
    return "denied" if current == "approved" else "approved"


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    """An unverified counterfactual from the search; :func:`confirm` turns it into one."""

    current: Outcome
    target: Outcome
    features: dict[str, FeatureValue]
    changes: tuple[CounterfactualChange, ...]
    cost: float


def find_counterfactual(
    spec: ModelSpec,
    explainer: ModelExplainer,
    features: Mapping[str, FeatureValue],
    current: Outcome,
) -> Counterfactual | None:
    """Smallest verified change over citizen-changeable features; None if none is found.

    Args:
        spec: the model spec (ranges, steps, which features are changeable).
        explainer: the model's scorer.
        features: validated features of the case.
        current: the case's outcome.
    """
    proposal = search_counterfactual(spec, explainer, features, current)
    if proposal is None:
        return None
    raw = model_raw(spec, explainer, vectorize(spec, proposal.features))
    return confirm(spec, proposal, float(explainer.probability(raw)[0]))


def search_counterfactual(
    spec: ModelSpec,
    explainer: ModelExplainer,
    features: Mapping[str, FeatureValue],
    current: Outcome,
) -> Proposal | None:
    """Search only (with ``explainer.search_raw``); the result still needs :func:`confirm`."""
    target = target_for(current)
    base = vectorize(spec, features)
    changeable = [i for i, f in enumerate(spec.features) if f.citizen_changeable]
    grids = [_grid(spec, i, base[0, i], NEAR_STEPS, FAR_POINTS) for i in changeable]
    best = _best_single(spec, explainer, base, grids, target)
    if best is not None and best.k != 0:
        best = _refine(spec, explainer, base, grids, best, target) or best
    if best is None:
        coarse = [_grid(spec, i, base[0, i], 0, PAIR_POINTS) for i in changeable]
        best = _best_pair(spec, explainer, base, coarse, target)
    if best is None:
        return None
    changed = dict(features)
    changes = []
    for index, encoded in best.changes:
        feature = spec.features[index]
        value = _decode(feature, encoded)
        before = features[feature.name]
        changes.append(CounterfactualChange(name=feature.name, from_value=before, to_value=value))
        changed[feature.name] = value
    return Proposal(
        current=current, target=target, features=changed, changes=tuple(changes), cost=best.cost
    )


def confirm(spec: ModelSpec, proposal: Proposal, probability: float) -> Counterfactual | None:
    """Accept a proposal if the model's own probability for its features reaches the target.

    Args:
        spec: the model spec.
        proposal: from :func:`search_counterfactual`.
        probability: the model's probability for ``proposal.features`` (re-scored).
    """
    if outcome_for(spec, probability) != proposal.target:
        return None
    return Counterfactual(
        target_outcome=proposal.target,
        changes=proposal.changes,
        probability=probability,
        cost=proposal.cost,
    )


def _grid(spec: ModelSpec, index: int, value: float, near: int, far: int) -> _Grid:
    feature = spec.features[index]
    empty = _Grid(index, np.empty(0), np.empty(0), np.empty(0, dtype=np.int64))
    if feature.type == "bool":
        return _Grid(index, np.array([1.0 - value]), np.ones(1), np.zeros(1, dtype=np.int64))
    if feature.type == "category":
        assert feature.categories is not None
        positions = np.array([p for p in range(len(feature.categories)) if p != value], float)
        n_steps = max(1, len(feature.categories) - 1)
        return _Grid(
            index, positions, np.abs(positions - value) / n_steps,
            np.zeros(len(positions), dtype=np.int64),
        )
    assert feature.min is not None and feature.max is not None
    span = feature.max - feature.min
    if span <= 0:
        return empty
    step = _step(feature)
    parts: list[NDArray[Any]] = []
    for sign, limit in ((-1, value - feature.min), (1, feature.max - value)):
        k_max = int(limit // step)
        if k_max >= 1:
            parts.append(sign * _ks(k_max, near, far))
    if not parts:
        return empty
    ks = np.concatenate(parts)
    return _Grid(index, _encode_numeric(feature, value + ks * step), np.abs(ks) * step / span, ks)


def _step(feature: FeatureSpec) -> float:
    assert feature.min is not None and feature.max is not None
    step = feature.step or (1.0 if feature.type == "int" else (feature.max - feature.min) / 100)
    return max(1.0, float(round(step))) if feature.type == "int" else float(step)


@functools.lru_cache(maxsize=4096)
def _ks(k_max: int, near: int, far: int) -> NDArray[Any]:
    ks = np.unique(np.round(np.geomspace(1, k_max, far))).astype(np.int64)
    return np.union1d(np.arange(1, min(near, k_max) + 1, dtype=np.int64), ks)


def _encode_numeric(feature: FeatureSpec, values: NDArray[Any]) -> NDArray[Any]:
    assert feature.min is not None and feature.max is not None
    values = np.clip(values, feature.min, feature.max)
    return np.round(values) if feature.type == "int" else np.round(values, 2)


def _decode(feature: FeatureSpec, value: float) -> FeatureValue:
    if feature.type == "bool":
        return bool(value)
    if feature.type == "category":
        assert feature.categories is not None
        return feature.categories[int(value)]
    return int(value) if feature.type == "int" else float(value)


def _probabilities(
    explainer: ModelExplainer, rows: Matrix
) -> NDArray[Any]:
    return explainer.probability(explainer.search_raw(rows))


def _reached(spec: ModelSpec, probabilities: NDArray[Any], target: Outcome) -> NDArray[Any]:
    lo, hi = spec.grey_zone
    if target == "approved":
        return (probabilities > hi) & (probabilities >= spec.threshold)
    return (probabilities < lo) & (probabilities < spec.threshold)


def _best_single(
    spec: ModelSpec, explainer: ModelExplainer, base: Matrix, grids: list[_Grid], target: Outcome
) -> _Hit | None:
    total = sum(len(g.values) for g in grids)
    if total == 0:
        return None
    rows = np.repeat(base, total, axis=0)
    offset = 0
    for g in grids:
        rows[offset : offset + len(g.values), g.index] = g.values
        offset += len(g.values)
    hits = _reached(spec, _probabilities(explainer, rows), target)
    best: _Hit | None = None
    offset = 0
    for g in grids:
        mask = hits[offset : offset + len(g.values)]
        offset += len(g.values)
        if mask.any():
            j = int(np.flatnonzero(mask)[np.argmin(g.costs[mask])])
            if best is None or g.costs[j] < best.cost:
                best = _Hit(((g.index, float(g.values[j])),), float(g.costs[j]), int(g.ks[j]))
    return best


def _refine(
    spec: ModelSpec,
    explainer: ModelExplainer,
    base: Matrix,
    grids: list[_Grid],
    best: _Hit,
    target: Outcome,
) -> _Hit | None:
    """Narrow the gap between the best hit and the closest tried value before it to one step.

    Each pass tries up to REFINE_MAX evenly spaced steps in the gap; the gap shrinks by that
    factor per pass, so realistic ranges need one pass, at most a few.
    """
    grid = next(g for g in grids if g.index == best.changes[0][0])
    sign = 1 if best.k > 0 else -1
    tried = np.abs(grid.ks[grid.ks * sign > 0])
    below = int(tried[tried < abs(best.k)].max(initial=0))
    feature = spec.features[grid.index]
    assert feature.min is not None and feature.max is not None
    step = _step(feature)
    value = float(base[0, grid.index])
    improved: _Hit | None = None
    hit_k = abs(best.k)
    while hit_k - below > 1:
        stride = max(1, (hit_k - below - 1) // REFINE_MAX + 1)
        gap = np.arange(below + stride, hit_k, stride, dtype=np.int64)
        if len(gap) == 0:
            break
        refined = _Grid(
            grid.index,
            _encode_numeric(feature, value + sign * gap * step),
            gap * step / (feature.max - feature.min),
            sign * gap,
        )
        hit = _best_single(spec, explainer, base, [refined], target)
        if hit is None:
            # nothing flips in the gap at this resolution: the last stride is unexplored
            below = int(gap[-1])
        else:
            improved, hit_k = hit, abs(hit.k)
            below = hit_k - stride
        if stride == 1:
            break
    return improved


def _best_pair(
    spec: ModelSpec, explainer: ModelExplainer, base: Matrix, grids: list[_Grid], target: Outcome
) -> _Hit | None:
    blocks: list[tuple[_Grid, _Grid, NDArray[Any], NDArray[Any]]] = []
    for a, b in itertools.combinations(grids, 2):
        if len(a.values) and len(b.values):
            mesh_a, mesh_b = np.meshgrid(np.arange(len(a.values)), np.arange(len(b.values)))
            blocks.append((a, b, mesh_a.ravel(), mesh_b.ravel()))
    if not blocks:
        return None
    rows = np.repeat(base, sum(len(ia) for _, _, ia, _ in blocks), axis=0)
    offset = 0
    for a, b, ia, ib in blocks:
        rows[offset : offset + len(ia), a.index] = a.values[ia]
        rows[offset : offset + len(ia), b.index] = b.values[ib]
        offset += len(ia)
    hits = _reached(spec, _probabilities(explainer, rows), target)
    best: _Hit | None = None
    offset = 0
    for a, b, ia, ib in blocks:
        mask = hits[offset : offset + len(ia)]
        offset += len(ia)
        if mask.any():
            costs = a.costs[ia] + b.costs[ib]
            j = int(np.flatnonzero(mask)[np.argmin(costs[mask])])
            if best is None or costs[j] < best.cost:
                changes = ((a.index, float(a.values[ia[j]])), (b.index, float(b.values[ib[j]])))
                best = _Hit(changes, float(costs[j]))
    return best
