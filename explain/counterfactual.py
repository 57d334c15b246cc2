"""Counterfactuals: the cheapest change to citizen-changeable features that flips the outcome.

What "cheapest" means (stated once, tested against brute force):

* **Grid.** A numeric feature may move by whole steps (``step`` in the spec) from the case's
  value, staying inside its plausibility bounds (``plausible_min``/``plausible_max``, default
  the feature's range): ``x + k * step`` for every integer ``k != 0`` in bounds (floats rounded
  to cents, ints to whole numbers). A bool may flip; a category may take any other category.
* **Cost.** First the number of changed features (one change beats any pair: a citizen acts on
  one thing more easily than on two), then the sum over changed features of
  ``|change| / (max - min)`` (numeric), the number of category positions moved over
  ``len(categories) - 1``, or 1 for a bool.
* **Changes.** At most :data:`MAX_CHANGES` features change; only ``citizen_changeable`` ones.
  Every other input (household, children, rent level, benefits) and every protected
  attribute (never a model input) stays as it is.

The search returns the minimum cost over that whole grid, exactly, not a heuristic:

1. A tree ensemble is piecewise constant: its output depends on a numeric feature only
   through the interval between consecutive split thresholds the value falls into. Within an
   interval the grid value nearest the case has the same output and the least cost, so it
   represents the interval without loss. For models without split points (linear) every grid
   value is its own candidate.
2. Every single change over these candidates is ordered by cost and scored in batches,
   cheapest first; the first hit is the minimum (ties go to the schema order, then the smaller
   value). Only if no single change reaches the target are all pairs scored the same way.
3. Pruning that cannot lose a hit: a feature (or pair) is skipped when even the best leaf of
   every tree reachable with it free cannot reach the target (``output_bound``); a case that
   cannot be flipped with all changeable features free is answered at once.

The winner is re-scored by the model itself before it is returned (:func:`confirm`): a
counterfactual is never a guess. docs/decisions/0055-exact-counterfactuals.md has the proof
and the measured cost.
"""

from __future__ import annotations

import itertools
import math
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

