"""Automated eligibility decisions: make, read, and record their outcome."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import Parameter

from explain import DecisionFilter
from gateway import authz
from gateway.auth import require_role
from gateway.components import Components
from gateway.decisions import DecisionPipeline, DecisionRequest, OutcomeRequest, decision_view
from gateway.keys import Identity
from gateway.logging import request_id_of
from gateway.metrics import server_timing_header
from gateway.pipeline import reasons_payload
from gateway.policy_reload import governance_of
from gateway.routes.chat import PURPOSE_HEADER

READERS = require_role("ai-service", "compliance-officer", "admin", "caseworker")


async def view_for(components: Components, identity: Identity) -> Any:
    """``decision_view`` with the fields this identity may see (authz decides)."""
    protected = False
    if identity.role == "caseworker":
        governance = governance_of(components.policy)
        protected = authz.shows_protected_attributes(identity, governance)
    return lambda record: decision_view(record, protected=protected)


@post(
    "/v1/decisions",
    guards=[require_role("ai-service")],
    status_code=201,
    tags=["decisions"],
    summary="Score an eligibility case, explain it with SHAP, apply the policy's obligations",
)
async def make_decision(
    request: Request[Any, Any, Any],
    data: DecisionRequest,
    decisions: DecisionPipeline,
    components: Components,
    identity: Identity,
) -> Response[dict[str, Any]]:
    made = await decisions.decide(
        request=data,
        identity=identity,
        purpose=(request.headers.get(PURPOSE_HEADER) or data.purpose).strip(),
        request_id=request_id_of(request),
    )
    record = made.record
    view = decision_view(record)
    body = {
        "id": record.id,
        "outcome": record.decision.outcome,
        "score": record.decision.probability,
        "obligations": list(made.policy.obligations),
        "human_review_required": "human_review" in made.policy.obligations,
        "reasons": reasons_payload(made.policy),
        "top_factors": view["explanation"]["top_factors"][:3],
        "explanation": view["explanation"],
        "counterfactual": view["counterfactual"],
        "model_id": record.model_id,
        "model_version": record.model_version,
        "citizen_access": {
            "access_code": made.access_code,
            "expires_at": made.access_code_expires_at.isoformat(),
            "explanation_url": f"/v1/citizen/decisions/{record.id}/explanation",
            "page_url": f"/erklaerung/{record.id}",
        },
    }
    headers = {}
    if components.settings.server.server_timing:
        headers["Server-Timing"] = server_timing_header(made.stages_ms)
    return Response(content=body, status_code=201, headers=headers)


@get(
    "/v1/decisions/{decision_id:str}",
    guards=[READERS],
    tags=["decisions"],
    summary="A stored decision with its explanation (the calling service sees only its own)",
)
async def get_decision(
    decision_id: str, decisions: DecisionPipeline, components: Components, identity: Identity
) -> dict[str, Any]:
    record = await decisions.get_visible(decision_id, identity)
    view: dict[str, Any] = (await view_for(components, identity))(record)
    return view


@get(
    "/v1/decisions",
    guards=[READERS],
    tags=["decisions"],
    summary="Decisions, newest last (the calling service sees only its own)",
)
async def list_decisions(
    components: Components,
    identity: Identity,
    model_id: str | None = None,
    outcome: str | None = None,
    review_requested: bool | None = None,
    after_id: str | None = None,
    limit: int = Parameter(default=50, ge=1, le=500),
) -> dict[str, Any]:
    scope = authz.service_scope(identity)
    filters = DecisionFilter(
        model_id=model_id,
        outcome=outcome,  # type: ignore[arg-type]
        services=None if scope is None else tuple(sorted(scope)),
        review_requested=review_requested,
        after_id=after_id,
        limit=limit,
    )
    records = await components.decisions.list(filters)
    view = await view_for(components, identity)
    return {
        "decisions": [view(r) for r in records],
        "next_after_id": records[-1].id if len(records) == limit else None,
    }


@post(
    "/v1/decisions/{decision_id:str}/outcome",
    guards=[require_role("ai-service", "caseworker")],
    status_code=200,
    tags=["decisions"],
    summary="Record ground truth or a human reviewer's final decision",
)
async def record_outcome(
    request: Request[Any, Any, Any],
    decision_id: str,
    data: OutcomeRequest,
    decisions: DecisionPipeline,
    components: Components,
    identity: Identity,
) -> dict[str, Any]:
    record = await decisions.record_outcome(
        decision_id=decision_id,
        body=data,
        identity=identity,
        request_id=request_id_of(request),
    )
    view: dict[str, Any] = (await view_for(components, identity))(record)
    return view


@post(
    "/v1/decisions/{decision_id:str}/access-code/unlock",
    guards=[require_role("compliance-officer", "admin")],
    status_code=200,
    tags=["decisions"],
    summary="Unlock a decision's citizen access code after too many wrong tries",
)
async def unlock_access_code(
    request: Request[Any, Any, Any],
    decision_id: str,
    decisions: DecisionPipeline,
    identity: Identity,
) -> dict[str, Any]:
    record = await decisions.unlock_access_code(
        decision_id=decision_id,
        identity=identity,
        request_id=request_id_of(request),
    )
    return {"decision_id": record.id, "access_code": "unlocked"}


ROUTES = [make_decision, get_decision, list_decisions, record_outcome, unlock_access_code]
