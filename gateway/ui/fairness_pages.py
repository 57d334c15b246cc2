"""Dashboard pages of the bias audits: overview with each model's gate, one report (rates by
group, the trend of the worst ratio), the printable full report and "run an audit now"."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, cast

from litestar import Request, Response, get, post
from litestar.enums import MediaType
from litestar.response import Redirect, Template

from fairness.publish import disclosure
from gateway.components import components_of
from gateway.errors import BadRequestError, ServiceUnavailableError
from gateway.fairness_audits import audit_model, report_with_history
from gateway.fairness_gate import all_gates, gate_effect
from gateway.logging import request_id_of
from gateway.policy_reload import governance_of
from gateway.routes.audit import record_query
from gateway.security_headers import allow_inline_styles
from gateway.ui.charts import rate_bars, trend
from gateway.ui.i18n import local_time
from gateway.ui.pages import (
    ERR_NOT_CONFIGURED,
    PREFIX,
    check_csrf,
    dashboard_router,
    officer_session,
    page,
    ui_language,
)

REPORT_HISTORY = 30  # past audits shown in a report's trend


def _fairness(request: Request[Any, Any, Any]) -> Any:
    store = getattr(components_of(request), "fairness", None)
    if store is None:
        raise ServiceUnavailableError(ERR_NOT_CONFIGURED.format(what="the fairness store"))
    return store


def _worst_ratio(report: Any) -> float | None:
    ratios = [
        a.demographic_parity_ratio.value
        for a in report.attributes
        if a.demographic_parity_ratio is not None
    ]
    return min(ratios) if ratios else None


@get("/fairness", guards=[officer_session], include_in_schema=False)
async def fairness_overview(request: Request[Any, Any, Any]) -> Template:
    store = _fairness(request)
    models = await store.list_models()
    latest = [(m, await store.latest_report(m)) for m in models]
    recent = await store.list_reports(limit=20)
    gates = await all_gates(components_of(request).settings, store)
    await record_query(request, "fairness.list", {"via": "ui"})
    settings = components_of(request).settings
    return page(
        request,
        "fairness.html",
        title="title.fairness",
        latest=latest,
        recent=recent,
        gates=gates,
        gate_window_days=settings.fairness.gate_window_days,
        gate_effect=lambda report: gate_effect(settings, report),
        worst_ratio=_worst_ratio,
        message=request.query_params.get("message"),
    )


@get("/fairness/reports/{report_id:str}", guards=[officer_session], include_in_schema=False)
async def fairness_report(request: Request[Any, Any, Any], report_id: str) -> Template:
    report, history = await report_with_history(
        _fairness(request), report_id, history_limit=REPORT_HISTORY
    )
    charts = []
    minimum = report.thresholds.min_group_size
    for attribute in report.attributes:
        # groups below the minimum size are shown as "too small", never with a rate (0057)
        rules = disclosure(attribute, minimum)
        rows = [
            (
                g.group,
                g.selection_rate.value,
                g.selection_rate.ci_low,
                g.selection_rate.ci_high,
                g.group not in rules.too_small,
            )
            for g in attribute.groups
        ]
        tpr_rows = [
            (g.group, g.tpr.value, g.tpr.ci_low, g.tpr.ci_high, g.group not in rules.too_small)
            for g in attribute.groups
            if g.tpr is not None
        ]
        charts.append((attribute, rate_bars(rows), rate_bars(tpr_rows), rules))
    ordered = sorted(history, key=lambda r: r.created_at)
    language = ui_language(request)
    trend_points = [
        (local_time(r.created_at, language, seconds=False), ratio, r.status)
        for r in ordered
        if (ratio := _worst_ratio(r)) is not None
    ]
    points, threshold_y, polyline = trend(trend_points, threshold=report.thresholds.min_dp_ratio)
    await record_query(request, "fairness.read", {"via": "ui", "report_id": report_id})
    return page(
        request,
        "fairness_report.html",
        title="title.report",
        title_values={"model": report.model_id},
        report=report,
        charts=charts,
        trend_points=points,
        threshold_y=threshold_y,
        polyline=polyline,
        effect=gate_effect(components_of(request).settings, report),
    )


@get("/fairness/reports/{report_id:str}/full", guards=[officer_session], include_in_schema=False)
async def fairness_report_full(request: Request[Any, Any, Any], report_id: str) -> Response[str]:
    """The self-contained report page of ``fairness.report_html`` (print / archive)."""
    from fairness.report_html import render_report_html

    report, history = await report_with_history(
        _fairness(request), report_id, history_limit=REPORT_HISTORY
    )
    await record_query(request, "fairness.read", {"via": "ui", "report_id": report_id})
    allow_inline_styles(cast(MutableMapping[str, Any], request.scope))  # own <style>, style=""
    return Response(
        content=render_report_html(report, history, lang=ui_language(request)),
        media_type=MediaType.HTML,
    )


async def run_audit_now(request: Request[Any, Any, Any], model_id: str) -> Any:
    """Run a bias audit of ``model_id`` now through the gateway's audit pipeline
    (``gateway.fairness_audits.audit_model``): thresholds from the policy data, the report
    stored (its status gates the decision policy) and recorded in the audit log."""
    components = components_of(request)
    return await audit_model(
        settings=components.settings,
        fairness=_fairness(request),
        audit=components.audit,
        model_id=model_id,
        actor=request.scope["state"]["identity"].name,
        request_id=request_id_of(request),
        governance=governance_of(components.policy),
    )


@post("/fairness/run", guards=[officer_session], status_code=303, include_in_schema=False)
async def fairness_run(request: Request[Any, Any, Any]) -> Response[Any]:
    form = await check_csrf(request)
    model_id = str(form.get("model_id", "")).strip()
    if not model_id:
        raise BadRequestError("choose a model", field="model_id")
    await record_query(request, "fairness.run", {"via": "ui", "model_id": model_id})
    report = await run_audit_now(request, model_id)
    return Redirect(f"{PREFIX}/fairness/reports/{report.report_id}", status_code=303)


router = dashboard_router(fairness_overview, fairness_report, fairness_report_full, fairness_run)
