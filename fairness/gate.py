"""Which audit decides the fairness gate, and why (decision 0056).

The gate is the status the decision policy reads (``input.fairness.status``). It is decided by
the newest report that *covers* the model in production:

* it audited the production version: ``model_version`` equal to it, or omitted (all versions
  together, which include the production version's decisions); a report restricted to
  another version is a report only;
* its window is the configured full window: it starts at the first decision (``since``
  omitted) or at least ``window`` before its end, and it ends when the audit ran (within
  :data:`END_SLACK`), so re-auditing only October cannot speak for the whole period;
* it reached a verdict (``passing`` or ``failing``); an ``insufficient_data`` report is a
  report, not a gate change.

Every other report is kept and shown, marked "report only" with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from fairness.types import AttributeAudit, AuditReport, GroupMetrics, ModelStatus

END_SLACK = timedelta(days=1)  # an audit "until midnight" still covers the day it ran
#: How many recent reports are searched for one that covers the gate (newest first); when
#: more narrower audits followed the last full one, the gate is "unknown" (fail closed).
SEARCH_DEPTH = 100

NotCovering = Literal["other_version", "narrower_window", "past_window", "insufficient_data"]
GateReason = Literal["audit_passed", "audit_failed", "no_covering_audit"]

#: Why a report is not the gate, for officers (English; the dashboard translates the code).
NOT_COVERING_TEXT: dict[NotCovering, str] = {
    "other_version": "audited another model version than the one in production",
    "narrower_window": "its window is narrower than the configured full window",
    "past_window": "its window ended before the audit ran",
    "insufficient_data": "too little data for a verdict",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class GateRule:
    """What a report must cover to decide the gate.

    Attributes:
        production_version: the model version the gateway runs (None: any, e.g. a model
            whose decisions are only imported).
        window: the configured full window (None: from the first decision only).
    """

    production_version: str | None
    window: timedelta | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GateStatus:
    """The gate of one model and why.

    Attributes:
        model_id: the model.
        status: what the policy reads: passing, failing or unknown.
        reason: ``audit_passed``, ``audit_failed`` or ``no_covering_audit``.
        report_id: the deciding report (None when no report covers the gate).
        attribute: for a failing gate, the first failing attribute (or intersection).
        metric: for a failing gate, the metric that breached its limit.
        group: for a failing gate, the group the breach is about (lowest selection rate for
            parity, the extreme error rate for equalized odds).
        value: the metric's value.
        limit: the limit it breached.
        production_version: the version the gate speaks for.
    """

    model_id: str
    status: ModelStatus
    reason: GateReason
    report_id: str | None = None
    attribute: str | None = None
    metric: str | None = None
    group: str | None = None
    value: float | None = None
    limit: float | None = None
    production_version: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (for the API, the dashboard and audit-log payloads)."""
        return {
            "model_id": self.model_id,
            "status": self.status,
            "reason": self.reason,
            "report_id": self.report_id,
            "attribute": self.attribute,
            "metric": self.metric,
            "group": self.group,
            "value": self.value,
            "limit": self.limit,
            "production_version": self.production_version,
        }


def not_covering(report: AuditReport, rule: GateRule) -> NotCovering | None:
    """Why ``report`` cannot decide the gate under ``rule`` (None: it covers it)."""
    if report.model_version not in (None, rule.production_version) and (
        rule.production_version is not None
    ):
        return "other_version"
    if report.window_start is not None and (
        rule.window is None or report.window_end - report.window_start < rule.window
    ):
        return "narrower_window"
    if report.window_end < report.created_at - END_SLACK:
        return "past_window"
    if report.status == "insufficient_data":
        return "insufficient_data"
    return None


def gate_from_reports(
    model_id: str, reports: Sequence[AuditReport], rule: GateRule
) -> GateStatus:
    """The gate from a model's reports, newest first (see the module docstring)."""
    for report in reports:
        if report.model_id == model_id and not_covering(report, rule) is None:
            return gate_of(report, rule)
    return GateStatus(
        model_id=model_id, status="unknown", reason="no_covering_audit",
        production_version=rule.production_version,
    )


def gate_of(report: AuditReport, rule: GateRule) -> GateStatus:
    """The gate a covering report sets, with the first breach named for a failing one."""
    if report.status == "passing":
        return GateStatus(
            model_id=report.model_id, status="passing", reason="audit_passed",
            report_id=report.report_id, production_version=rule.production_version,
        )
    failing = next((a for a in report.attributes if a.violations), None)
    metric, group, value, limit = _breach(failing, report) if failing else (None, None, None, None)
    return GateStatus(
        model_id=report.model_id, status="failing", reason="audit_failed",
        report_id=report.report_id, attribute=failing.attribute if failing else None,
        metric=metric, group=group, value=value, limit=limit,
        production_version=rule.production_version,
    )


def _breach(
    attribute: AttributeAudit, report: AuditReport
) -> tuple[str, str | None, float | None, float | None]:
    first = attribute.violations[0]
    sufficient = [g for g in attribute.groups if g.sufficient]
    t = report.thresholds
    if "equalized odds" in first:
        value = attribute.equalized_odds_difference
        return ("equalized_odds_difference", _eo_group(sufficient),
                value.value if value else None, t.max_equalized_odds_difference)
    group = min(sufficient, key=lambda g: (g.selection_rate.value, g.group)).group if sufficient \
        else None
    if "parity difference" in first:
        value = attribute.demographic_parity_difference
        return ("demographic_parity_difference", group, value.value if value else None,
                t.max_dp_difference)
    value = attribute.demographic_parity_ratio
    return ("demographic_parity_ratio", group, value.value if value else None, t.min_dp_ratio)


def _eo_group(groups: Sequence[GroupMetrics]) -> str | None:
    """The group furthest from the others in TPR or FPR (the one a reader should look at)."""
    best: tuple[float, str] | None = None
    for rate in ("tpr", "fpr"):
        values = [(getattr(g, rate).value, g.group) for g in groups if getattr(g, rate)]
        if len(values) < 2:
            continue
        mean = sum(v for v, _ in values) / len(values)
        for v, name in values:
            if best is None or abs(v - mean) > best[0]:
                best = (abs(v - mean), name)
    return best[1] if best else None