MAX_CHANGES = 2  # a citizen can act on one or two changes; three is no longer an explanation
BATCH_ROWS = 4096  # candidates scored per model call, cheapest first


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
class Candidates:
    """Candidate values of one feature (model encoding) and their costs, cheapest first."""

    index: int
    values: NDArray[Any]
    costs: NDArray[Any]


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
    """Cheapest verified change over citizen-changeable features; None if the grid has none.

    Args:
        spec: the model spec (ranges, steps, plausibility bounds, which features change).
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
    candidates = [
        c for c in (
            candidates_for(spec, explainer, i, float(base[0, i]))
            for i, f in enumerate(spec.features) if f.citizen_changeable
        ) if len(c.values)
    ]
    best = _cheapest_hit(spec, explainer, base, candidates, target)
    if best is None:
        return None
    changed = dict(features)
    changes = []
    for index, encoded in best[0]:
        feature = spec.features[index]
        value = _decode(feature, encoded)
        changes.append(
            CounterfactualChange(name=feature.name, from_value=features[feature.name],
                                 to_value=value)
        )
        changed[feature.name] = value
    return Proposal(
        current=current, target=target, features=changed, changes=tuple(changes), cost=best[1]
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


def grid_for(spec: ModelSpec, index: int, value: float) -> Candidates:
    """Every grid value of feature ``index`` other than ``value`` (the stated grid), by cost."""
    feature = spec.features[index]
    if feature.type == "bool":
        return Candidates(index, np.array([1.0 - value]), np.ones(1))
    if feature.type == "category":
        assert feature.categories is not None
        positions = np.array([p for p in range(len(feature.categories)) if p != value], float)
        costs = np.abs(positions - value) / max(1, len(feature.categories) - 1)
        return _sorted(Candidates(index, positions, costs))
    assert feature.min is not None and feature.max is not None
    span = feature.max - feature.min
    lo, hi = plausible_bounds(feature)
    step = step_of(feature)
    if span <= 0 or lo > hi:
        return Candidates(index, np.empty(0), np.empty(0))
    # a tiny tolerance so that a bound that is an exact multiple survives float division
    k_lo = math.ceil((lo - value) / step - 1e-9)
    k_hi = math.floor((hi - value) / step + 1e-9)
    ks = np.arange(k_lo, k_hi + 1, dtype=np.int64)
    ks = ks[ks != 0]
    values = _encode_numeric(feature, value + ks * step)
    return _sorted(Candidates(index, values, np.abs(ks) * step / span))


def candidates_for(
    spec: ModelSpec, explainer: ModelExplainer, index: int, value: float
) -> Candidates:
    """The grid reduced to one value per split interval (trees); the whole grid otherwise.

    The reduction loses nothing: the model's output is constant within an interval and the
    kept value is the cheapest one of it.
    """
    grid = grid_for(spec, index, value)
    if spec.features[index].type not in ("int", "float"):
        return grid
    split_points = getattr(explainer, "split_points", None)
    thresholds = split_points(index) if split_points is not None else None
    if thresholds is None or not len(grid.values):
        return grid
    # sklearn and shap send x <= threshold left: the interval is the count of thresholds < x
    interval = np.searchsorted(thresholds, grid.values, side="left")
    # grid is sorted by cost, so the first occurrence of each interval is its cheapest value
    _, first = np.unique(interval, return_index=True)
    keep = np.sort(first)
    return Candidates(index, grid.values[keep], grid.costs[keep])


def plausible_bounds(feature: FeatureSpec) -> tuple[float, float]:
    """The range a counterfactual may move a numeric feature in (spec bounds by default)."""
    assert feature.min is not None and feature.max is not None
    lo = feature.min if feature.plausible_min is None else feature.plausible_min
    hi = feature.max if feature.plausible_max is None else feature.plausible_max
    return float(lo), float(hi)


def step_of(feature: FeatureSpec) -> float:
    """Grid step of a numeric feature (default: 1 for int, range/100 for float)."""
    assert feature.min is not None and feature.max is not None
    step = feature.step or (1.0 if feature.type == "int" else (feature.max - feature.min) / 100)
    return max(1.0, float(round(step))) if feature.type == "int" else float(step)


def _sorted(c: Candidates) -> Candidates:
    order = np.lexsort((c.values, c.costs))  # by cost, ties by value: deterministic
    return Candidates(c.index, c.values[order], c.costs[order])


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


def reached(spec: ModelSpec, probabilities: NDArray[Any], target: Outcome) -> NDArray[Any]:
    """Which probabilities give ``target`` (outside the grey zone on the target's side)."""
    lo, hi = spec.grey_zone
    if target == "approved":
        return (probabilities > hi) & (probabilities >= spec.threshold)
    return (probabilities < lo) & (probabilities < spec.threshold)


_Changes = tuple[tuple[int, float], ...]  # (feature index, encoded value)


def _cheapest_hit(
    spec: ModelSpec,
    explainer: ModelExplainer,
    base: Matrix,
    candidates: list[Candidates],
    target: Outcome,
) -> tuple[_Changes, float] | None:
    """Single changes, then pairs, each ordered by cost and scored cheapest first.

    Returns the first that reaches ``target``: by the ordering, the minimum.
    """
    bound = _Bound(spec, explainer, base, target)
    if not bound.reachable(tuple(c.index for c in candidates)):
        return None  # not even all changeable features together can reach the target
    for n in range(1, MAX_CHANGES + 1):
        combos = [
            combo for combo in itertools.combinations(range(len(candidates)), n)
            if bound.reachable(tuple(candidates[s].index for s in combo))
        ]
        table = _combinations(candidates, n, combos, bound)
        for start in range(0, len(table), BATCH_ROWS):
            chunk = table[start : start + BATCH_ROWS]
            rows = np.repeat(base, len(chunk), axis=0)
            for j in range(n):
                slots = chunk[:, 1 + 2 * j].astype(np.int64)
                positions = chunk[:, 2 + 2 * j].astype(np.int64)
                for s in np.unique(slots):
                    mask = slots == s
                    c = candidates[int(s)]
                    rows[mask, c.index] = c.values[positions[mask]]
            hits = reached(spec, explainer.probability(explainer.search_raw(rows)), target)
            if hits.any():
                row = chunk[int(np.argmax(hits))]
                changes = []
                for j in range(n):
                    c = candidates[int(row[1 + 2 * j])]
                    changes.append((c.index, float(c.values[int(row[2 + 2 * j])])))
                return tuple(sorted(changes)), float(row[0])
    return None


class _Bound:
    """Sound pruning: can any values of some features reach the target at all?

    Uses the explainer's ``output_bound`` (trees: best reachable leaf per tree) when it has
    one; without it every combination is searched. Pruning never removes a hit, so the search
    stays exact.
    """

    def __init__(
        self, spec: ModelSpec, explainer: ModelExplainer, base: Matrix, target: Outcome
    ) -> None:
        self._spec, self._base, self._target = spec, base, target
        self._explainer = explainer
        self._bound = getattr(explainer, "output_bound", None)

    def reachable(self, free: tuple[int, ...]) -> bool:
        if self._bound is None or not free:
            return True
        raw = self._bound(self._base, free, upper=self._target == "approved")
        if raw is None:
            return True
        probability = self._explainer.probability(np.array([raw], dtype=np.float64))
        return bool(reached(self._spec, probability, self._target)[0])


    def pair_mask(self, ca: Candidates, cb: Candidates) -> NDArray[np.bool_] | None:
        """Which (value of a, value of b) pairs lie in a cell that can reach the target.

        Each feature's candidates are cut into :data:`PAIR_CELLS` runs of neighbouring values;
        one vectorised bound per cell decides. Sound, so the search stays exact. None: no
        bounds for this model (every pair is scored).
        """
        pair_bounds = getattr(self._explainer, "pair_bounds", None)
        if pair_bounds is None:
            return None
        cell_a, ranges_a = _cells(ca.values)
        cell_b, ranges_b = _cells(cb.values)
        bounds = pair_bounds(self._base, ca.index, ranges_a, cb.index, ranges_b,
                             upper=self._target == "approved")
        if bounds is None:
            return None
        probabilities = self._explainer.probability(bounds.reshape(-1)).reshape(bounds.shape)
        possible = reached(self._spec, probabilities, self._target)
        mask: NDArray[np.bool_] = possible[cell_a][:, cell_b]
        return mask


PAIR_CELLS = 8


def _cells(values: NDArray[Any]) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Cell of every candidate (runs of neighbouring values) and each cell's [low, high]."""
    order = np.argsort(values, kind="stable")
    n_cells = min(PAIR_CELLS, len(values))
    cell_of_rank = (np.arange(len(values)) * n_cells) // max(1, len(values))
    cell = np.empty(len(values), dtype=np.intp)
    cell[order] = cell_of_rank
    ranges = np.array([
        [values[cell == c].min(), values[cell == c].max()] for c in range(n_cells)
    ], dtype=np.float64)
    return cell, ranges


def _combinations(
    candidates: list[Candidates], n: int, combos: list[tuple[int, ...]], bound: _Bound
) -> NDArray[Any]:
    """Every way to change the features of ``combos`` (slot tuples of size ``n``): rows of
    cost, then (slot, position) per change.

    Sorted by cost; equal costs keep the schema order of the features (stable sort).
    """
    blocks: list[NDArray[Any]] = []
    for combo in combos:
        mask = bound.pair_mask(candidates[combo[0]], candidates[combo[1]]) if n == 2 else None
        if mask is not None:
            mesh = np.array(np.nonzero(mask))  # only pairs in cells that can reach the target
        else:
            mesh = np.indices([len(candidates[s].costs) for s in combo]).reshape(n, -1)
        block = np.empty((mesh.shape[1], 1 + 2 * n))
        block[:, 0] = sum(candidates[s].costs[mesh[j]] for j, s in enumerate(combo))
        for j, s in enumerate(combo):
            block[:, 1 + 2 * j] = s
            block[:, 2 + 2 * j] = mesh[j]
        blocks.append(block)
    if not blocks:
        return np.empty((0, 1 + 2 * n))
    table = np.concatenate(blocks)
    return table[np.argsort(table[:, 0], kind="stable")]
