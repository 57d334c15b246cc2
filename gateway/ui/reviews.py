"""Dashboard pages of the human review: the queue and one case with the review form.

German first. Every text of these pages is in :data:`TEXT` (one dict per language, keyed by
message id), so it can move into the dashboard's translation catalogue as it is.

* ``GET /ui/reviews``: the queue, earliest due first (filters: service, state, due date).
* ``GET /ui/reviews/{id}``: the case (automated result, main factors, data used, the
  citizen's request, earlier review steps) and -- for caseworkers -- the forms to take the
  case and to record the reviewed outcome with a reason (four-eyes aware).
* ``POST /ui/reviews/{id}``: CSRF-checked; calls the same :class:`ReviewDesk` as the API.

Caseworkers log in to the dashboard for these pages only; compliance officers and admins see
them read-only. Reading a case is audited like every dashboard page (``record_query``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from litestar import Request, Response, Router, get, post
from litestar.response import Redirect

from explain import ALL_STATES, QUEUE_STATES, DecisionRecord, current_state, pending_proposal
from explain.errors import ModelNotFoundError
from explain.lifecycle import MSG_SAME_REVIEWER
from gateway.errors import (
    ConflictError,
    ForbiddenError,
    GatewayError,
    RateLimitedError,
    UnprocessableError,
)
from gateway.keys import Role
from gateway.oidc import OfficerIdentity
from gateway.reviews import QueueQuery, ReviewBody, ReviewDesk, assignee
from gateway.routes.audit import record_query
from gateway.routes.reviews import parse_due_before, parse_states
from gateway.ui.routes import (
    PREFIX,
    LoginRequiredError,
    _error_page,
    _login_redirect,
    check_csrf,
    page,
    runtime,
    session_guard,
)

REVIEW_PAGE_ROLES: tuple[Role, ...] = ("caseworker", "compliance-officer", "admin")
BERLIN = ZoneInfo("Europe/Berlin")

TEXT: dict[str, dict[str, str]] = {
    "de": {
        "queue_title": "Prüfungen",
        "queue_intro": "Entscheidungen, die ein Mensch prüfen muss oder deren Prüfung verlangt "
        "wurde. Die zuerst fälligen stehen oben.",
        "filters": "Filter",
        "service": "Fachverfahren (Dienst)",
        "state": "Stand",
        "due_before": "Fällig bis (Datum)",
        "any": "alle offenen",
        "filter": "Filtern",
        "caption": "Prüfungen, zuerst fällige oben",
        "case": "Aktenzeichen",
        "received": "Eingang",
        "automated": "Vorschlag des Programms",
        "due": "Fällig am",
        "citizen_asked": "Antrag auf Prüfung",
        "assignee": "Bearbeitet von",
        "none": "Keine Prüfungen gefunden.",
        "next": "Weitere Einträge",
        "overdue": "überfällig",
        "yes": "ja",
        "no": "nein",
        "waiting_second": "wartet auf Bestätigung",
        "state_provisional": "vorläufig",
        "state_under_review": "in Prüfung",
        "state_final": "endgültig (geprüft)",
        "state_automated_final": "endgültig (automatisiert)",
        "outcome_approved": "bewilligt",
        "outcome_denied": "abgelehnt",
        "outcome_grey_zone": "unklar (Grauzone)",
        "case_title": "Prüfung",
        "back": "Zurück zu den Prüfungen",
        "summary": "Überblick",
        "model": "Modell",
        "score": "Wahrscheinlichkeit einer Bewilligung",
        "threshold": "Schwelle",
        "final": "Ergebnis der Prüfung",
        "not_yet": "noch offen",
        "factors": "Wichtigste Gründe des Programms",
        "factor": "Angabe",
        "value": "Wert",
        "direction": "Wirkung",
        "for": "spricht für eine Bewilligung",
        "against": "spricht gegen eine Bewilligung",
        "data": "Angaben im Antrag",
        "requests": "Anträge der Bürgerin oder des Bürgers auf Prüfung",
        "request_at": "Eingegangen am",
        "message": "Nachricht",
        "no_message": "(keine Nachricht)",
        "no_requests": "Keine Anträge auf Prüfung.",
        "steps": "Bisherige Prüfschritte",
        "no_steps": "Noch keine Prüfschritte.",
        "step_taken": "hat den Fall übernommen",
        "step_proposed": "hat ein Ergebnis vorgeschlagen",
        "step_decided": "hat entschieden",
        "reason": "Begründung",
        "take_title": "Fall übernehmen",
        "take_hint": "Der Fall steht dann mit Ihrem Namen in der Liste.",
        "take": "Fall übernehmen",
        "decide_title": "Ergebnis der Prüfung festhalten",
        "outcome": "Ergebnis",
        "reason_hint": "Pflichtfeld. Die Begründung wird verschlüsselt gespeichert und "
        "erscheint im Prüfprotokoll nur verschlüsselt.",
        "save": "Ergebnis festhalten",
        "confirm_hint": "Vier-Augen-Prinzip: {who} hat „{outcome}“ vorgeschlagen. Eine andere "
        "Person muss das Ergebnis bestätigen. Wählen Sie dasselbe Ergebnis, um zu bestätigen, "
        "oder ein anderes, um einen neuen Vorschlag zu machen.",
        "own_proposal": "Sie haben dieses Ergebnis vorgeschlagen. Eine andere Person muss es "
        "bestätigen.",
        "four_eyes_first": "Vier-Augen-Prinzip: Ihr Ergebnis ist ein Vorschlag, bis eine andere "
        "Person es bestätigt.",
        "read_only": "Nur Sachbearbeiterinnen und Sachbearbeiter können Prüfungen bearbeiten.",
        "closed": "Diese Entscheidung ist nicht in der Prüfung.",
        "closed_final": "Die Prüfung ist abgeschlossen.",
        "done_taken": "Sie haben den Fall übernommen.",
        "done_proposed": "Ihr Vorschlag ist gespeichert. Eine andere Person muss ihn bestätigen.",
        "done_decided": "Das Ergebnis ist gespeichert. Die Entscheidung ist endgültig.",
        "error": "Das hat nicht geklappt",
        "error_reason": "Bitte geben Sie eine Begründung an (höchstens 5.000 Zeichen).",
        "error_outcome": "Bitte wählen Sie ein Ergebnis: bewilligt oder abgelehnt.",
    },
}


def berlin(moment: datetime | None, *, with_time: bool = False) -> str:
    """A moment as officers in Germany read it: ``06.12.2026`` or ``06.12.2026, 16:43``."""
    if moment is None:
        return "–"
    local = moment.astimezone(BERLIN)
    return local.strftime("%d.%m.%Y, %H:%M" if with_time else "%d.%m.%Y")


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
    after: str | None = None,
) -> Response[str]:
    raw_state = request.query_params.get("state") or ""  # ``state`` is reserved in Litestar
    size = runtime(request).settings.page_size
    query = QueueQuery(
        service=service or None,
        states=parse_states(raw_state),
        due_before=parse_due_before(due_before),
        after_id=after or None,
        limit=size + 1,
    )
    identity = request.scope["state"]["identity"]
    rows = await ReviewDesk(request.app.state.components).queue(query, identity, _officer(request))
    more = len(rows) > size
    rows = rows[:size]
    form = {
        k: v
        for k, v in (("service", service), ("state", raw_state), ("due_before", due_before))
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
        title=TEXT["de"]["queue_title"],
        tx=TEXT["de"],
        rows=[_row(r, now) for r in rows],
        form=form,
        states=ALL_STATES,
        next_link=next_link,
    )


def _row(record: DecisionRecord, now: datetime) -> dict[str, Any]:
    state = current_state(record)
    due = record.review_due_at
    return {
        "id": record.id,
        "case_reference": record.case_reference,
        "service": record.service,
        "received": berlin(record.created_at, with_time=True),
        "automated": record.decision.outcome,
        "state": state,
        "due": berlin(due),
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
) -> Response[str]:
    components = request.app.state.components
    identity = request.scope["state"]["identity"]
    record = await ReviewDesk(components).get(decision_id, identity, _officer(request))
    t = TEXT["de"]
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
                    "label": feature.label.get("de"),
                    "value": format_value(feature, c.value, "de"),
                    "for": c.contribution >= 0,
                }
            )
        data = [
            (f.label.get("de"), format_value(f, record.features[f.name], "de"))
            for f in spec.features
        ]
    rules = components.settings.reviews.for_service(record.service)
    pending = pending_proposal(record)
    await record_query(request, "reviews.read", {"via": "ui", "decision_id": decision_id})
    return page(
        request,
        "review.html",
        status=status,
        title=f"{t['case_title']} {record.case_reference}",
        tx=t,
        record=record,
        state=current_state(record),
        in_queue=current_state(record) in QUEUE_STATES,
        may_act=identity.role == "caseworker",
        me=identity.name,
        four_eyes=rules.four_eyes,
        pending=pending,
        factors=factors,
        data=data,
        berlin=berlin,
        done=done,
        error=error,
    )


@get("/{decision_id:str}", guards=[review_session], include_in_schema=False)
async def review_case(
    request: Request[Any, Any, Any], decision_id: str, done: str | None = None
) -> Response[str]:
    known = done if done in ("taken", "proposed", "decided") else None
    return await _case_page(request, decision_id, done=known)


@post("/{decision_id:str}", guards=[review_session], status_code=303, include_in_schema=False)
async def review_act(request: Request[Any, Any, Any], decision_id: str) -> Response[Any]:
    form = await check_csrf(request)
    identity = request.scope["state"]["identity"]
    if identity.role != "caseworker":
        raise ForbiddenError(TEXT["de"]["read_only"])
    action = "take" if form.get("action") == "take" else "decide"
    outcome = str(form.get("outcome", "")) or None
    if outcome not in (None, "approved", "denied"):
        outcome = None
    body = ReviewBody(action=action, outcome=outcome, reason=str(form.get("reason", "")))  # type: ignore[arg-type]
    try:
        updated = await ReviewDesk(request.app.state.components).act(
            decision_id=decision_id,
            body=body,
            identity=identity,
            officer=_officer(request),
            request_id=request.scope["state"]["request_id"],
        )
    except (ConflictError, UnprocessableError) as exc:
        return await _case_page(request, decision_id, status=exc.status, error=_german(exc))
    done = (
        "taken"
        if action == "take"
        else "decided"
        if current_state(updated) == "final"
        else "proposed"
    )
    return Redirect(f"{PREFIX}/reviews/{decision_id}?done={done}", status_code=303)


def _german(exc: GatewayError) -> str:
    t = TEXT["de"]
    if isinstance(exc, UnprocessableError):
        return t["error_reason"] if exc.field == "reason" else t["error_outcome"]
    if exc.detail == MSG_SAME_REVIEWER:
        return t["own_proposal"]
    return t["closed"]


review_router = Router(
    path=f"{PREFIX}/reviews",
    route_handlers=[review_queue, review_case, review_act],
    exception_handlers={
        LoginRequiredError: _login_redirect,
        GatewayError: _error_page,
        RateLimitedError: _error_page,
    },
    include_in_schema=False,
)

ROUTES = [review_router]
