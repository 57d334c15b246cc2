from __future__ import annotations

import dataclasses
from types import ModuleType
from typing import Any

import pytest

from explain import LoadedModel, validate_features
from explain.counterfactual import find_counterfactual, target_for
from explain.scoring import outcome_for
from tests.unit.explain.conftest import case
from tests.unit.explain.test_scoring import _features_from_row


@pytest.mark.parametrize(
    ("current", "target"),
    [("approved", "denied"), ("denied", "approved"), ("grey_zone", "approved")],
)
def test_when_outcome_known_then_target_is_the_other_side(current: str, target: str) -> None:
    assert target_for(current) == target  # type: ignore[arg-type]


def test_when_counterfactuals_found_then_verified_changeable_in_range_and_minimal(
    demo: LoadedModel, train_script: ModuleType
) -> None:
    changeable = {f.name for f in demo.spec.features if f.citizen_changeable}
    found = 0
    for row in train_script.probe_matrix(40):
        features = _features_from_row(demo, row)
        assessment = demo.assess(features)
        cf = assessment.counterfactual
        if cf is None:
            continue
        found += 1
        changed = dict(features)
        for change in cf.changes:
            assert change.name in changeable
            assert change.from_value == features[change.name]
            changed[change.name] = change.to_value
        # independent re-check through validation and the model
        rescored = demo.explain(validate_features(demo.spec, changed))
        assert outcome_for(demo.spec, rescored.probability) == cf.target_outcome
        assert cf.target_outcome == target_for(assessment.decision.outcome)
        assert rescored.probability == pytest.approx(cf.probability, abs=1e-12)
        if len(cf.changes) == 1:
            _assert_one_step_less_does_not_flip(demo, features, cf.changes[0], cf.target_outcome)
    assert found >= 30


def _assert_one_step_less_does_not_flip(
    demo: LoadedModel, features: dict[str, Any], change: Any, target: str
) -> None:
    feature = demo.spec.feature(change.name)
    if feature.type not in ("int", "float"):
        return
    assert feature.step is not None
    direction = 1 if change.to_value > change.from_value else -1
    closer = dict(features, **{change.name: round(change.to_value - direction * feature.step, 2)})
    if (closer[change.name] - change.from_value) * direction <= 0:
        return
    probability = demo.explain(closer).probability
    assert outcome_for(demo.spec, probability) != target


def test_when_income_too_high_then_counterfactual_lowers_income(demo: LoadedModel) -> None:
    features = validate_features(
        demo.spec, case(monthly_net_income=2100.0, household_size=2, children=0, monthly_rent=650.0)
    )
    assessment = demo.assess(features)
    assert assessment.decision.outcome == "denied"
    assert assessment.counterfactual is not None
    (change,) = assessment.counterfactual.changes
    assert change.name == "monthly_net_income"
    assert isinstance(change.to_value, float) and change.to_value < 2100.0


def test_when_no_feature_changeable_then_no_counterfactual(demo: LoadedModel) -> None:
    frozen = dataclasses.replace(
        demo.spec,
        features=tuple(
            dataclasses.replace(f, citizen_changeable=False) for f in demo.spec.features
        ),
    )
    features = validate_features(frozen, case())
    assert find_counterfactual(frozen, demo.explainer, features, "approved") is None


def test_when_only_pairs_flip_then_two_changes_are_returned(demo: LoadedModel) -> None:
    # high income and assets far above the limit: neither change alone is enough
    features = validate_features(
        demo.spec, case(monthly_net_income=2600.0, assets=200000.0, household_size=2, children=0)
    )
    assessment = demo.assess(features)
    assert assessment.decision.outcome == "denied"
    assert assessment.counterfactual is not None
    assert {c.name for c in assessment.counterfactual.changes} == {"monthly_net_income", "assets"}
    assert assessment.counterfactual.target_outcome == "approved"


def test_when_counterfactual_disabled_then_none(demo: LoadedModel) -> None:
    assessment = demo.assess(validate_features(demo.spec, case()), counterfactual=False)
    assert assessment.counterfactual is None
