"""Who sees which services in the review queue, and what ``overdue`` narrows it to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from explain import QUEUE_STATES
from gateway.errors import NotFoundError
from gateway.keys import Identity
from gateway.oidc import OfficerIdentity
from gateway.reviews import QueueQuery, allowed_services


def _officer(*scopes: str) -> OfficerIdentity:
    return OfficerIdentity(
        subject="s", roles=("caseworker",), scopes=scopes, issuer="i", expires_at=0
    )


CASEWORKER = Identity(key_id="k", name="cw", role="caseworker", services=("*",))
UNBOUND_CASEWORKER = Identity(key_id="k", name="cw", role="caseworker")
SERVICE = Identity(key_id="k", name="wohngeld-app", role="ai-service")


@pytest.mark.parametrize(
    ("identity", "officer", "service", "expected"),
    [
        (SERVICE, None, None, ("wohngeld-app",)),
        (SERVICE, None, "wohngeld-app", ("wohngeld-app",)),
        (CASEWORKER, None, None, None),
        (CASEWORKER, None, "x", ("x",)),
        (CASEWORKER, _officer("*"), None, None),
        (CASEWORKER, _officer("b", "a"), None, ("a", "b")),
        (CASEWORKER, _officer("b", "a"), "a", ("a",)),
        (UNBOUND_CASEWORKER, None, None, ()),  # a caseworker key bound to no service
        (
            Identity(key_id="k", name="cw", role="caseworker", services=("b", "a")),
            None,
            None,
            ("a", "b"),
        ),
    ],
)
def test_when_caller_scoped_then_queue_limited_to_their_services(
    identity: Identity,
    officer: OfficerIdentity | None,
    service: str | None,
    expected: tuple[str, ...] | None,
) -> None:
    assert allowed_services(identity, officer, service) == expected


@pytest.mark.parametrize(("identity", "officer"), [(SERVICE, None), (CASEWORKER, _officer("a"))])
def test_when_service_outside_scope_then_404(
    identity: Identity, officer: OfficerIdentity | None
) -> None:
    with pytest.raises(NotFoundError):
        allowed_services(identity, officer, "other")


NOW = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("query", "states", "due_before"),
    [
        (QueueQuery(), QUEUE_STATES, None),  # not asked: unchanged
        (QueueQuery(overdue=True), QUEUE_STATES, NOW),
        (
            QueueQuery(overdue=True, due_before=NOW - timedelta(days=1)),
            QUEUE_STATES,
            NOW - timedelta(days=1),
        ),  # the earlier bound wins
        (QueueQuery(overdue=True, due_before=NOW + timedelta(days=9)), QUEUE_STATES, NOW),
        (QueueQuery(overdue=True, states=("under_review", "final")), ("under_review",), NOW),
    ],
)
def test_when_overdue_asked_then_open_states_due_before_now(
    query: QueueQuery, states: tuple[str, ...], due_before: datetime | None
) -> None:
    narrowed = query.narrowed(NOW)
    assert narrowed is not None and not narrowed.overdue
    assert (narrowed.states, narrowed.due_before) == (states, due_before)


def test_when_overdue_asked_of_closed_states_only_then_nothing_can_match() -> None:
    assert QueueQuery(overdue=True, states=("final", "automated_final")).narrowed(NOW) is None
