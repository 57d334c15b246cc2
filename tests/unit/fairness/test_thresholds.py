"""Per-model thresholds from the policy data."""

from __future__ import annotations

from typing import Any

import pytest

from fairness import FairnessThresholds, InvalidThresholdsError, thresholds_for

DATA = {
    "default": {"min_dp_ratio": 0.85, "min_group_size": 50},
    "models": {
        "wohngeld": {"max_equalized_odds_difference": 0.05, "intersections": [["sex", "age"]]},
        "kita": {"min_group_size": 10, "max_dp_difference": 0.2, "attributes": ["sex"]},
    },
}


@pytest.mark.parametrize(
    ("model", "data", "expected"),
    [
        ("any", None, FairnessThresholds()),
        ("any", {}, FairnessThresholds()),
        ("other", DATA, FairnessThresholds(min_dp_ratio=0.85, min_group_size=50)),
        (
            "wohngeld",
            DATA,
            FairnessThresholds(
                min_dp_ratio=0.85,
                min_group_size=50,
                max_equalized_odds_difference=0.05,
                intersections=(("sex", "age"),),
            ),
        ),
        (
            "kita",
            DATA,
            FairnessThresholds(
                min_dp_ratio=0.85, min_group_size=10, max_dp_difference=0.2, attributes=("sex",)
            ),
        ),
    ],
)
def test_when_policy_data_given_then_model_entry_overrides_default(
    model: str, data: dict[str, Any] | None, expected: FairnessThresholds
) -> None:
    assert thresholds_for(model, data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "fairness policy data must be an object"),
        ({"default": {"min_dp_ratio": 1.5}}, "min_dp_ratio must be within"),
        ({"default": {"min_dp_ratio": "0.8"}}, "must be a number"),
        ({"default": {"min_group_size": 0}}, "min_group_size must be at least 1"),
        ({"default": {"min_group_size": 2.5}}, "must be an integer"),
        ({"default": {"colour": "red"}}, "unknown keys"),
        ({"models": []}, "fairness.models must be an object"),
        ({"models": {"m": {"intersections": [["sex"]]}}}, "needs >= 2 distinct"),
        ({"models": {"m": {"attributes": "sex"}}}, "must be a list of names"),
        ({"models": {"m": 3}}, "must be an object"),
    ],
)
def test_when_policy_data_malformed_then_invalid_thresholds(data: Any, message: str) -> None:
    with pytest.raises(InvalidThresholdsError, match=message):
        thresholds_for("m", data)
