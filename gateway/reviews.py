"""Human review of automated decisions: the queue and the caseworker's steps.

    guard (caseworker) -> visible? -> lifecycle transition in one store transaction
        -> fairness ground truth (when final) -> audit event

One audit event per transition (``review.taken``, ``review.proposed``, ``review.decided``);
the caseworker's reason is personal data: it travels only in the event's ``personal`` part
(encrypted under the subject's key, crypto-erasable) and in the encrypted decision record.
The JSON API and the dashboard both call :class:`ReviewDesk`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import msgspec

from audit_log.errors import AuditError
from audit_log.types import AuditEvent
from explain import (
    QUEUE_STATES,
    DecisionFilter,
    DecisionRecord,
    DecisionState,
    LifecycleError,
    current_state,
    pending_proposal,
    record_review,
    take,
)
from explain.lifecycle import MAX_REASON_CHARS
from fairness.errors import DecisionNotFoundError as FairnessDecisionNotFoundError
from gateway import authz
from gateway.components import Components
from gateway.decisions import FAVOURABLE, DecisionPipeline
from gateway.errors import (
    ConflictError,
    NotFoundError,
    ServiceUnavailableError,
    UnprocessableError,
)
from gateway.keys import Identity, Role
from gateway.oidc import ALL_SERVICES, OfficerIdentity

REVIEWER_ROLES: tuple[Role, ...] = ("caseworker",)
QUEUE_READER_ROLES: tuple[Role, ...] = ("caseworker", "compliance-officer", "admin", "ai-service")
ERR_OUTCOME_REQUIRED = "outcome is required to decide (approved or denied)"
ERR_REASON_REQUIRED = "a reason is required: it goes on record for the citizen and for audits"
ERR_REASON_TOO_LONG = f"reason is longer than {MAX_REASON_CHARS} characters"


class ReviewBody(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /v1/decisions/{id}/review`` body.

    ``take``: the caseworker takes the case (it shows as under review, with their name).
    ``decide``: the caseworker records the reviewed outcome with a reason; with four-eyes
    review it is final only once a second, different caseworker records the same outcome.
    """

    action: Literal["take", "decide"] = "decide"
    outcome: Literal["approved", "denied"] | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueQuery:
    """Filters of ``GET /v1/reviews`` and the dashboard's queue."""

    service: str | None = None
    states: tuple[DecisionState, ...] = QUEUE_STATES
    due_before: datetime | None = None
    overdue: bool = False  # only reviews still open whose due date has passed
    after_id: str | None = None
    limit: int = 50

    def narrowed(self, now: datetime) -> QueueQuery | None:
        """With ``overdue``: open states only, due before ``now``; None if nothing can match."""
        if not self.overdue:
            return self
        states = tuple(s for s in self.states if s in QUEUE_STATES)
        if not states:
            return None
        due = now if self.due_before is None else min(self.due_before, now)
        return dataclasses.replace(self, states=states, due_before=due, overdue=False)


def review_view(record: DecisionRecord, *, now: datetime | None = None) -> dict[str, Any]:
    """What the queue shows of a decision (no features, no reasons)."""
    moment = now or datetime.now(UTC)
    pending = pending_proposal(record)
    due = record.review_due_at
    return {
        "decision_id": record.id,
        "case_reference": record.case_reference,
        "service": record.service,
        "model_id": record.model_id,
        "created_at": record.created_at.isoformat(),
        "state": current_state(record),
        "automated_outcome": record.decision.outcome,
        "final_outcome": None if record.final_outcome is None else record.final_outcome.outcome,
        "review_due_at": None if due is None else due.isoformat(),
        "overdue": due is not None and current_state(record) in QUEUE_STATES and due < moment,
        "review_requested_by_citizen": bool(record.review_requests),
        "assignee": assignee(record),
        "awaiting_second_review": None
        if pending is None
        else {"proposed_by": pending.reviewer, "outcome": pending.outcome},
    }


def assignee(record: DecisionRecord) -> str | None:
    """The caseworker who last took the case, if any."""
    for step in reversed(record.review_steps):
        if step.kind == "taken":
            return step.reviewer
    return None


def allowed_services(
    identity: Identity, officer: OfficerIdentity | None, service: str | None
) -> tuple[str, ...] | None:
    """The services this caller may see in the queue (None: all), after ``gateway.authz``.

    Raises:
        NotFoundError: ``service`` is outside the caller's services (same as unknown).
    """
    scope = authz.service_scope(identity)
    if scope is None and officer is not None and ALL_SERVICES not in officer.scopes:
        scope = frozenset(officer.scopes)
    if scope is None:
        return None if service is None else (service,)
    own = tuple(sorted(scope))
    if service is None:
        return own
    if service not in own:
        raise NotFoundError("no such service in your scopes", field="service")
    return (service,)


