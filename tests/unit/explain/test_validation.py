from __future__ import annotations

import math
from typing import Any

import pytest

from explain import FeatureValidationError, LoadedModel, validate_features
from explain.errors import MSG_EXTRA, MSG_MISSING
from explain.validation import MSG_PROTECTED_AS_FEATURE, validate_protected_attributes
from tests.unit.explain.conftest import case


def test_when_features_valid_then_canonical_types_in_schema_order(demo: LoadedModel) -> None:
    raw = case(monthly_net_income=1500, assets=0)
    clean = validate_features(demo.spec, dict(reversed(list(raw.items()))))
    assert list(clean) == [f.name for f in demo.spec.features]
    assert isinstance(clean["monthly_net_income"], float)
    assert isinstance(clean["household_size"], int)


@pytest.mark.parametrize(
    ("changes", "field", "problem_start"),
    [
        ({"household_size": None}, "household_size", "missing"),
        ({"household_size": 2.0}, "household_size", "wrong type"),
        ({"household_size": True}, "household_size", "wrong type"),
        ({"household_size": "2"}, "household_size", "wrong type"),
        ({"household_size": 9}, "household_size", "out of range"),
        ({"household_size": 0}, "household_size", "out of range"),
        ({"monthly_net_income": -0.01}, "monthly_net_income", "out of range"),
        ({"monthly_net_income": 6000.01}, "monthly_net_income", "out of range"),
        ({"monthly_net_income": math.nan}, "monthly_net_income", "not a finite"),
        ({"monthly_net_income": math.inf}, "monthly_net_income", "not a finite"),
        ({"monthly_net_income": False}, "monthly_net_income", "wrong type"),
        ({"monthly_net_income": 10**400}, "monthly_net_income", "out of range"),
        ({"household_size": -(10**400)}, "household_size", "out of range"),
        ({"rent_level": "VIII"}, "rent_level", "not one of"),
        ({"rent_level": 4}, "rent_level", "wrong type"),
        ({"receives_transfer_benefits": 0}, "receives_transfer_benefits", "wrong type"),
        ({"receives_transfer_benefits": "false"}, "receives_transfer_benefits", "wrong type"),
        ({"shoe_size": 42}, "shoe_size", "unknown feature"),
        ({"gender": "female"}, "gender", "protected attribute"),
    ],
)
def test_when_one_field_bad_then_that_field_is_named(
    demo: LoadedModel, changes: dict[str, Any], field: str, problem_start: str
) -> None:
    raw = case()
    for key, value in changes.items():
        if value is None:
            del raw[key]
        else:
            raw[key] = value
    with pytest.raises(FeatureValidationError) as info:
        validate_features(demo.spec, raw)
    assert [name for name, _ in info.value.problems] == [field]
    assert info.value.problems[0][1].startswith(problem_start)


def test_when_many_fields_bad_then_all_are_reported_at_once(demo: LoadedModel) -> None:
    raw = case(household_size="x", rent_level="IX", extra=1, gender="male")
    del raw["assets"]
    with pytest.raises(FeatureValidationError) as info:
        validate_features(demo.spec, raw)
    assert dict(info.value.problems) == {
        "assets": MSG_MISSING,
        "extra": MSG_EXTRA,
        "gender": MSG_PROTECTED_AS_FEATURE,
        "household_size": "wrong type, expected int",
        "rent_level": "not one of ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII']",
    }


@pytest.mark.parametrize("features", [None, [], "income=1", 3])
def test_when_features_not_an_object_then_rejected(demo: LoadedModel, features: Any) -> None:
    with pytest.raises(FeatureValidationError) as info:
        validate_features(demo.spec, features)
    assert info.value.problems[0][0] == "features"


def test_when_error_message_built_then_it_never_contains_values(demo: LoadedModel) -> None:
    with pytest.raises(FeatureValidationError) as info:
        validate_features(demo.spec, case(monthly_net_income=987654.32, rent_level="GEHEIM-123"))
    assert "987654" not in str(info.value)
    assert "GEHEIM-123" not in str(info.value)


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        (None, {}),
        ({}, {}),
        ({"gender": "female"}, {"gender": "female"}),
        ({"nationality": "eu", "gender": "male"}, {"gender": "male", "nationality": "eu"}),
    ],
)
def test_when_protected_attributes_valid_then_kept(
    demo: LoadedModel, attributes: Any, expected: dict[str, str]
) -> None:
    assert validate_protected_attributes(demo.spec, attributes) == expected


@pytest.mark.parametrize(
    ("attributes", "field"),
    [
        ({"gender": "unknown"}, "gender"),
        ({"religion": "x"}, "religion"),
        ({"age_group": 42}, "age_group"),
        ([], "protected_attributes"),
    ],
)
def test_when_protected_attributes_invalid_then_named(
    demo: LoadedModel, attributes: Any, field: str
) -> None:
    with pytest.raises(FeatureValidationError) as info:
        validate_protected_attributes(demo.spec, attributes)
    assert [name for name, _ in info.value.problems] == [field]
