"""The life of a decision in the authority: who may move it where (pure functions).

::

    decide ──(policy requires a person)──> provisional ──take/review──> under_review ──> final
       └────(policy allows automation)──> automated_final ──citizen asks──┘

* ``provisional``: the automated outcome is only a proposal; a person must decide.
* ``under_review``: a person is on it: a caseworker took the case, the citizen asked for a
  review, or (four-eyes) one caseworker recorded an outcome a second person must confirm.
* ``final``: a person decided; the reviewed outcome is the decision's final outcome.
* ``automated_final``: the policy let the automated outcome stand; a citizen's request for
  human review (GDPR Art. 22(3)) moves it back into the queue.

With four-eyes review, an outcome becomes final only when a second, different person records
the same outcome; a different outcome replaces the proposal and again needs someone else.
Every function returns a new record; the store applies it in one transaction and the gateway
writes one audit event per transition.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from explain.errors import ExplainError
from explain.records import (
    REVIEW_OBLIGATION,
    DecisionRecord,
    DecisionState,
    FinalOutcome,
    FinalOutcomeValue,
    ReviewStep,
)

QUEUE_STATES: tuple[DecisionState, ...] = ("provisional", "under_review")
ALL_STATES: tuple[DecisionState, ...] = (
    "provisional",
    "under_review",
    "final",
    "automated_final",
)
MAX_REASON_CHARS = 5000

MSG_NOT_IN_QUEUE = "the decision is not waiting for a human review (state {state})"
MSG_SAME_REVIEWER = "four-eyes review: a different person must confirm the proposed outcome"
MSG_ALREADY_FINAL = (
    "a person has already reviewed this decision; an objection (Widerspruch) is the remedy now"
)
MSG_REASON_REQUIRED = "a reason is required"
MSG_REASON_TOO_LONG = f"longer than {MAX_REASON_CHARS} characters"


class LifecycleError(ExplainError):
    """The transition is not allowed from the decision's current state (HTTP 409)."""


def initial_state(obligations: tuple[str, ...]) -> DecisionState:
    """``provisional`` if the policy requires a person to decide, else ``automated_final``."""
    return "provisional" if REVIEW_OBLIGATION in obligations else "automated_final"


def current_state(record: DecisionRecord) -> DecisionState:
    """The record's state; derived for records stored before the lifecycle existed."""
    if record.state is not None:
        return record.state
    if record.final_outcome is not None and record.final_outcome.source == "human_review":
        return "final"
    if record.review_requests:
        return "under_review"
    return initial_state(record.obligations)


def pending_proposal(record: DecisionRecord) -> ReviewStep | None:
    """The outcome one caseworker proposed that a second person has yet to confirm."""
    if current_state(record) != "under_review":
        return None
    for step in reversed(record.review_steps):
        if step.kind == "proposed":
            return step
        if step.kind == "decided":
            return None
    return None


def request_review(record: DecisionRecord, *, now: datetime, due_at: datetime) -> DecisionRecord:
    """A citizen asked for a person to review: the decision enters (or stays in) the queue.

    Raises:
        LifecycleError: a person already decided (``final``).
    """
    state = current_state(record)
    if state == "final":
        raise LifecycleError(MSG_ALREADY_FINAL)
    due = due_at if record.review_due_at is None else min(record.review_due_at, due_at)
    if state == "automated_final":
        due = due_at
    return dataclasses.replace(record, state="under_review", review_due_at=due)


def take(record: DecisionRecord, *, reviewer: str, now: datetime) -> DecisionRecord:
    """A caseworker takes the case (``provisional`` -> ``under_review``).

    Raises:
        LifecycleError: the decision is not in the queue.
    """
    _check_in_queue(record)
    step = ReviewStep(kind="taken", reviewer=reviewer, recorded_at=now)
    return dataclasses.replace(
        record, state="under_review", review_steps=(*record.review_steps, step)
    )


def record_review(
    record: DecisionRecord,
    *,
    reviewer: str,
    outcome: FinalOutcomeValue,
    reason: str,
    now: datetime,
    four_eyes: bool,
) -> DecisionRecord:
    """A caseworker records the reviewed outcome.

    Without four-eyes the outcome is final at once. With four-eyes the first outcome is a
    proposal; it becomes final when a different person records the same outcome.

    Raises:
        LifecycleError: not in the queue, or the proposer tries to confirm their own proposal.
        ValueError: empty or too long reason (the caller validates input first).
    """
    if not reason.strip():
        raise ValueError(MSG_REASON_REQUIRED)
    if len(reason) > MAX_REASON_CHARS:
        raise ValueError(MSG_REASON_TOO_LONG)
    _check_in_queue(record)
    pending = pending_proposal(record) if four_eyes else None
    if pending is not None and pending.reviewer == reviewer:
        raise LifecycleError(MSG_SAME_REVIEWER)
    final = not four_eyes or (pending is not None and pending.outcome == outcome)
    step = ReviewStep(
        kind="decided" if final else "proposed",
        reviewer=reviewer,
        recorded_at=now,
        outcome=outcome,
        reason=reason,
    )
    steps = (*record.review_steps, step)
    if not final:
        return dataclasses.replace(record, state="under_review", review_steps=steps)
    return dataclasses.replace(
        record,
        state="final",
        review_steps=steps,
        final_outcome=FinalOutcome(outcome=outcome, source="human_review", recorded_at=now),
    )


def reviewers(record: DecisionRecord) -> tuple[str, ...]:
    """Who recorded an outcome in the review that made the decision final, in order."""
    names: list[str] = []
    for step in record.review_steps:
        if step.kind in ("proposed", "decided") and step.reviewer not in names:
            names.append(step.reviewer)
    return tuple(names)


def _check_in_queue(record: DecisionRecord) -> None:
    state = current_state(record)
    if state not in QUEUE_STATES:
        raise LifecycleError(MSG_NOT_IN_QUEUE.format(state=state))
