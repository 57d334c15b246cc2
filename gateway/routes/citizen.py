"""What a citizen sees of a decision about them: JSON API and a plain HTML page.

Access is by the per-decision access code only. A wrong, expired or guessed code and an
unknown id give the same 404 after the same minimum time, so nothing can be learned about
which decisions exist. Every view and review request is audited under the subject pseudonym.

Guessing is limited twice: per client address (rate-limit role ``citizen``) and per decision:
after ``decisions.access_code_max_failures`` wrong codes a decision's code is locked (the
same 404, even for the right code) until an officer unlocks it
(``POST /v1/decisions/{id}/access-code/unlock``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

import msgspec
from litestar import Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.enums import MediaType, RequestEncodingType
from litestar.params import Body

from audit_log.types import AuditEvent
from explain import (
    CitizenFormTokens,
    DecisionNotFoundError,
    DecisionRecord,
    LifecycleError,
    citizen_explanation,
    current_state,
    render_access_page,
    render_citizen_page,
    render_review_confirmation,
)
from gateway.auth import enforce_rate_limit
from gateway.components import components_of
from gateway.constant_time import response_time_floor
from gateway.errors import (
    BadRequestError,
    ConflictError,
    NotFoundError,
)
from gateway.logging import request_id_of
from gateway.security_headers import allow_inline_styles

ACCESS_CODE_HEADER = "x-access-code"
# Longer than the slowest lookup, so found and not-found answers take the same time.
RESPONSE_FLOOR_S = 0.05
MAX_MESSAGE_CHARS = 5000
NOT_FOUND = "no decision with this id and access code"

Lang = Literal["de", "en", "ls"]
FORM = Body(media_type=RequestEncodingType.URL_ENCODED)


class ReviewRequestBody(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    message: str = ""


class AccessForm(msgspec.Struct, kw_only=True):
    access_code: str = ""
    form_token: str = ""
    lang: str = "de"


class ReviewForm(msgspec.Struct, kw_only=True):
    access_code: str = ""
    form_token: str = ""
    message: str = ""
    lang: str = "de"


def _client(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return connection.client.host if connection.client else "unknown"


async def _open(request: Request[Any, Any, Any], decision_id: str, code: str) -> DecisionRecord:
    """The decision for this code, or the uniform 404 (after the response-time floor)."""
    await enforce_rate_limit(request, "citizen", f"ip:{_client(request)}")
    components = components_of(request)
    store = components.decisions
    max_failures = components.settings.decisions.access_code_max_failures
    async with response_time_floor(RESPONSE_FLOOR_S):
        try:
            if max_failures > 0 and await store.code_failures(decision_id) >= max_failures:
                raise DecisionNotFoundError()  # locked: the same answer as a wrong code
            record: DecisionRecord = await store.get_for_citizen(decision_id, code.strip())
        except DecisionNotFoundError:
            await store.add_code_failure(decision_id)
            raise NotFoundError(NOT_FOUND) from None
    return record


async def _audit(
    request: Request[Any, Any, Any],
    record: DecisionRecord,
    event_type: str,
    payload: dict[str, Any] | None = None,
    personal: dict[str, str] | None = None,
) -> None:
    await components_of(request).audit.append(
        AuditEvent(
            event_type=event_type,
            request_id=request_id_of(request),
            actor="citizen",
            service=record.service,
            model=record.model_id,
            purpose=record.purpose,
            outcome="ok",
            subject=record.subject_pseudonym,
            payload={"decision_id": record.id, **(payload or {})},
            personal=personal or {},
        )
    )


def _explanation(request: Request[Any, Any, Any], record: DecisionRecord, lang: Lang) -> Any:
    components = components_of(request)
    spec = components.models.get(record.model_id, record.model_version).spec
    remedy = components.settings.reviews.for_service(record.service).remedy
    return citizen_explanation(record, spec, lang=lang, remedy=remedy)


def _lang(value: str | None) -> Lang:
    return value if value in ("en", "ls") else "de"  # type: ignore[return-value]


def _tokens(request: Request[Any, Any, Any]) -> CitizenFormTokens:
    secret = components_of(request).settings.decisions.access_code_secret
    return CitizenFormTokens(secret.encode())


def _code_from(
    request: Request[Any, Any, Any], decision_id: str, access_code: str, form_token: str
) -> str | None:
    """The code typed in, or the one a form token carries; None if the token is stale."""
    if form_token:
        return _tokens(request).open(decision_id, form_token)
    return access_code


@get(
    "/v1/citizen/decisions/{decision_id:str}/explanation",
    tags=["citizen"],
    summary="Plain-language explanation of a decision (access code in X-Access-Code)",
)
async def get_explanation(
    request: Request[Any, Any, Any], decision_id: str, lang: Literal["de", "en", "ls"] = "de"
) -> dict[str, Any]:
    record = await _open(request, decision_id, request.headers.get(ACCESS_CODE_HEADER, ""))
    explanation = _explanation(request, record, lang)
    await _audit(request, record, "explanation.viewed", {"lang": lang, "channel": "api"})
    result: dict[str, Any] = msgspec.to_builtins(explanation)
    return result


@post(
    "/v1/citizen/decisions/{decision_id:str}/review-request",
    status_code=201,
    tags=["citizen"],
    summary="Ask for a human review of the decision (GDPR Art. 22, AI Act Art. 86)",
)
async def request_review(
    request: Request[Any, Any, Any], decision_id: str, data: ReviewRequestBody
) -> dict[str, Any]:
    if len(data.message) > MAX_MESSAGE_CHARS:
        raise BadRequestError(
            f"message is longer than {MAX_MESSAGE_CHARS} characters", field="message"
        )
    code = request.headers.get(ACCESS_CODE_HEADER, "")
    record = await _open(request, decision_id, code)
    review, queued = await _add_review(request, record, code, data.message, channel="api")
    due = queued.review_due_at
    return {
        "decision_id": record.id,
        "case_reference": record.case_reference,
        "requested_at": review.created_at.isoformat(),
        "status": "received",
        "state": current_state(queued),
        "review_due_at": None if due is None else due.isoformat(),
    }


async def _add_review(
    request: Request[Any, Any, Any],
    record: DecisionRecord,
    code: str,
    message: str,
    *,
    channel: str,
) -> tuple[Any, DecisionRecord]:
    """Record the request; returns it and the decision as queued for review."""
    components = components_of(request)
    deadline = components.settings.reviews.for_service(record.service).deadline
    try:
        review = await components.decisions.add_review_request(
            record.id, message, access_code=code.strip(), review_deadline=deadline
        )
        queued = await components.decisions.get(record.id)
    except DecisionNotFoundError:
        raise NotFoundError(NOT_FOUND) from None
    except LifecycleError as exc:  # review_page answers a conflict with the page as it is
        raise ConflictError(str(exc)) from None
    # The message may hold personal data: it is kept encrypted under the subject's key.
    await _audit(
        request,
        record,
        "review.requested",
        {
            "channel": channel,
            "from_state": current_state(record),
            "to_state": current_state(queued),
            "review_due_at": None
            if queued.review_due_at is None
            else queued.review_due_at.isoformat(),
        },
        personal={"message": message} if message else None,
    )
    return review, queued


def _page(request: Request[Any, Any, Any], html: str, status: int = 200) -> Response[str]:
    allow_inline_styles(cast("dict[str, Any]", request.scope))
    return Response(html, status_code=status, media_type=MediaType.HTML)


@get("/erklaerung/{decision_id:str}", tags=["citizen"], include_in_schema=False)
async def access_page(
    request: Request[Any, Any, Any], decision_id: str, lang: str | None = None
) -> Response[str]:
    return _page(request, render_access_page(decision_id, lang=_lang(lang)))


@post("/erklaerung/{decision_id:str}", tags=["citizen"], include_in_schema=False)
async def explanation_page(
    request: Request[Any, Any, Any],
    decision_id: str,
    data: Annotated[AccessForm, FORM],
) -> Response[str]:
    lang = _lang(data.lang)
    code = _code_from(request, decision_id, data.access_code, data.form_token)
    if code is None:
        return _page(request, render_access_page(decision_id, lang=lang, failed="expired"))
    try:
        record = await _open(request, decision_id, code)
    except NotFoundError:
        return _page(request, render_access_page(decision_id, lang=lang, failed=True), 404)
    await _audit(request, record, "explanation.viewed", {"lang": lang, "channel": "web"})
    token = _tokens(request).issue(record.id, code.strip())
    return _page(
        request, render_citizen_page(_explanation(request, record, lang), form_token=token)
    )


@post("/erklaerung/{decision_id:str}/pruefung", tags=["citizen"], include_in_schema=False)
async def review_page(
    request: Request[Any, Any, Any],
    decision_id: str,
    data: Annotated[ReviewForm, FORM],
) -> Response[str]:
    lang = _lang(data.lang)
    if len(data.message) > MAX_MESSAGE_CHARS:
        raise BadRequestError(
            f"message is longer than {MAX_MESSAGE_CHARS} characters", field="message"
        )
    code = _code_from(request, decision_id, data.access_code, data.form_token)
    if code is None:
        return _page(request, render_access_page(decision_id, lang=lang, failed="expired"))
    try:
        record = await _open(request, decision_id, code)
    except NotFoundError:
        return _page(request, render_access_page(decision_id, lang=lang, failed=True), 404)
    token = _tokens(request).issue(record.id, code.strip())
    try:
        review, refreshed = await _add_review(request, record, code, data.message, channel="web")
    except ConflictError:  # a person decided meanwhile: show the page as it is now
        page = render_citizen_page(_explanation(request, record, lang), form_token=token)
        return _page(request, page, 409)
    return _page(
        request,
        render_review_confirmation(
            _explanation(request, refreshed, lang),
            case_reference=refreshed.case_reference,
            requested_at=review.created_at,
            form_token=token,
        ),
    )


ROUTES = [get_explanation, request_review, access_page, explanation_page, review_page]
