"""Retention and legal holds for compliance officers.

``GET /v1/audit/retention`` shows what the retention policy would remove now and why (a dry
run; the daily job and ``leitplanke audit retention`` apply it). Legal holds suspend deletion
for every record naming a subject pseudonym or a decision: ``GET/POST /v1/audit/holds`` and
``POST /v1/audit/holds/{hold_id}/release``. Holds cut across services, so only officers
without a service scope may see or change them. A hold's reason is kept in the holds table,
never in the append-only log.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from litestar import Request, get, post

from gateway.auth import current_identity, require_role
from gateway.components import components_of
from gateway.decisions import SUBJECT_PATTERN
from gateway.errors import BadRequestError, ForbiddenError, NotFoundError
from gateway.logging import request_id_of
from gateway.policy_reload import governance_of
from gateway.retention import apply_retention_policy, place_hold, release_hold
from gateway.routes.records import reader_scope

OFFICERS = require_role("compliance-officer", "admin")


class HoldRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    kind: Literal["subject", "decision"]
    value: str
    reason: str


def _unscoped(request: Request[Any, Any, Any]) -> None:
    if reader_scope(request) is not None:
        raise ForbiddenError("legal holds span all services; your access is scoped")


@get(
    "/v1/audit/retention",
    guards=[OFFICERS],
    tags=["audit"],
    summary="What the retention policy would remove now, and what legal holds keep",
)
async def retention_plan(request: Request[Any, Any, Any]) -> dict[str, Any]:
    _unscoped(request)
    components = components_of(request)
    plan = await apply_retention_policy(
        components.audit,
        components.settings,
        dry_run=True,
        governance=governance_of(components.policy),
        actor=current_identity(request).name,
        request_id=request_id_of(request),
    )
    return plan.to_dict()


@get("/v1/audit/holds", guards=[OFFICERS], tags=["audit"], summary="Legal holds")
async def list_holds(request: Request[Any, Any, Any]) -> dict[str, Any]:
    _unscoped(request)
    holds = await components_of(request).audit.legal_holds()
    return {
        "holds": [
            {
                "hold_id": h.hold_id,
                "kind": h.kind,
                "value": h.value,
                "reason": h.reason,
                "placed_by": h.placed_by,
                "placed_at": h.placed_at,
                "active": h.active,
                "released_at": h.released_at,
                "released_by": h.released_by,
            }
            for h in holds
        ]
    }


@post(
    "/v1/audit/holds",
    guards=[OFFICERS],
    status_code=201,
    tags=["audit"],
    summary="Place a legal hold on a subject pseudonym or a decision",
)
async def create_hold(request: Request[Any, Any, Any], data: HoldRequest) -> dict[str, Any]:
    _unscoped(request)
    if SUBJECT_PATTERN.fullmatch(data.value) is None:
        raise BadRequestError("value must be a subject pseudonym or decision id", field="value")
    if not data.reason.strip() or len(data.reason) > 500:
        raise BadRequestError("reason must be 1 to 500 characters", field="reason")
    hold = await place_hold(
        components_of(request).audit,
        kind=data.kind,
        value=data.value,
        reason=data.reason.strip(),
        actor=current_identity(request).name,
        request_id=request_id_of(request),
    )
    return {
        "hold_id": hold.hold_id,
        "kind": hold.kind,
        "value": hold.value,
        "placed_at": hold.placed_at,
        "active": True,
    }


@post(
    "/v1/audit/holds/{hold_id:str}/release",
    guards=[OFFICERS],
    status_code=200,
    tags=["audit"],
    summary="Release a legal hold",
)
async def end_hold(request: Request[Any, Any, Any], hold_id: str) -> dict[str, Any]:
    _unscoped(request)
    if SUBJECT_PATTERN.fullmatch(hold_id) is None:
        raise NotFoundError("no active hold with this id", field="hold_id")
    released = await release_hold(
        components_of(request).audit,
        hold_id,
        actor=current_identity(request).name,
        request_id=request_id_of(request),
    )
    if not released:
        raise NotFoundError("no active hold with this id", field="hold_id")
    return {"hold_id": hold_id, "active": False}


ROUTES = [retention_plan, list_holds, create_hold, end_hold]
