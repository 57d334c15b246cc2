"""Running an audit: query the store, compute metrics off the event loop, judge, store."""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from datetime import datetime

import msgspec

from fairness.errors import (
    EMPTY_WINDOW,
    UNKNOWN_MODEL,
    EmptyWindowError,
    InvalidAuditOptionsError,
    UnknownModelError,
)
from fairness.metrics import BootstrapSettings, audit_attributes
from fairness.store import FairnessStore, check_window, utcnow
from fairness.thresholds import FairnessThresholds
from fairness.types import (
    AttributeAudit,
    AuditReport,
    BootstrapInfo,
    CountTable,
    ModelStatus,
    ProgressCallback,
    ReportStatus,
)

DEFAULT_REPLICATES = 1000
DEFAULT_CONFIDENCE = 0.95
MAX_REPLICATES = 10_000
NO_AUDITABLE_ATTRIBUTE = "no protected attribute had enough data to be judged"


def _overall(attributes: tuple[AttributeAudit, ...]) -> tuple[ReportStatus, tuple[str, ...]]:
    violations = tuple(v for a in attributes for v in a.violations)
    if violations:
        return "failing", violations
    if any(a.status == "passing" for a in attributes):
        return "passing", ()
    reasons = [NO_AUDITABLE_ATTRIBUTE]
    reasons.extend(a.reasons[0] for a in attributes if a.reasons)
    return "insufficient_data", tuple(reasons)


def build_report(
    table: CountTable,
    *,
    thresholds: FairnessThresholds,
    since: datetime | None,
    until: datetime,
    model_version: str | None = None,
    bootstrap_replicates: int = DEFAULT_REPLICATES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int | None = None,
    created_at: datetime | None = None,
) -> AuditReport:
    """Computes a report from aggregated counts (pure, CPU-bound; no I/O).

    Raises:
        EmptyWindowError: the table holds no decisions.
        InvalidAuditOptionsError: confidence or replicates out of range.
    """
    started = time.perf_counter()
    if table.total == 0:
        raise EmptyWindowError(EMPTY_WINDOW.format(model_id=table.model_id))
    if not 0.5 <= confidence < 1.0:
        raise InvalidAuditOptionsError("confidence must be within [0.5, 1)")
    if not 0 <= bootstrap_replicates <= MAX_REPLICATES:
        raise InvalidAuditOptionsError(f"bootstrap_replicates must be within [0, {MAX_REPLICATES}]")
    seed = secrets.randbits(63) if seed is None else seed
    attributes = audit_attributes(
        table,
        thresholds,
        BootstrapSettings(replicates=bootstrap_replicates, confidence=confidence, seed=seed),
    )
    status, reasons = _overall(attributes)
    labeled = sum(c.n for c in table.cells if c.outcome is not None)
    return AuditReport(
        report_id=f"fa_{uuid.uuid4().hex}",
        model_id=table.model_id,
        model_version=model_version,
        window_start=since,
        window_end=until,
        created_at=created_at or utcnow(),
        status=status,
        reasons=reasons,
        n_decisions=table.total,
        n_labeled=labeled,
        thresholds=thresholds.snapshot(),
        bootstrap=BootstrapInfo(replicates=bootstrap_replicates, confidence=confidence, seed=seed),
        attributes=attributes,
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
    )


async def run_audit(
    store: FairnessStore,
    *,
    model_id: str,
    thresholds: FairnessThresholds,
    since: datetime | None = None,
    until: datetime | None = None,
    model_version: str | None = None,
    bootstrap_replicates: int = DEFAULT_REPLICATES,
    confidence: float = DEFAULT_CONFIDENCE,
    seed: int | None = None,
    progress: ProgressCallback | None = None,
    save: bool = True,
) -> AuditReport:
    """Audits ``model_id`` over ``[since, until)`` and stores the report.

    Args:
        store: the fairness store.
        model_id: model to audit.
        thresholds: limits for this model (see ``thresholds_for``).
        since: window start (inclusive); None = from the first decision.
        until: window end (exclusive); None = now.
        model_version: restrict to one version of the model.
        bootstrap_replicates: bootstrap draws for the intervals of differences and ratios
            (0 = none; group rates always get Clopper-Pearson intervals).
        confidence: confidence level of the intervals.
        seed: bootstrap seed (random if None; stored in the report).
        progress: called as ``progress(stage, done, total)`` with stages
            ``"query"``, ``"metrics"``, ``"store"`` (3 steps).
        save: store the report (False for dry runs).

    Raises:
        UnknownModelError: no decision of the model was ever recorded.
        EmptyWindowError: no decision in the window.
        InvalidWindowError: naive datetimes or ``since >= until``.
        FairnessStoreError: the database failed.
    """
    started = time.perf_counter()
    until = until or utcnow()
    check_window(since, until)
    notify = progress or (lambda stage, done, total: None)
    notify("query", 0, 3)
    if not await store.has_model(model_id):
        raise UnknownModelError(UNKNOWN_MODEL.format(model_id=model_id))
    table = await store.confusion_counts(
        model_id, since=since, until=until, model_version=model_version
    )
    if table.total == 0:
        raise EmptyWindowError(EMPTY_WINDOW.format(model_id=model_id))
    notify("metrics", 1, 3)
    report = await asyncio.to_thread(
        build_report,
        table,
        thresholds=thresholds,
        since=since,
        until=until,
        model_version=model_version,
        bootstrap_replicates=bootstrap_replicates,
        confidence=confidence,
        seed=seed,
    )
    report = _with_duration(report, started)
    notify("store", 2, 3)
    if save:
        await store.save_report(report)
    notify("done", 3, 3)
    return report


def _with_duration(report: AuditReport, started: float) -> AuditReport:
    return msgspec.structs.replace(
        report, duration_ms=round((time.perf_counter() - started) * 1000, 3)
    )


async def model_statuses(store: FairnessStore) -> dict[str, ModelStatus]:
    """Latest status of every model with decisions (to publish to the policy engine at start).

    Models never audited, or whose latest audit had insufficient data, are ``"unknown"``.
    """
    return {model: await store.latest_status(model) for model in await store.list_models()}
