"""Dashboard pages of the human review: the queue and one case with the review form.

German first, English on request: every text of these pages is in the dashboard's catalogue
(``gateway/ui/locale``, keys ``review.*``, ``state.*``), times in Europe/Berlin
(``gateway.ui.i18n``).

* ``GET /ui/reviews``: the queue, earliest due first, overdue ones marked (filters: service,
  state, due by the end of a Berlin day, overdue only).
* ``GET /ui/reviews/{id}``: the case (automated result, main factors, data used, the
  citizen's request, earlier review steps) and -- for caseworkers -- the forms to take the
  case and to record the reviewed outcome with a reason (four-eyes aware).
* ``POST /ui/reviews/{id}``: CSRF-checked; calls the same :class:`ReviewDesk` as the API.

Caseworkers log in to the dashboard for these pages only; compliance officers and admins see
them read-only. Reading a case is audited like every dashboard page (``record_query``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from explain import ALL_STATES, QUEUE_STATES, DecisionRecord, current_state, pending_proposal
from explain.errors import ModelNotFoundError
from explain.lifecycle import MSG_SAME_REVIEWER
from gateway.components import components_of
from gateway.errors import ConflictError, ForbiddenError, GatewayError, UnprocessableError
from gateway.keys import Role
from gateway.oidc import OfficerIdentity
from gateway.reviews import QueueQuery, ReviewBody, ReviewDesk, assignee
from gateway.routes.audit import record_query
from gateway.routes.reviews import parse_due_before, parse_states
from gateway.ui.i18n import LOCAL_ZONE, translate
from gateway.ui.pages import (
    PREFIX,
    check_csrf,
    dashboard_router,
    page,
    runtime,
    session_guard,
    ui_language,
)

REVIEW_PAGE_ROLES: tuple[Role, ...] = ("caseworker", "compliance-officer", "admin")

#: What ``?done=`` may report after a POST (catalogue ``review.done.<name>``).
DONE_NOTICES = ("taken", "proposed", "decided")
ERR_ROLE_REVIEWS = "role {role} may not use the review pages"
#: Guard of the review pages: caseworkers, and compliance officers and admins read-only.
review_session = session_guard(REVIEW_PAGE_ROLES, ERR_ROLE_REVIEWS)


def _officer(request: Request[Any, Any, Any]) -> OfficerIdentity | None:
    officer = request.scope["state"].get("officer")
    return officer if isinstance(officer, OfficerIdentity) else None


@get("/", guards=[review_session], include_in_schema=False)
async def review_queue(
    request: Request[Any, Any, Any],
    service: str | None = None,
    due_before: str | None = None,
    overdue: bool = False,
    after: str | None = None,
) -> Template:
    raw_state = request.query_params.get("state") or ""  # ``state`` is reserved in Litestar
    size = runtime(request).settings.page_size
    query = QueueQuery(
        service=service or None,
        states=parse_states(raw_state),
        due_before=due_before_in_berlin(due_before),
        overdue=overdue,
        after_id=after or None,
        limit=size + 1,
    )
    identity = request.scope["state"]["identity"]
    rows = await ReviewDesk(components_of(request)).queue(query, identity, _officer(request))
    more = len(rows) > size
    rows = rows[:size]
    form = {
        k: v
        for k, v in (
            ("service", service),
            ("state", raw_state),
            ("due_before", due_before),
            ("overdue", "true" if overdue else ""),
        )
        if v
    }
    await record_query(request, "reviews.search", {"via": "ui", **form})
    next_link = (
        f"{PREFIX}/reviews?{urlencode({**form, 'after': rows[-1].id})}" if more and rows else None
    )
    now = datetime.now(UTC)
    return page(
        request,
        "reviews.html",
        title="title.reviews",
        rows=[_row(r, now) for r in rows],
        form=form,
        states=ALL_STATES,
        next_link=next_link,
    )


def due_before_in_berlin(raw: str | None) -> datetime | None:
    """The form's date field means the end of that day where the officers work (Berlin); a
    timestamp or a wrong value goes to the API's parser (same rules, same 400)."""
    if raw and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            return parse_due_before(raw)
        return datetime.combine(day, time.max, tzinfo=LOCAL_ZONE)
    return parse_due_before(raw)


