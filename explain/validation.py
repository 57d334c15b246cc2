"""Input validation: every problem is reported at once, partial input is never scored."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from explain.errors import (
    MSG_EXTRA,
    MSG_MISSING,
    MSG_NOT_A_CATEGORY,
    MSG_NOT_FINITE,
    MSG_OUT_OF_RANGE,
    MSG_WRONG_TYPE,
    FeatureValidationError,
)
from explain.spec import FeatureSpec, ModelSpec

FeatureValue = int | float | bool | str
MSG_NOT_AN_OBJECT = "expected an object"
MSG_PROTECTED_AS_FEATURE = "protected attribute, never a model input"


def validate_features(spec: ModelSpec, features: Any) -> dict[str, FeatureValue]:
    """Check ``features`` against the model's schema and return them canonicalised.

    Args:
        spec: the model's spec.
        features: the request's ``features`` object (decoded JSON).

    Returns:
        A new dict in schema order; ``int`` features as int, ``float`` features as float.

    Raises:
        FeatureValidationError: with one ``(field, problem)`` per missing, unknown, wrongly
            typed or out-of-range feature.
    """
    if not isinstance(features, Mapping):
        raise FeatureValidationError([("features", MSG_NOT_AN_OBJECT)])
    problems: list[tuple[str, str]] = []
    known = {f.name for f in spec.features}
    protected = {p.name for p in spec.protected_attributes}
    for key in features:
        if key not in known:
            name = str(key)
            problems.append((name, MSG_PROTECTED_AS_FEATURE if name in protected else MSG_EXTRA))
    clean: dict[str, FeatureValue] = {}
    for feature in spec.features:
        if feature.name not in features:
            problems.append((feature.name, MSG_MISSING))
            continue
        value, problem = _check_value(feature, features[feature.name])
        if problem is not None:
            problems.append((feature.name, problem))
        else:
            clean[feature.name] = value
    if problems:
        raise FeatureValidationError(problems)
    return clean


def validate_protected_attributes(spec: ModelSpec, attributes: Any) -> dict[str, str]:
    """Check the protected attributes sent for bias audits (each optional, none unknown).

    Raises:
        FeatureValidationError: unknown attribute names or values outside the categories.
    """
    if attributes is None:
        return {}
    if not isinstance(attributes, Mapping):
        raise FeatureValidationError([("protected_attributes", MSG_NOT_AN_OBJECT)])
    allowed = {p.name: p.categories for p in spec.protected_attributes}
    problems: list[tuple[str, str]] = []
    clean: dict[str, str] = {}
    for key, value in attributes.items():
        name = str(key)
        if name not in allowed:
            problems.append((name, MSG_EXTRA))
        elif not isinstance(value, str) or value not in allowed[name]:
            problems.append((name, MSG_NOT_A_CATEGORY.format(categories=list(allowed[name]))))
        else:
            clean[name] = value
    if problems:
        raise FeatureValidationError(problems)
    return {p.name: clean[p.name] for p in spec.protected_attributes if p.name in clean}


def _check_value(feature: FeatureSpec, value: Any) -> tuple[FeatureValue, str | None]:
    wrong_type = MSG_WRONG_TYPE.format(type=feature.type)
    if feature.type == "bool":
        return (value, None) if isinstance(value, bool) else (False, wrong_type)
    if feature.type == "category":
        if not isinstance(value, str):
            return "", wrong_type
        assert feature.categories is not None
        if value not in feature.categories:
            return "", MSG_NOT_A_CATEGORY.format(categories=list(feature.categories))
        return value, None
    # bool is an int subclass in Python; JSON true is never a number here.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0, wrong_type
    if feature.type == "int" and not isinstance(value, int):
        return 0, wrong_type
    if isinstance(value, float) and not math.isfinite(value):
        return 0, MSG_NOT_FINITE
    assert feature.min is not None and feature.max is not None
    if not feature.min <= value <= feature.max:
        return 0, MSG_OUT_OF_RANGE.format(min=_fmt(feature.min), max=_fmt(feature.max))
    return (int(value) if feature.type == "int" else float(value)), None


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
