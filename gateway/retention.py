"""Retention and legal holds as operations (CLI, API and the daily job use these).

The policy is the bundle's ``governance.retention`` (``gateway.records.facts.retention_policy``);
``audit_log.retention`` plans and applies it. Every run that removes something, every hold
placed and every hold released is itself an audit event; a hold's free-text reason stays in
the holds table, never in the append-only log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from audit_log.retention import HoldKind, LegalHold, RetentionPlan, run_retention
from audit_log.stores import AuditStore
from audit_log.types import AuditEvent
from gateway.records.facts import retention_policy
from gateway.settings import Settings


async def apply_retention_policy(
    store: AuditStore, settings: Settings, *, dry_run: bool, actor: str, request_id: str,
    now: datetime | None = None, governance: dict[str, Any] | None = None,
) -> RetentionPlan:
    """Plan (``dry_run``) or apply the retention policy; a real run is recorded.

    Raises:
        RetentionPolicyError: the policy is invalid.
        AuditError: the store failed (nothing is reported as removed then).
    """
    policy = retention_policy(settings, governance)
    plan = await run_retention(store, policy, now=now or datetime.now(UTC), dry_run=dry_run)
    if not dry_run and (plan.removed or plan.held):
        await store.append(
            AuditEvent(
                event_type="audit.retention.applied",
                request_id=request_id,
                actor=actor,
                outcome="applied",
                payload={
                    "removed": plan.removed,
                    "held": plan.held,
                    "groups": [
                        {"event_type": g.event_type, "service": g.service, "days": g.days,
                         "due": g.due, "held": g.held}
                        for g in plan.groups
                    ],
                    "active_holds": [h.hold_id for h in plan.holds],
                },
            )
        )
    return plan


async def place_hold(
    store: AuditStore, *, kind: HoldKind, value: str, reason: str, actor: str, request_id: str
) -> LegalHold:
    """Place a legal hold and record it (the subject pseudonym in the event, not the reason)."""
    hold = await store.place_hold(kind=kind, value=value, reason=reason, placed_by=actor)
    await store.append(
        AuditEvent(
            event_type="audit.hold.placed",
            request_id=request_id,
            actor=actor,
            outcome="placed",
            subject=value if kind == "subject" else "",
            payload={"hold_id": hold.hold_id, "kind": kind,
                     **({"decision_id": value} if kind == "decision" else {})},
        )
    )
    return hold


async def release_hold(store: AuditStore, hold_id: str, *, actor: str, request_id: str) -> bool:
    """Release an active hold and record it; False if no active hold has that id."""
    released = await store.release_hold(hold_id, released_by=actor)
    if released:
        await store.append(
            AuditEvent(
                event_type="audit.hold.released",
                request_id=request_id,
                actor=actor,
                outcome="released",
                payload={"hold_id": hold_id},
            )
        )
    return released
