"""Errors of the explain package (hierarchy in ``explain/__init__.py``)."""

from __future__ import annotations

MSG_MODEL_NOT_FOUND = "unknown model"
MSG_DECISION_NOT_FOUND = "decision not found"
MSG_ADDITIVITY = "SHAP additivity check failed"
MSG_MISSING = "missing"
MSG_EXTRA = "unknown feature"
MSG_WRONG_TYPE = "wrong type, expected {type}"
MSG_OUT_OF_RANGE = "out of range [{min}, {max}]"
MSG_NOT_A_CATEGORY = "not one of {categories}"
MSG_NOT_FINITE = "not a finite number"


class ExplainError(Exception):
    """Base of every error raised by the explain package."""


class ModelConfigError(ExplainError):
    """A model spec or its artifact is invalid; the registry refuses to start."""


class ModelNotFoundError(ExplainError):
    """No model with this id is registered."""

    def __init__(self, model_id: str) -> None:
        super().__init__(f"{MSG_MODEL_NOT_FOUND}: {model_id!r}")
        self.model_id = model_id


class FeatureValidationError(ExplainError):
    """Input features are invalid; ``problems`` names every field at once.

    Attributes:
        problems: ``(field, problem)`` pairs, sorted by field; never empty.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems: tuple[tuple[str, str], ...] = tuple(sorted(problems))
        summary = "; ".join(f"{name}: {problem}" for name, problem in self.problems)
        super().__init__(f"invalid features: {summary}")


class ExplanationError(ExplainError):
    """Scoring or the explanation failed or is inconsistent; the decision must be refused."""


class DecisionNotFoundError(ExplainError):
    """Unknown decision id, or wrong or expired access code (deliberately indistinguishable)."""

    def __init__(self) -> None:
        super().__init__(MSG_DECISION_NOT_FOUND)


class DecisionStoreError(ExplainError):
    """The decision store failed; callers fail closed."""
