"""Dashboard start page: the audit chain's latest checkpoint and each model's fairness gate."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from gateway.components import components_of
from gateway.fairness_gate import all_gates
from gateway.routes.audit import record_query
from gateway.ui.pages import dashboard_router, officer_session, page


@get("/", guards=[officer_session], include_in_schema=False)
async def overview(request: Request[Any, Any, Any]) -> Template:
    components = components_of(request)
    checkpoint = await components.audit.latest_checkpoint()
    statuses: list[tuple[str, str]] = []
    fairness = getattr(components, "fairness", None)
    if fairness is not None:
        gates = await all_gates(components.settings, fairness)
        statuses = [(model, gate.status) for model, gate in gates.items()]
    await record_query(request, "overview", {"via": "ui"})
    return page(
        request,
        "overview.html",
        title="title.overview",
        checkpoint=checkpoint,
        statuses=statuses,
        decisions_available=getattr(components, "decisions", None) is not None,
        fairness_available=fairness is not None,
    )


router = dashboard_router(overview)