class ReviewDesk:
    """The review queue and the caseworker's steps, for the API and the dashboard."""

    def __init__(self, components: Components) -> None:
        self._c = components

    async def queue(
        self, query: QueueQuery, identity: Identity, officer: OfficerIdentity | None
    ) -> tuple[DecisionRecord, ...]:
        services = allowed_services(identity, officer, query.service)
        narrowed = query.narrowed(datetime.now(UTC))
        if narrowed is None:
            return ()
        query = narrowed
        filters = DecisionFilter(
            states=query.states,
            services=services,
            due_before=query.due_before,
            order="due",
            after_id=query.after_id,
            limit=query.limit,
        )
        records: tuple[DecisionRecord, ...] = await self._c.decisions.list(filters)
        return records

    async def get(
        self, decision_id: str, identity: Identity, officer: OfficerIdentity | None
    ) -> DecisionRecord:
        """The decision if this caller may see it; otherwise the same 404 as a missing id."""
        record = await DecisionPipeline(self._c).get_visible(decision_id, identity)
        if officer is not None and not officer.may_see(record.service):
            raise NotFoundError("no decision with this id", field="decision_id")
        return record

    async def act(
        self,
        *,
        decision_id: str,
        body: ReviewBody,
        identity: Identity,
        officer: OfficerIdentity | None,
        request_id: str,
    ) -> DecisionRecord:
        """Apply a caseworker's step and audit it.

        Raises:
            UnprocessableError: outcome or reason missing, reason too long.
            ConflictError: not in the queue, or four-eyes confirmation by the proposer.
            NotFoundError / ServiceUnavailableError: as for reading a decision.
        """
        record = await self.get(decision_id, identity, officer)
        rules = self._c.settings.reviews.for_service(record.service)
        if body.action == "decide":
            if body.outcome is None:
                raise UnprocessableError(ERR_OUTCOME_REQUIRED, field="outcome")
            if not body.reason.strip():
                raise UnprocessableError(ERR_REASON_REQUIRED, field="reason")
            if len(body.reason) > MAX_REASON_CHARS:
                raise UnprocessableError(ERR_REASON_TOO_LONG, field="reason")
        now = datetime.now(UTC)
        before = current_state(record)
        outcome = body.outcome

        def change(stored: DecisionRecord) -> DecisionRecord:
            if body.action == "take":
                return take(stored, reviewer=identity.name, now=now)
            assert outcome is not None  # checked above
            return record_review(
                stored,
                reviewer=identity.name,
                outcome=outcome,
                reason=body.reason,
                now=now,
                four_eyes=rules.four_eyes,
            )

        try:
            updated = await self._c.decisions.apply(record.id, change)
        except LifecycleError as exc:
            field = "action" if body.action == "take" else "outcome"
            raise ConflictError(str(exc), field=field) from None
        after = current_state(updated)
        fairness_labelled = after == "final"
        if after == "final" and updated.final_outcome is not None:
            try:
                await self._c.fairness.record_outcome(
                    record.id, 1 if updated.final_outcome.outcome == FAVOURABLE else 0
                )
            except FairnessDecisionNotFoundError:
                # Decisions stored before the fairness store existed have no row to label;
                # the audit event below still records the reviewed outcome.
                fairness_labelled = False
        event = (
            "review.taken"
            if body.action == "take"
            else "review.decided"
            if after == "final"
            else "review.proposed"
        )
        payload: dict[str, Any] = {
            "decision_id": record.id,
            "from_state": before,
            "to_state": after,
            "four_eyes": rules.four_eyes,
        }
        if body.action == "decide":
            payload["automated_outcome"] = record.decision.outcome
            payload["changed"] = outcome != record.decision.outcome
            payload["fairness_ground_truth"] = fairness_labelled
        await append_audit(
            self._c,
            AuditEvent(
                event_type=event,
                request_id=request_id,
                actor=identity.name,
                service=record.service,
                model=record.model_id,
                purpose=record.purpose,
                outcome=outcome or after,
                subject=record.subject_pseudonym,
                payload=payload,
                personal={"reason": body.reason} if body.reason else {},
            ),
        )
        return updated


async def append_audit(components: Components, event: AuditEvent) -> None:
    """Append or refuse (503): the caller never acknowledges an unaudited transition."""
    try:
        await components.audit.append(event)
    except AuditError:
        raise ServiceUnavailableError("audit log unavailable; not acknowledged") from None
