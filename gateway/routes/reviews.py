"""Human review: the queue (``GET /v1/reviews``) and a caseworker's step on a decision."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from litestar import Request, get, post
from litestar.params import Parameter

from explain import ALL_STATES, QUEUE_STATES
from gateway.auth import require_role, visible_services
from gateway.components import Components
from gateway.decisions import decision_view
from gateway.errors import BadRequestError
from gateway.keys import Identity
from gateway.logging import request_id_of
from gateway.reviews import (
    QUEUE_READER_ROLES,
    REVIEWER_ROLES,
    QueueQuery,
    ReviewBody,
    ReviewDesk,
    review_view,
)


def parse_due_before(raw: str | None) -> datetime | None:
    """``2026-12-24`` (reviews due before that day ends, UTC) or an ISO timestamp with zone."""
    if not raw:
        return None
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return datetime.combine(day, time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise BadRequestError(
            "due_before must be a date (YYYY-MM-DD) or an ISO 8601 timestamp", field="due_before"
        ) from None
    if moment.tzinfo is None:
        raise BadRequestError("due_before needs a time zone (e.g. Z)", field="due_before")
    return moment


def parse_states(raw: str | None) -> tuple[Any, ...]:
    """Comma-separated states; empty: the queue (provisional and under_review)."""
    if not raw:
        return QUEUE_STATES
    states = tuple(s.strip() for s in raw.split(",") if s.strip())
    unknown = [s for s in states if s not in ALL_STATES]
    if unknown or not states:
        raise BadRequestError(
            f"state must be one or more of {', '.join(ALL_STATES)}", field="state"
        )
    return states


@get(
    "/v1/reviews",
    guards=[require_role(*QUEUE_READER_ROLES)],
    tags=["reviews"],
    summary="Decisions waiting for or in human review, earliest due first (scoped by service)",
)
async def list_reviews(
    request: Request[Any, Any, Any],
    components: Components,
    identity: Identity,
    service: str | None = None,
    due_before: str | None = None,
    overdue: bool = False,
    after_id: str | None = None,
    limit: int = Parameter(default=50, ge=1, le=500),
) -> dict[str, Any]:
    # ``state`` is a reserved parameter name in Litestar: read the query by hand.
    query = QueueQuery(
        service=service or None,
        states=parse_states(request.query_params.get("state")),
        due_before=parse_due_before(due_before),
        overdue=overdue,
        after_id=after_id or None,
        limit=limit,
    )
    records = await ReviewDesk(components).queue(query, identity, visible_services(request))
    now = datetime.now(UTC)
    return {
        "reviews": [review_view(r, now=now) for r in records],
        "next_after_id": records[-1].id if len(records) == limit else None,
    }


@post(
    "/v1/decisions/{decision_id:str}/review",
    guards=[require_role(*REVIEWER_ROLES)],
    status_code=200,
    tags=["reviews"],
    summary="A caseworker takes the case or records the reviewed outcome with a reason",
)
async def review_decision(
    request: Request[Any, Any, Any],
    decision_id: str,
    data: ReviewBody,
    components: Components,
    identity: Identity,
) -> dict[str, Any]:
    record = await ReviewDesk(components).act(
        decision_id=decision_id,
        body=data,
        identity=identity,
        officer=visible_services(request),
        request_id=request_id_of(request),
    )
    return {**decision_view(record), "review": review_view(record)}


ROUTES = [list_reviews, review_decision]
