"""Errors raised by the fairness package (hierarchy in ``fairness/__init__.py``)."""

from __future__ import annotations

UNKNOWN_MODEL = "no decisions have ever been recorded for model {model_id!r}"
EMPTY_WINDOW = "model {model_id!r} has no decisions in the requested window"
DECISION_NOT_FOUND = "decision {decision_id!r} is not in the fairness store"
REPORT_NOT_FOUND = "audit report {report_id!r} does not exist"
UNSUPPORTED_URL = (
    "unsupported fairness store URL scheme {scheme!r} (use sqlite:/// or postgresql://)"
)
INVALID_WINDOW = "the audit window must end after it starts"
NAIVE_DATETIME = "{name} must be timezone-aware"


class FairnessError(Exception):
    """Base of everything this package raises."""


class UnknownModelError(FairnessError):
    """The model has no recorded decisions at all."""


class EmptyWindowError(FairnessError):
    """The model exists but has no decisions in the requested time window."""


class InvalidWindowError(FairnessError):
    """The audit window is malformed (naive datetimes, end before start)."""


class InvalidAuditOptionsError(FairnessError, ValueError):
    """Audit or scheduler options out of range (confidence, replicates, interval, window)."""


class DecisionNotFoundError(FairnessError):
    """An outcome was reported for a decision the store does not know."""


class ReportNotFoundError(FairnessError):
    """No audit report has the requested id."""


class InvalidDecisionError(FairnessError):
    """A decision record violates the schema (prediction not 0/1, empty ids, ...)."""


class InvalidThresholdsError(FairnessError):
    """The fairness thresholds in the policy data are malformed."""


class FairnessStoreError(FairnessError):
    """The backing database failed or the store URL is unusable (callers fail closed)."""


class ImportFileError(FairnessError):
    """An import file cannot be read at all (missing, unknown format, no header)."""


class MetricConsistencyError(FairnessError):
    """fairlearn and the count arithmetic disagree (a bug; the audit is refused)."""
