"""Per-model fairness thresholds, read from the policy data.

Expected shape (under the ``fairness`` key of the policy data, all keys optional)::

    {"default": {"min_dp_ratio": 0.8, "max_equalized_odds_difference": 0.1,
                 "min_group_size": 30},
     "models": {"wohngeld": {"min_group_size": 50,
                             "intersections": [["sex", "age_band"]]}}}

Model entries override the default entry key by key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from fairness.errors import InvalidThresholdsError
from fairness.types import ThresholdsSnapshot


@dataclass(frozen=True, slots=True, kw_only=True)
class FairnessThresholds:
    """Limits an audit is judged against.

    Attributes:
        min_dp_ratio: lowest acceptable demographic parity ratio (0.8 = four-fifths rule).
        max_dp_difference: highest acceptable demographic parity difference (None = unchecked).
        max_equalized_odds_difference: highest acceptable equalized odds difference.
        min_group_size: groups with fewer decisions are "insufficient data", never a disparity.
        attributes: protected attributes to audit (None = every attribute found in the data).
        intersections: attribute combinations to audit (None = every pair of audited attributes).
    """

    min_dp_ratio: float = 0.8
    max_dp_difference: float | None = None
    max_equalized_odds_difference: float = 0.1
    min_group_size: int = 30
    attributes: tuple[str, ...] | None = None
    intersections: tuple[tuple[str, ...], ...] | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_dp_ratio <= 1.0:
            raise InvalidThresholdsError("min_dp_ratio must be within [0, 1]")
        if self.max_dp_difference is not None and not 0.0 <= self.max_dp_difference <= 1.0:
            raise InvalidThresholdsError("max_dp_difference must be within [0, 1]")
        if not 0.0 <= self.max_equalized_odds_difference <= 1.0:
            raise InvalidThresholdsError("max_equalized_odds_difference must be within [0, 1]")
        if self.min_group_size < 1:
            raise InvalidThresholdsError("min_group_size must be at least 1")
        for combo in self.intersections or ():
            if len(combo) < 2 or len(set(combo)) != len(combo):
                raise InvalidThresholdsError("each intersection needs >= 2 distinct attributes")

    def snapshot(self) -> ThresholdsSnapshot:
        """The numeric limits as stored in a report."""
        return ThresholdsSnapshot(
            min_dp_ratio=self.min_dp_ratio,
            max_dp_difference=self.max_dp_difference,
            max_equalized_odds_difference=self.max_equalized_odds_difference,
            min_group_size=self.min_group_size,
        )


_FLOAT_KEYS = {"min_dp_ratio", "max_dp_difference", "max_equalized_odds_difference"}
_KNOWN_KEYS = {f.name for f in fields(FairnessThresholds)}


def _apply(base: FairnessThresholds, entry: Any, where: str) -> FairnessThresholds:
    if not isinstance(entry, Mapping):
        raise InvalidThresholdsError(f"{where} must be an object")
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise InvalidThresholdsError(f"{where}: unknown keys {sorted(unknown)}")
    changes: dict[str, Any] = {}
    for key, value in entry.items():
        if key in _FLOAT_KEYS:
            if value is None and key == "max_dp_difference":
                changes[key] = None
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidThresholdsError(f"{where}.{key} must be a number")
            changes[key] = float(value)
        elif key == "min_group_size":
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidThresholdsError(f"{where}.min_group_size must be an integer")
            changes[key] = value
        elif key == "attributes":
            if value is None:
                changes[key] = None
            elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                changes[key] = tuple(value)
            else:
                raise InvalidThresholdsError(f"{where}.attributes must be a list of names")
        elif key == "intersections":
            if value is None:
                changes[key] = None
                continue
            if not isinstance(value, list | tuple) or not all(
                isinstance(c, list | tuple) and all(isinstance(v, str) for v in c) for c in value
            ):
                raise InvalidThresholdsError(f"{where}.intersections must be lists of names")
            changes[key] = tuple(tuple(c) for c in value)
    return replace(base, **changes)


def thresholds_for(model_id: str, fairness_data: Mapping[str, Any] | None) -> FairnessThresholds:
    """Thresholds of ``model_id`` from the ``fairness`` section of the policy data.

    Args:
        model_id: the audited model.
        fairness_data: the ``fairness`` object of the policy data (None = built-in defaults).

    Raises:
        InvalidThresholdsError: the section is malformed (callers fail closed).
    """
    result = FairnessThresholds()
    if fairness_data is None:
        return result
    if not isinstance(fairness_data, Mapping):
        raise InvalidThresholdsError("fairness policy data must be an object")
    if "default" in fairness_data:
        result = _apply(result, fairness_data["default"], "fairness.default")
    models = fairness_data.get("models", {})
    if not isinstance(models, Mapping):
        raise InvalidThresholdsError("fairness.models must be an object")
    if model_id in models:
        result = _apply(result, models[model_id], f"fairness.models.{model_id}")
    return result
