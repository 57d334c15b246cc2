"""Bias audits over decisions with fairlearn on aggregated counts.

Decisions are recorded in a ``FairnessStore`` (SQLite or PostgreSQL); an audit aggregates
confusion counts per protected-attribute combination with one SQL ``GROUP BY``, computes the
metrics with fairlearn's ``MetricFrame`` on the aggregated, weighted frame, judges them against
per-model ``FairnessThresholds`` and stores a frozen ``AuditReport``.

Gateway usage::

    store = await open_fairness_store(settings.database_url)          # lifespan, once
    await store.record_decision(DecisionRecord(model_id=..., model_version=...,
        decision_id=..., decided_at=..., prediction=1, score=0.83,
        attributes={"sex": "f", "age_band": "30-44"}))               # POST /v1/decisions
    await store.record_outcome(decision_id, 1)                        # .../outcome
    report = await run_audit(store, model_id="m", since=..., until=...,
        thresholds=thresholds_for("m", policy_data.get("fairness")))  # POST /v1/fairness/audits
    status = await store.latest_status("m")    # "passing" | "failing" | "unknown" -> policy data
    html = render_report_html(report, await store.list_reports(model_id="m", limit=20))

Error hierarchy:
    FairnessError               base of everything this package raises
    ├── UnknownModelError       no decision of the model was ever recorded
    ├── EmptyWindowError        no decision in the audit window
    ├── InvalidWindowError      naive datetimes or an inverted window
    ├── InvalidAuditOptionsError  confidence/replicates/interval out of range (also ValueError)
    ├── DecisionNotFoundError   outcome for an unknown decision id
    ├── ReportNotFoundError     unknown audit report id
    ├── InvalidDecisionError    a decision record violates the schema
    ├── InvalidThresholdsError  malformed thresholds in the policy data
    ├── ImportFileError         an import file cannot be read at all
    ├── FairnessStoreError      the database failed (callers fail closed)
    └── MetricConsistencyError  fairlearn and the count arithmetic disagree (a bug)
"""

from fairness.audit import build_report, model_statuses, run_audit
from fairness.errors import (
    DecisionNotFoundError,
    EmptyWindowError,
    FairnessError,
    FairnessStoreError,
    ImportFileError,
    InvalidAuditOptionsError,
    InvalidDecisionError,
    InvalidThresholdsError,
    InvalidWindowError,
    MetricConsistencyError,
    ReportNotFoundError,
    UnknownModelError,
)
from fairness.importer import import_decisions
from fairness.publish import published_report
from fairness.report_html import render_report_html
from fairness.scheduler import AuditScheduler
from fairness.store import FairnessStore, open_fairness_store, status_of
from fairness.thresholds import FairnessThresholds, thresholds_for
from fairness.types import (
    AttributeAudit,
    AuditReport,
    CountCell,
    CountTable,
    DecisionRecord,
    Estimate,
    GroupMetrics,
    ImportResult,
    ModelStatus,
    ProgressCallback,
    RejectedRow,
    report_from_json,
    report_to_dict,
    report_to_json,
)

__all__ = [
    "AttributeAudit",
    "AuditReport",
    "AuditScheduler",
    "CountCell",
    "CountTable",
    "DecisionNotFoundError",
    "DecisionRecord",
    "EmptyWindowError",
    "Estimate",
    "FairnessError",
    "FairnessStore",
    "FairnessStoreError",
    "FairnessThresholds",
    "GroupMetrics",
    "ImportFileError",
    "ImportResult",
    "InvalidAuditOptionsError",
    "InvalidDecisionError",
    "InvalidThresholdsError",
    "InvalidWindowError",
    "MetricConsistencyError",
    "ModelStatus",
    "ProgressCallback",
    "RejectedRow",
    "ReportNotFoundError",
    "UnknownModelError",
    "build_report",
    "import_decisions",
    "model_statuses",
    "open_fairness_store",
    "published_report",
    "render_report_html",
    "report_from_json",
    "report_to_dict",
    "report_to_json",
    "run_audit",
    "status_of",
    "thresholds_for",
]
