"""The fairness gate as the gateway runs it: which audit decides, recorded on every change.

``fairness.gate`` decides which report covers the model in production
(docs/decisions/0056-fairness-gate-semantics.md); this module supplies the production version
and the configured window, keeps the per-decision cost at one lookup of the newest report, and
writes ``fairness.gate.changed`` to the audit log when an audit changes the gate.
"""

from __future__ import annotations

import functools
import weakref
from datetime import timedelta

import structlog

from audit_log.stores import AuditStore
from audit_log.types import AuditEvent
from explain.registry import demo_spec
from fairness import AuditReport, FairnessError, FairnessStore
from fairness.gate import (
    SEARCH_DEPTH,
    GateRule,
    GateStatus,
    gate_from_reports,
    not_covering,
)
from gateway.settings import Settings

log = structlog.get_logger("leitplanke.fairness")

# newest report id and rule -> gate, per store (one entry per model); any process that sees a
# newer report recomputes, so several workers on one database agree
_CACHE: weakref.WeakKeyDictionary[object, dict[str, tuple[str, GateRule, GateStatus]]] = (
    weakref.WeakKeyDictionary()
)


def production_versions(settings: Settings) -> dict[str, str]:
    """Model id -> the version decisions use by default (the last one listed, as the registry).

    Read from the configured specs, so the CLI knows it without loading any model.
    """
    if not settings.decisions.models:
        return _demo_versions()
    return {str(s["id"]): str(s["version"]) for s in settings.decisions.models}


@functools.cache
def _demo_versions() -> dict[str, str]:
    spec = demo_spec()
    return {str(spec["id"]): str(spec["version"])}


def gate_rule(settings: Settings, model_id: str) -> GateRule:
    """Production version and the configured full window of ``model_id``."""
    return GateRule(
        production_version=production_versions(settings).get(model_id),
        window=timedelta(days=settings.fairness.gate_window_days),
    )


async def current_gate(settings: Settings, store: FairnessStore, model_id: str) -> GateStatus:
    """The model's gate now.

    Raises:
        FairnessError: the store failed (the decision pipeline then treats it as unknown).
    """
    rule = gate_rule(settings, model_id)
    newest = await store.latest_report(model_id)
    if newest is None:
        return gate_from_reports(model_id, [], rule)
    cache = _CACHE.setdefault(store, {})
    cached = cache.get(model_id)
    if cached is not None and cached[0] == newest.report_id and cached[1] == rule:
        return cached[2]
    reports = await store.list_reports(model_id=model_id, limit=SEARCH_DEPTH)
    gate = gate_from_reports(model_id, reports, rule)
    cache[model_id] = (newest.report_id, rule, gate)
    return gate


async def all_gates(settings: Settings, store: FairnessStore) -> dict[str, GateStatus]:
    """The gate of every model with decisions (for the API and the dashboard).

    Raises:
        FairnessError: the store failed.
    """
    return {m: await current_gate(settings, store, m) for m in await store.list_models()}


async def gate_status_for_policy(settings: Settings, store: FairnessStore, model_id: str) -> str:
    """What ``input.fairness.status`` gets: the gate, ``unknown`` when the store fails."""
    try:
        return (await current_gate(settings, store, model_id)).status
    except FairnessError:
        return "unknown"


def gate_effect(settings: Settings, report: AuditReport) -> dict[str, object]:
    """Whether a report decides the gate, for its audit-log record and the dashboard."""
    reason = not_covering(report, gate_rule(settings, report.model_id))
    return {"gate": "decides" if reason is None else "report_only", "not_covering": reason}


def changed(before: GateStatus, after: GateStatus) -> bool:
    """A change of status or of the why (which group, which metric) is a change."""
    return (before.status, before.reason, before.attribute, before.metric, before.group) != (
        after.status, after.reason, after.attribute, after.metric, after.group
    )


async def record_gate_change(
    audit: AuditStore, before: GateStatus, after: GateStatus, *, actor: str, request_id: str
) -> None:
    """Writes ``fairness.gate.changed`` (status, deciding report, metric, group) if it changed."""
    if not changed(before, after):
        return
    await audit.append(
        AuditEvent(
            event_type="fairness.gate.changed",
            request_id=request_id,
            actor=actor,
            model=after.model_id,
            outcome=after.status,
            reason_codes=(after.reason,),
            payload={
                "from_status": before.status,
                "from_report_id": before.report_id,
                # the hashed log takes no floats: metric values as fixed-point text
                **{
                    k: (f"{v:.4f}" if isinstance(v, float) else v)
                    for k, v in after.to_dict().items()
                    if k != "model_id"
                },
            },
        )
    )
    log.info("fairness.gate", model=after.model_id, status=after.status,
             previous=before.status, report_id=after.report_id)
