"""Plain data types of the fairness package (frozen, typed, JSON-serialisable)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import msgspec

from fairness.errors import NAIVE_DATETIME, InvalidDecisionError

ReportStatus = Literal["passing", "failing", "insufficient_data"]
AttributeStatus = Literal["passing", "failing", "insufficient_data", "not_auditable"]
ModelStatus = Literal["passing", "failing", "unknown"]

#: ``progress(stage, done, total)``; ``total`` is None while unknown.
ProgressCallback = Callable[[str, int, int | None], None]

MAX_ID_CHARS = 200
MAX_ATTRIBUTE_CHARS = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionRecord:
    """One automated decision as the fairness store keeps it.

    Attributes:
        model_id: the decision system (e.g. ``"wohngeld-eligibility"``).
        model_version: version of that system that made the decision.
        decision_id: globally unique id (the gateway's decision id).
        decided_at: timezone-aware time of the decision.
        prediction: 1 = favourable / selected, 0 = not.
        score: model score, if any.
        outcome: ground truth (1/0) or None while unknown.
        attributes: protected attributes, e.g. ``{"sex": "f", "age_band": "30-44"}``.
    """

    model_id: str
    model_version: str
    decision_id: str
    decided_at: datetime
    prediction: int
    score: float | None = None
    outcome: int | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate_decision(self)


def validate_decision(record: DecisionRecord) -> None:
    """Raises InvalidDecisionError when the record cannot be stored."""
    for name in ("model_id", "model_version", "decision_id"):
        value = getattr(record, name)
        if not isinstance(value, str) or not value or len(value) > MAX_ID_CHARS:
            raise InvalidDecisionError(f"{name} must be a non-empty string of <= 200 characters")
    if not isinstance(record.decided_at, datetime) or record.decided_at.tzinfo is None:
        raise InvalidDecisionError(NAIVE_DATETIME.format(name="decided_at"))
    if record.prediction not in (0, 1) or isinstance(record.prediction, bool):
        raise InvalidDecisionError("prediction must be 0 or 1")
    if record.outcome is not None and (
        record.outcome not in (0, 1) or isinstance(record.outcome, bool)
    ):
        raise InvalidDecisionError("outcome must be 0, 1 or None")
    if record.score is not None and (
        isinstance(record.score, bool) or not isinstance(record.score, int | float)
    ):
        raise InvalidDecisionError("score must be a number or None")
    if record.score is not None and record.score != record.score:
        raise InvalidDecisionError("score must not be NaN")
    for key, value in record.attributes.items():
        if not isinstance(key, str) or not key or len(key) > MAX_ATTRIBUTE_CHARS:
            raise InvalidDecisionError("attribute names must be non-empty strings")
        if not isinstance(value, str) or not value or len(value) > MAX_ATTRIBUTE_CHARS:
            raise InvalidDecisionError(f"attribute {key!r} must be a non-empty string")


@dataclass(frozen=True, slots=True, kw_only=True)
class CountCell:
    """Number of decisions sharing one attribute combination, prediction and outcome."""

    attributes: tuple[tuple[str, str], ...]
    prediction: int
    outcome: int | None
    n: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CountTable:
    """Result of the aggregation query: the whole audit input, a few hundred rows at most."""

    model_id: str
    cells: tuple[CountCell, ...]

    @property
    def total(self) -> int:
        return sum(c.n for c in self.cells)


@dataclass(frozen=True, slots=True, kw_only=True)
class RejectedRow:
    """A row of an import file that was not imported."""

    line: int
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """Outcome of ``import_decisions``.

    Attributes:
        imported: rows written to the store.
        duplicates: valid rows whose decision id was already stored (left unchanged).
        rejected: invalid rows with line numbers and reasons (the first 10 000).
        rejected_count: number of invalid rows.
        committed: False when nothing was written because of rejected rows (non-partial mode).
    """

    path: str
    model_id: str
    total_rows: int
    imported: int
    duplicates: int
    rejected: tuple[RejectedRow, ...]
    rejected_count: int
    committed: bool


IntervalMethod = Literal["clopper_pearson", "bootstrap_percentile"]


class Estimate(msgspec.Struct, frozen=True, kw_only=True):
    """A point estimate with its confidence interval (None if not estimable).

    Attributes:
        value: the point estimate (fairlearn's).
        ci_low: lower bound of the interval.
        ci_high: upper bound of the interval.
        method: how the interval was computed: ``clopper_pearson`` (exact binomial, for a
            group's rate: never zero width, also for 0 of 2) or ``bootstrap_percentile`` (for
            differences and ratios between groups).
        draws: bootstrap draws the interval rests on (draws in which the metric is undefined,
            e.g. a group drawn empty, are left out and not counted).
    """

    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    method: IntervalMethod | None = None
    draws: int | None = None


class GroupMetrics(msgspec.Struct, frozen=True, kw_only=True):
    """Counts and rates of one group (or intersection of groups).

    ``tpr``/``fpr``/``fnr`` are None where the group has no ground truth of that kind.
    """

    group: str
    values: tuple[str, ...]
    n: int
    n_labeled: int
    selected: int
    tp: int
    fp: int
    tn: int
    fn: int
    sufficient: bool
    selection_rate: Estimate
    tpr: Estimate | None = None
    fpr: Estimate | None = None
    fnr: Estimate | None = None


class AttributeAudit(msgspec.Struct, frozen=True, kw_only=True):
    """Audit of one protected attribute or one intersection of attributes.

    ``violations`` lists the threshold breaches (non-empty exactly when failing); ``reasons``
    lists them first, followed by notes (insufficient groups, metrics not assessed).
    """

    attribute: str
    features: tuple[str, ...]
    status: AttributeStatus
    reasons: tuple[str, ...]
    violations: tuple[str, ...]
    n_missing: int
    groups: tuple[GroupMetrics, ...]
    demographic_parity_difference: Estimate | None = None
    demographic_parity_ratio: Estimate | None = None
    four_fifths_rule_met: bool | None = None
    equalized_odds_difference: Estimate | None = None


class ThresholdsSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """The thresholds an audit was judged against (copied into the report)."""

    min_dp_ratio: float
    max_dp_difference: float | None
    max_equalized_odds_difference: float
    min_group_size: int


class BootstrapInfo(msgspec.Struct, frozen=True, kw_only=True):
    """How the confidence intervals were computed (reproducible with ``seed``)."""

    replicates: int
    confidence: float
    seed: int
    method: str = "percentile bootstrap, multinomial resampling of aggregated counts"
    group_rate_method: str = "Clopper-Pearson exact binomial interval"


class AuditReport(msgspec.Struct, frozen=True, kw_only=True):
    """A stored bias audit of one model over one time window."""

    report_id: str
    model_id: str
    model_version: str | None
    window_start: datetime | None
    window_end: datetime
    created_at: datetime
    status: ReportStatus
    reasons: tuple[str, ...]
    n_decisions: int
    n_labeled: int
    thresholds: ThresholdsSnapshot
    bootstrap: BootstrapInfo
    attributes: tuple[AttributeAudit, ...]
    duration_ms: float = 0.0


def report_to_json(report: AuditReport) -> bytes:
    """Serialises a report to JSON bytes."""
    return msgspec.json.encode(report)


def report_from_json(data: bytes | str) -> AuditReport:
    """Parses a report serialised by ``report_to_json``."""
    return msgspec.json.decode(data, type=AuditReport)


def report_to_dict(report: AuditReport) -> dict[str, object]:
    """Returns the report as JSON-compatible builtins (for HTTP responses)."""
    result: dict[str, object] = msgspec.to_builtins(report)
    return result
