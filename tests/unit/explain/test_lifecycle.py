"""The decision lifecycle as pure functions: every allowed and refused transition."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from explain import DecisionRecord, LoadedModel, new_decision_record, validate_features
from explain.lifecycle import (
    MSG_ALREADY_FINAL,
    MSG_SAME_REVIEWER,
    LifecycleError,
    current_state,
    pending_proposal,
    record_review,
    request_review,
    take,
)
from explain.records import FinalOutcome, ReviewRequest
from tests.unit.explain.conftest import case

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _record(demo: LoadedModel, obligations: tuple[str, ...]) -> DecisionRecord:
    return new_decision_record(
        assessment=demo.assess(validate_features(demo.spec, case())),
        service="svc",
        case_reference="AZ-1",
        subject_pseudonym="psn_1",
        purpose="wohngeld_antrag",
        obligations=obligations,
        now=T0,
        review_deadline=timedelta(days=10),
    )


@pytest.mark.parametrize(
    ("obligations", "state", "due"),
    [
        (("explain", "human_review"), "provisional", T0 + timedelta(days=10)),
        (("explain",), "automated_final", None),
    ],
)
def test_when_decided_then_policy_obligation_sets_first_state_and_due_date(
    demo: LoadedModel, obligations: tuple[str, ...], state: str, due: datetime | None
) -> None:
    record = _record(demo, obligations)
    assert record.state == state and current_state(record) == state
    assert record.review_due_at == due


def test_when_citizen_asks_on_automated_decision_then_queued_due_from_request(
    demo: LoadedModel,
) -> None:
    record = _record(demo, ("explain",))
    asked = T0 + timedelta(days=3)
    queued = request_review(record, now=asked, due_at=asked + timedelta(days=10))
    assert queued.state == "under_review"
    assert queued.review_due_at == asked + timedelta(days=10)


def test_when_citizen_asks_on_provisional_decision_then_earlier_due_date_kept(
    demo: LoadedModel,
) -> None:
    record = _record(demo, ("human_review",))
    queued = request_review(record, now=T0, due_at=T0 + timedelta(days=30))
    assert queued.state == "under_review" and queued.review_due_at == record.review_due_at


def test_when_citizen_asks_after_human_decision_then_refused(demo: LoadedModel) -> None:
    record = record_review(
        _record(demo, ("human_review",)),
        reviewer="a", outcome="denied", reason="Einkommen belegt", now=T0, four_eyes=False,
    )
    with pytest.raises(LifecycleError, match="Widerspruch") as exc:
        request_review(record, now=T0, due_at=T0)
    assert str(exc.value) == MSG_ALREADY_FINAL


def test_when_one_reviewer_without_four_eyes_then_final_with_reviewed_outcome(
    demo: LoadedModel,
) -> None:
    record = take(_record(demo, ("human_review",)), reviewer="a", now=T0)
    assert record.state == "under_review"
    final = record_review(
        record, reviewer="a", outcome="denied", reason="r", now=T0, four_eyes=False
    )
    assert final.state == "final"
    assert final.final_outcome == FinalOutcome(
        outcome="denied", source="human_review", recorded_at=T0
    )
    assert [s.kind for s in final.review_steps] == ["taken", "decided"]


def test_when_four_eyes_then_same_person_cannot_confirm_and_second_person_can(
    demo: LoadedModel,
) -> None:
    proposed = record_review(
        _record(demo, ("human_review",)),
        reviewer="a", outcome="approved", reason="r1", now=T0, four_eyes=True,
    )
    assert proposed.state == "under_review" and proposed.final_outcome is None
    assert pending_proposal(proposed) is not None
    with pytest.raises(LifecycleError) as exc:
        record_review(proposed, reviewer="a", outcome="approved", reason="r", now=T0,
                      four_eyes=True)
    assert str(exc.value) == MSG_SAME_REVIEWER
    final = record_review(proposed, reviewer="b", outcome="approved", reason="r2", now=T0,
                          four_eyes=True)
    assert final.state == "final" and final.final_outcome is not None
    assert final.final_outcome.outcome == "approved"
    assert pending_proposal(final) is None


def test_when_four_eyes_and_second_disagrees_then_new_proposal_for_someone_else(
    demo: LoadedModel,
) -> None:
    record = _record(demo, ("human_review",))
    first = record_review(record, reviewer="a", outcome="approved", reason="r", now=T0,
                          four_eyes=True)
    second = record_review(first, reviewer="b", outcome="denied", reason="r", now=T0,
                           four_eyes=True)
    assert second.state == "under_review"
    proposal = pending_proposal(second)
    assert proposal is not None and (proposal.reviewer, proposal.outcome) == ("b", "denied")
    with pytest.raises(LifecycleError):
        record_review(second, reviewer="b", outcome="denied", reason="r", now=T0,
                      four_eyes=True)
    final = record_review(second, reviewer="a", outcome="denied", reason="r", now=T0,
                          four_eyes=True)
    assert final.state == "final"


@pytest.mark.parametrize("obligations", [("explain",)])
def test_when_not_in_queue_then_take_and_review_refused(
    demo: LoadedModel, obligations: tuple[str, ...]
) -> None:
    record = _record(demo, obligations)
    with pytest.raises(LifecycleError, match="automated_final"):
        take(record, reviewer="a", now=T0)
    with pytest.raises(LifecycleError):
        record_review(record, reviewer="a", outcome="approved", reason="r", now=T0,
                      four_eyes=False)


@pytest.mark.parametrize("reason", ["", "   ", "x" * 5001])
def test_when_reason_empty_or_too_long_then_value_error(demo: LoadedModel, reason: str) -> None:
    with pytest.raises(ValueError):
        record_review(_record(demo, ("human_review",)), reviewer="a", outcome="approved",
                      reason=reason, now=T0, four_eyes=False)


def test_when_record_predates_lifecycle_then_state_derived(demo: LoadedModel) -> None:
    legacy = dataclasses.replace(_record(demo, ("human_review",)), state=None)
    assert current_state(legacy) == "provisional"
    asked = dataclasses.replace(
        legacy, review_requests=(ReviewRequest(created_at=T0, message=""),)
    )
    assert current_state(asked) == "under_review"
    reviewed = dataclasses.replace(
        asked, final_outcome=FinalOutcome(outcome="denied", source="human_review",
                                          recorded_at=T0)
    )
    assert current_state(reviewed) == "final"
    assert current_state(dataclasses.replace(legacy, obligations=())) == "automated_final"
