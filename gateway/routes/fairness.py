"""Bias audits for compliance officers: run now, list, show (JSON or HTML report)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec
from litestar import MediaType, Request, Response, get, post
from litestar.params import Parameter

from fairness import (
    render_report_html,
)
from fairness.publish import published_report
from gateway import authz
from gateway.auth import current_identity, require_role
from gateway.components import components_of
from gateway.errors import (
    NotFoundError,
)
from gateway.fairness_audits import audit_model, report_with_history
from gateway.fairness_gate import all_gates, gate_effect
from gateway.logging import request_id_of
from gateway.policy_reload import governance_of
from gateway.routes.audit import hashed, record_query, require_timezone
from gateway.security_headers import allow_inline_styles

OFFICERS = require_role("compliance-officer", "admin")


async def _model_filter(request: Request[Any, Any, Any]) -> Any:
    """``model_id -> bool``: may the caller see this model's bias audits (authz decides)."""
    identity = current_identity(request)
    if authz.service_scope(identity) is None:
        return lambda _model_id: True
    governance = governance_of(components_of(request).policy)
    return lambda model_id: authz.may_see_model(identity, governance, model_id)


class AuditRunRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    model_id: str
    since: datetime | None = None
    until: datetime | None = None
    model_version: str | None = None


@post(
    "/v1/fairness/audits",
    guards=[OFFICERS],
    status_code=201,
    tags=["fairness"],
    summary="Run a bias audit of one model now; its status gates the decision policy",
)
async def run_audit_now(request: Request[Any, Any, Any], data: AuditRunRequest) -> dict[str, Any]:
    require_timezone(data.since, "since")
    require_timezone(data.until, "until")
    if not (await _model_filter(request))(data.model_id):
        raise NotFoundError(f"no decisions of model {data.model_id!r}", field="model_id")
    components = components_of(request)
    report = await audit_model(
        settings=components.settings,
        fairness=components.fairness,
        audit=components.audit,
        model_id=data.model_id,
        actor=current_identity(request).name,
        request_id=request_id_of(request),
        since=data.since,
        until=data.until,
        model_version=data.model_version,
        governance=governance_of(components.policy),
    )
    return published_report(report)


@get(
    "/v1/fairness/audits",
    guards=[OFFICERS],
    tags=["fairness"],
    summary="Audit reports, newest first",
)
async def list_audits(
    request: Request[Any, Any, Any],
    model_id: str | None = None,
    limit: int = Parameter(default=20, ge=1, le=200),
) -> dict[str, Any]:
    components = components_of(request)
    store = components.fairness
    visible = await _model_filter(request)
    if model_id is not None and not visible(model_id):
        raise NotFoundError(f"no audits of model {model_id!r}", field="model_id")
    reports = await store.list_reports(model_id=model_id, limit=limit)
    gates = await all_gates(components.settings, store)
    # A scoped caller's page may hold fewer than ``limit`` reports (others are hidden).
    reports = [r for r in reports if visible(r.model_id)]
    gates = {m: g for m, g in gates.items() if visible(m)}
    await record_query(request, "fairness.list", {"filters_sha256": hashed({"model_id": model_id})})
    return {
        # what the decision policy reads per model (the gate, decision 0056)
        "statuses": {m: g.status for m, g in gates.items()},
        "gates": {m: g.to_dict() for m, g in gates.items()},
        "reports": [
            dict(published_report(r), gate_effect=gate_effect(components.settings, r))
            for r in reports
        ],
    }


@get(
    "/v1/fairness/audits/{report_id:str}",
    guards=[OFFICERS],
    tags=["fairness"],
    summary="One audit report (format=html for the page with charts and trend)",
)
async def get_audit(
    request: Request[Any, Any, Any],
    report_id: str,
    format: Literal["json", "html"] = "json",
    lang: Literal["de", "en"] = "de",
) -> Response[Any]:
    report, history = await report_with_history(
        components_of(request).fairness, report_id, history_limit=20
    )
    if not (await _model_filter(request))(report.model_id):
        raise NotFoundError("no audit report with this id", field="report_id")
    await record_query(request, "fairness.read", {"report_id": report_id})
    if format == "html":
        allow_inline_styles(request.scope)  # type: ignore[arg-type]
        return Response(render_report_html(report, history, lang=lang), media_type=MediaType.HTML)
    return Response(published_report(report))


ROUTES = [run_audit_now, list_audits, get_audit]
