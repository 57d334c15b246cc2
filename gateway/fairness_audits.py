"""Running bias audits and feeding their result back into the decision policy.

Thresholds come from the policy data (``governance.fairness`` in the bundle), so a change of
limits is a reviewed policy change like any other. Every audit writes a
``fairness.audit.completed`` record to the audit log saying whether it decides the gate or is a
report only, and a ``fairness.gate.changed`` record when it changes the gate; the decision
pipeline passes each model's gate (``gateway.fairness_gate``) to the policy
(``input.fairness.status``), which routes decisions of a failing model to human review (or
denies them, as the policy data says).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import structlog

from audit_log.stores import AuditStore
from audit_log.types import AuditEvent
from fairness import (
    AuditReport,
    AuditScheduler,
    FairnessError,
    FairnessStore,
    FairnessThresholds,
    ProgressCallback,
    ReportNotFoundError,
    run_audit,
    thresholds_for,
)
from fairness.gate import SEARCH_DEPTH, gate_from_reports
from gateway.components import Components
from gateway.errors import NotFoundError, ServiceUnavailableError
from gateway.fairness_gate import gate_effect, gate_rule, record_gate_change
from gateway.policy_reload import governance_of
from gateway.settings import Settings

log = structlog.get_logger("leitplanke.fairness")


def policy_thresholds(governance: Mapping[str, Any], model_id: str) -> FairnessThresholds:
    """The model's thresholds from the policy bundle's ``governance.fairness``."""
    return thresholds_for(model_id, governance.get("fairness"))


async def audit_model(
    *,
    settings: Settings,
    fairness: FairnessStore,
    audit: AuditStore,
    model_id: str,
    actor: str,
    request_id: str,
    since: datetime | None = None,
    until: datetime | None = None,
    model_version: str | None = None,
    progress: ProgressCallback | None = None,
    governance: Mapping[str, Any],
) -> AuditReport:
    """Run one audit now, store its report and record it (and any gate change) in the log.

    ``governance``: the policy engine's (``governance_of``), or the bundle on disk
    (``bundle_governance``) for commands that run no engine.
    """
    thresholds = policy_thresholds(governance, model_id)
    report = await run_audit(
        fairness,
        model_id=model_id,
        thresholds=thresholds,
        since=since,
        until=until,
        model_version=model_version,
        bootstrap_replicates=settings.fairness.bootstrap_replicates,
        progress=progress,
    )
    await record_report(settings, fairness, audit, report, actor=actor, request_id=request_id)
    return report


async def record_report(
    settings: Settings,
    fairness: FairnessStore,
    audit: AuditStore,
    report: AuditReport,
    *,
    actor: str,
    request_id: str,
) -> None:
    """Audit-log records of a stored report: the audit, and the gate change it caused.

    The gate before the report is computed from the same stored reports without it, so the
    schedule (which stores first) and the API record the same transition.
    """
    rule = gate_rule(settings, report.model_id)
    try:
        reports = await fairness.list_reports(
            model_id=report.model_id, limit=SEARCH_DEPTH + 1
        )
    except FairnessError:
        reports = [report]
    before = gate_from_reports(
        report.model_id, [r for r in reports if r.report_id != report.report_id], rule
    )
    after = gate_from_reports(report.model_id, reports, rule)
    effect = gate_effect(settings, report)
    await audit.append(
        AuditEvent(
            event_type="fairness.audit.completed",
            request_id=request_id,
            actor=actor,
            model=report.model_id,
            outcome=report.status,
            reason_codes=tuple(report.reasons),
            payload={
                "report_id": report.report_id,
                "n_decisions": report.n_decisions,
                "n_labeled": report.n_labeled,
                "window_start": (
                    report.window_start.isoformat() if report.window_start else None
                ),
                "window_end": report.window_end.isoformat(),
                "model_version": report.model_version,
                **effect,
            },
        )
    )
    log.info(
        "fairness.audit", model=report.model_id, status=report.status, report_id=report.report_id,
        gate=effect["gate"],
    )
    await record_gate_change(audit, before, after, actor=actor, request_id=request_id)


async def report_with_history(
    store: FairnessStore, report_id: str, *, history_limit: int
) -> tuple[AuditReport, list[AuditReport]]:
    """One stored report and the model's recent reports (newest first), for the report pages.

    Raises:
        NotFoundError: no report with this id.
        ServiceUnavailableError: the fairness store failed.
    """
    try:
        report = await store.get_report(report_id)
        history = await store.list_reports(model_id=report.model_id, limit=history_limit)
    except ReportNotFoundError:
        raise NotFoundError("no audit report with this id", field="report_id") from None
    except FairnessError:
        raise ServiceUnavailableError("fairness store unavailable") from None
    return report, history


def audit_scheduler(components: Components) -> AuditScheduler | None:
    """Audits every model on ``fairness.audit_interval_s`` (None when the schedule is off)."""
    interval = components.settings.fairness.audit_interval_s
    if interval <= 0:
        return None

    async def on_report(report: AuditReport) -> None:
        await record_report(
            components.settings, components.fairness, components.audit, report,
            actor="scheduler", request_id=uuid.uuid4().hex,
        )

    store: FairnessStore = components.fairness
    return AuditScheduler(
        store=store,
        thresholds=lambda model_id: policy_thresholds(
            governance_of(components.policy), model_id
        ),
        interval=timedelta(seconds=interval),
        window=timedelta(days=components.settings.fairness.gate_window_days),
        on_report=on_report,
        bootstrap_replicates=components.settings.fairness.bootstrap_replicates,
    )