def _row(record: DecisionRecord, now: datetime) -> dict[str, Any]:
    state = current_state(record)
    due = record.review_due_at
    return {
        "id": record.id,
        "case_reference": record.case_reference,
        "service": record.service,
        "received": record.created_at,
        "automated": record.decision.outcome,
        "state": state,
        "due": due,
        "overdue": due is not None and state in QUEUE_STATES and due < now,
        "citizen_asked": bool(record.review_requests),
        "assignee": assignee(record) or "",
        "waiting_second": pending_proposal(record) is not None,
    }


async def _case_page(
    request: Request[Any, Any, Any],
    decision_id: str,
    *,
    status: int = 200,
    done: str | None = None,
    error: str | None = None,
) -> Template:
    components = components_of(request)
    identity = request.scope["state"]["identity"]
    record = await ReviewDesk(components).get(decision_id, identity, _officer(request))
    lang = ui_language(request)
    factors: list[dict[str, Any]] = []
    data: list[tuple[str, str]] = []
    try:
        spec = components.models.get(record.model_id, record.model_version).spec
    except (ModelNotFoundError, AttributeError):
        spec = None
    if spec is not None:
        from explain.citizen import format_value

        for c in record.explanation.top_factors(5):
            feature = spec.feature(c.name)
            factors.append(
                {
                    "label": feature.label.get(lang),
                    "value": format_value(feature, c.value, lang),
                    "for": c.contribution >= 0,
                }
            )
        data = [
            (f.label.get(lang), format_value(f, record.features[f.name], lang))
            for f in spec.features
        ]
    rules = components.settings.reviews.for_service(record.service)
    pending = pending_proposal(record)
    await record_query(request, "reviews.read", {"via": "ui", "decision_id": decision_id})
    return page(
        request,
        "review.html",
        status=status,
        title="title.review",
        title_values={"case": record.case_reference},
        record=record,
        state=current_state(record),
        in_queue=current_state(record) in QUEUE_STATES,
        may_act=identity.role == "caseworker",
        me=identity.name,
        four_eyes=rules.four_eyes,
        pending=pending,
        factors=factors,
        data=data,
        done=done,
        error=error,
    )


@get("/{decision_id:str}", guards=[review_session], include_in_schema=False)
async def review_case(
    request: Request[Any, Any, Any], decision_id: str, done: str | None = None
) -> Template:
    known = done if done in DONE_NOTICES else None
    return await _case_page(request, decision_id, done=known)


@post("/{decision_id:str}", guards=[review_session], status_code=303, include_in_schema=False)
async def review_act(request: Request[Any, Any, Any], decision_id: str) -> Response[Any]:
    form = await check_csrf(request)
    identity = request.scope["state"]["identity"]
    if identity.role != "caseworker":
        raise ForbiddenError(translate(ui_language(request), "review.read_only"))
    action = "take" if form.get("action") == "take" else "decide"
    outcome = str(form.get("outcome", "")) or None
    if outcome not in (None, "approved", "denied"):
        outcome = None
    body = ReviewBody(action=action, outcome=outcome, reason=str(form.get("reason", "")))  # type: ignore[arg-type]
    try:
        updated = await ReviewDesk(components_of(request)).act(
            decision_id=decision_id,
            body=body,
            identity=identity,
            officer=_officer(request),
            request_id=request.scope["state"]["request_id"],
        )
    except (ConflictError, UnprocessableError) as exc:
        return await _case_page(request, decision_id, status=exc.status, error=_problem_key(exc))
    done = (
        "taken"
        if action == "take"
        else "decided"
        if current_state(updated) == "final"
        else "proposed"
    )
    return Redirect(f"{PREFIX}/reviews/{decision_id}?done={done}", status_code=303)


def _problem_key(exc: GatewayError) -> str:
    """The catalogue key of what went wrong, in words a caseworker can act on."""
    if isinstance(exc, UnprocessableError):
        return "review.error.reason" if exc.field == "reason" else "review.error.outcome"
    if exc.detail == MSG_SAME_REVIEWER:
        return "review.own_proposal"
    return "review.closed"


router = dashboard_router(review_queue, review_case, review_act, path=f"{PREFIX}/reviews")
