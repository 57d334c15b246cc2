"""Property tests: any valid case is explained additively and counterfactuals are verified."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explain import LoadedModel, validate_features
from explain.registry import demo_spec
from explain.scoring import outcome_for
from explain.spec import FeatureSpec, parse_model_spec

_SPEC = parse_model_spec(demo_spec())  # schema only; the model comes from the fixture


def _strategy(feature: FeatureSpec) -> st.SearchStrategy[Any]:
    if feature.type == "bool":
        return st.booleans()
    if feature.type == "category":
        assert feature.categories is not None
        return st.sampled_from(feature.categories)
    assert feature.min is not None and feature.max is not None
    if feature.type == "int":
        return st.integers(int(feature.min), int(feature.max))
    return st.one_of(
        st.sampled_from([feature.min, feature.max]),
        st.floats(feature.min, feature.max, allow_nan=False).map(lambda v: round(v, 2)),
    )


CASES = st.fixed_dictionaries({f.name: _strategy(f) for f in _SPEC.features})


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=CASES)
def test_when_any_valid_case_assessed_then_additive_and_counterfactual_verified(
    demo: LoadedModel, raw: dict[str, Any]
) -> None:
    features = validate_features(demo.spec, raw)
    assessment = demo.assess(features)
    explanation = assessment.explanation
    total = explanation.base_value + sum(c.contribution for c in explanation.contributions)
    assert abs(total - explanation.raw_output) <= 1e-6
    assert assessment.decision.outcome == outcome_for(demo.spec, explanation.probability)
    cf = assessment.counterfactual
    if cf is not None:
        changed = dict(features, **{c.name: c.to_value for c in cf.changes})
        rescored = demo.explain(validate_features(demo.spec, changed))
        assert outcome_for(demo.spec, rescored.probability) == cf.target_outcome
        assert all(demo.spec.feature(c.name).citizen_changeable for c in cf.changes)
