"""The counterfactual search is the exact minimum over its stated grid (brute force agrees).

The brute force here shares nothing with the search but the spec: it walks every grid value
of every changeable feature (and every pair of them), scores them with scikit-learn's own
``predict_proba`` (not shap's compiled copy the search uses) and takes the cheapest hit by the
stated measure: fewest changes first, then the summed range-relative size.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from explain import LoadedModel, validate_features
from explain.counterfactual import find_counterfactual, target_for
from explain.errors import ModelConfigError
from explain.registry import demo_spec
from explain.scoring import outcome_for, vectorize
from explain.spec import ModelSpec, parse_model_spec
from tests.unit.explain.conftest import case

# Coarser steps than the shipped spec keep the full pair grid small enough to enumerate
# (about 16,000 rows a case); the search's argument does not depend on the step size.
COARSE_STEPS = {"monthly_net_income": 50.0, "monthly_rent": 50.0, "assets": 10000.0}


def _coarse(spec: ModelSpec) -> ModelSpec:
    return dataclasses.replace(spec, features=tuple(
        dataclasses.replace(f, step=COARSE_STEPS.get(f.name, f.step)) for f in spec.features
    ))


def _brute_force(
    model: LoadedModel, spec: ModelSpec, features: dict[str, Any], target: str,
    max_changes: int = 2,
) -> tuple[int, float] | None:
    """(number of changes, cost) of the cheapest grid change reaching ``target``."""
    options: dict[str, list[tuple[float, float]]] = {}
    for f in spec.features:
        if not f.citizen_changeable:
            continue
        assert f.min is not None and f.max is not None and f.step is not None
        lo = f.min if f.plausible_min is None else f.plausible_min
        hi = f.max if f.plausible_max is None else f.plausible_max
        x = float(features[f.name])
        values = []
        for k in range(-int((x - f.min) / f.step) - 2, int((f.max - x) / f.step) + 3):
            v = round(x + k * f.step, 2)
            if k != 0 and lo <= v <= hi:
                values.append((v, abs(k) * f.step / (f.max - f.min)))
        options[f.name] = values
    base = vectorize(spec, features)
    columns = {f.name: i for i, f in enumerate(spec.features)}
    for n in range(1, max_changes + 1):
        blocks, costs = [], []
        for names in itertools.combinations(sorted(options), n):
            grids = [np.array(options[name]) for name in names]
            mesh = np.indices([len(g) for g in grids]).reshape(n, -1)
            rows = np.repeat(base, mesh.shape[1], axis=0)
            for name, g, m in zip(names, grids, mesh, strict=True):
                rows[:, columns[name]] = g[m, 0]
            blocks.append(rows)
            costs.append(sum(g[m, 1] for g, m in zip(grids, mesh, strict=True)))
        if not blocks:
            continue
        with threadpool_limits(limits=1):
            probabilities = model.estimator.predict_proba(np.concatenate(blocks))[:, 1]
        cost = np.concatenate(costs)
        hit = [float(c) for c, p in zip(cost, probabilities, strict=True)
               if outcome_for(spec, float(p)) == target]
        if hit:
            return n, min(hit)
    return None


def _random_cases(model: LoadedModel, n: int, seed: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        raw = case(
            monthly_net_income=round(float(rng.uniform(300, 4500)), 2),
            household_size=int(rng.integers(1, 6)),
            children=0,
            monthly_rent=round(float(rng.uniform(200, 1600)), 2),
            rent_level=str(rng.choice(["I", "II", "III", "IV", "V", "VI", "VII"])),
            assets=float(rng.choice([rng.uniform(0, 30000), rng.uniform(30000, 400000)])),
            receives_transfer_benefits=bool(rng.random() < 0.1),
        )
        raw["children"] = int(rng.integers(0, raw["household_size"]))
        raw["assets"] = round(raw["assets"], 2)
        out.append(validate_features(model.spec, raw))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_when_random_cases_searched_then_cost_equals_brute_force_minimum(
    demo: LoadedModel, seed: int
) -> None:
    spec = _coarse(demo.spec)
    for features in _random_cases(demo, 12, seed):
        outcome = outcome_for(spec, demo.explain(features).probability)
        target = target_for(outcome)
        expected = _brute_force(demo, spec, features, target)
        found = find_counterfactual(spec, demo.explainer, features, outcome)
        if expected is None:
            assert found is None, features
            continue
        assert found is not None, features
        assert len(found.changes) == expected[0], features
        assert found.cost == pytest.approx(expected[1]), features
        assert found.target_outcome == target


def test_when_shipped_grid_then_single_changes_match_brute_force(demo: LoadedModel) -> None:
    # the real steps (10 €, 10 €, 1,000 €): singles only, every grid value scored
    for features in _random_cases(demo, 15, seed=7):
        outcome = outcome_for(demo.spec, demo.explain(features).probability)
        found = find_counterfactual(demo.spec, demo.explainer, features, outcome)
        expected = _brute_force(demo, demo.spec, features, target_for(outcome), max_changes=1)
        if expected is None:
            assert found is None or len(found.changes) == 2
            continue
        assert found is not None
        assert (len(found.changes), found.cost) == (1, pytest.approx(expected[1]))


def test_when_rent_change_costs_more_than_assets_change_then_assets_is_shown(
    demo: LoadedModel,
) -> None:
    # issue 23: a rent cut of 820 € (0.273 of its range) was shown although an assets
    # change of 0.116 of its range flips the same case; the old search refined only the
    # feature it happened to pick first
    features = validate_features(demo.spec, case(
        monthly_net_income=673.77, household_size=1, children=0, monthly_rent=615.51,
        rent_level="IV", assets=3799.0,
    ))
    assessment = demo.assess(features)
    cf = assessment.counterfactual
    assert cf is not None
    expected = _brute_force(demo, demo.spec, dict(features), cf.target_outcome)
    assert expected is not None and (len(cf.changes), cf.cost) == (1, pytest.approx(expected[1]))


def test_when_only_pairs_flip_then_the_cheapest_pair_is_returned(demo: LoadedModel) -> None:
    # issue 23: income and assets both changed (cost 1.046) where a smaller pair (0.814)
    # suffices; the old pair search used 6 grid points per direction
    features = validate_features(demo.spec, case(
        monthly_net_income=1867.68, household_size=1, children=0, monthly_rent=228.88,
        assets=368310.0,
    ))
    outcome = outcome_for(demo.spec, demo.explain(features).probability)
    cf = find_counterfactual(demo.spec, demo.explainer, features, outcome)
    assert cf is not None and len(cf.changes) == 2
    expected = _brute_force(demo, _coarse(demo.spec), dict(features), cf.target_outcome)
    assert expected is not None
    # the coarse grid is a subset of the shipped one: the search can only be cheaper
    assert cf.cost <= expected[1] + 1e-12


def test_when_plausibility_bound_set_then_no_counterfactual_leaves_it(demo: LoadedModel) -> None:
    spec = dataclasses.replace(demo.spec, features=tuple(
        dataclasses.replace(f, plausible_min=1200.0) if f.name == "monthly_net_income" else f
        for f in demo.spec.features
    ))
    features = validate_features(spec, case(monthly_net_income=2100.0, household_size=2,
                                            children=0, monthly_rent=650.0))
    cf = find_counterfactual(spec, demo.explainer, features, "denied")
    assert cf is not None
    for change in cf.changes:
        if change.name == "monthly_net_income":
            assert isinstance(change.to_value, float) and change.to_value >= 1200.0
    assert demo.spec.feature("monthly_rent").plausible_min == 150  # shipped bound


def test_when_counterfactual_found_then_immutable_features_unchanged(demo: LoadedModel) -> None:
    immutable = {f.name for f in demo.spec.features if not f.citizen_changeable}
    assert {"household_size", "children", "rent_level", "receives_transfer_benefits"} <= immutable
    protected = {p.name for p in demo.spec.protected_attributes}
    for features in _random_cases(demo, 20, seed=11):
        cf = demo.assess(features).counterfactual
        if cf is not None:
            assert not {c.name for c in cf.changes} & (immutable | protected)


@pytest.mark.parametrize(
    "bounds",
    [
        {"plausible_min": -1.0},
        {"plausible_max": 7000.0},
        {"plausible_min": 500, "plausible_max": 400},
        {"plausible_min": math.nan},
    ],
)
def test_when_plausibility_bounds_outside_range_then_spec_refused(bounds: dict[str, Any]) -> None:
    raw = demo_spec()
    raw["features"] = [dict(f, **bounds) if f["name"] == "monthly_net_income" else f
                       for f in raw["features"]]
    with pytest.raises(ModelConfigError, match="plausible_min"):
        parse_model_spec(raw)


def test_when_plausibility_bounds_on_a_category_then_spec_refused() -> None:
    raw = demo_spec()
    raw["features"] = [dict(f, plausible_min=1) if f["name"] == "rent_level" else f
                       for f in raw["features"]]
    with pytest.raises(ModelConfigError, match="plausibility bounds"):
        parse_model_spec(raw)


def test_when_features_are_free_then_tree_bound_holds_for_every_value(demo: LoadedModel) -> None:
    # the pruning is only exact if the bound is sound: no value of the free features may beat it
    explainer: Any = demo.explainer
    rng = np.random.default_rng(5)
    for features in _random_cases(demo, 10, seed=13):
        row = vectorize(demo.spec, features)
        assert explainer.output_bound(row, (), upper=True) == pytest.approx(
            float(explainer.search_raw(row)[0]), abs=1e-9
        )
        free = (0, 5)  # income and assets
        samples = np.repeat(row, 400, axis=0)
        samples[:, 0] = rng.uniform(0, 6000, 400)
        samples[:, 5] = rng.uniform(0, 500000, 400)
        raw = explainer.search_raw(samples)
        assert raw.max() <= explainer.output_bound(row, free, upper=True) + 1e-9
        assert raw.min() >= explainer.output_bound(row, free, upper=False) - 1e-9
        cells_a = np.array([[0.0, 3000.0], [3000.01, 6000.0]])
        cells_b = np.array([[0.0, 250000.0], [250000.01, 500000.0]])
        cells = explainer.pair_bounds(row, 0, cells_a, 5, cells_b, upper=True)
        for i, (lo_a, hi_a) in enumerate(cells_a):
            for j, (lo_b, hi_b) in enumerate(cells_b):
                inside = (samples[:, 0] >= lo_a) & (samples[:, 0] <= hi_a) & (
                    samples[:, 5] >= lo_b) & (samples[:, 5] <= hi_b)
                if inside.any():
                    assert raw[inside].max() <= cells[i, j] + 1e-9
