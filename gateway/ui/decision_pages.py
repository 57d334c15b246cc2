"""Dashboard pages of automated decisions: the list and one decision with its explanation
(waterfall chart, the citizen's explanation in the officer's language)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.response import Template

from gateway.components import components_of
from gateway.errors import BadRequestError, NotFoundError, ServiceUnavailableError
from gateway.routes.audit import hashed, record_query
from gateway.ui.charts import waterfall
from gateway.ui.i18n import translate
from gateway.ui.pages import (
    ERR_NOT_CONFIGURED,
    PREFIX,
    dashboard_router,
    officer_session,
    page,
    runtime,
    ui_language,
    visible_service,
)

# --------------------------------------------------------------------------- decisions


def _decisions(request: Request[Any, Any, Any]) -> Any:
    store = getattr(components_of(request), "decisions", None)
    if store is None:
        raise ServiceUnavailableError(ERR_NOT_CONFIGURED.format(what="the decision store"))
    return store


@get("/decisions", guards=[officer_session], include_in_schema=False)
async def decisions_list(
    request: Request[Any, Any, Any],
    model_id: str | None = None,
    outcome: str | None = None,
    review: str | None = None,
    after: str | None = None,
) -> Template:
    from explain.store import DecisionFilter

    store = _decisions(request)
    size = runtime(request).settings.page_size
    if outcome and outcome not in ("approved", "denied", "grey_zone"):
        raise BadRequestError("outcome must be approved, denied or grey_zone", field="outcome")
    filters = DecisionFilter(
        model_id=model_id or None,
        outcome=outcome or None,  # type: ignore[arg-type]
        review_requested=True if review == "yes" else None,
        after_id=after or None,
        limit=size + 1,
    )
    rows = await store.list(filters)
    more = len(rows) > size
    rows = [r for r in rows[:size] if visible_service(request, r.service)]
    form = {
        k: v for k, v in (("model_id", model_id), ("outcome", outcome), ("review", review)) if v
    }
    await record_query(request, "decisions.search", {"via": "ui", "filters_sha256": hashed(form)})
    next_link = (
        f"{PREFIX}/decisions?{urlencode({**form, 'after': rows[-1].id})}" if more and rows else None
    )
    return page(
        request,
        "decisions.html",
        title="title.decisions",
        rows=rows,
        form=form,
        next_link=next_link,
    )


@get("/decisions/{decision_id:str}", guards=[officer_session], include_in_schema=False)
async def decision_detail(request: Request[Any, Any, Any], decision_id: str) -> Template:
    from explain.citizen import citizen_explanation, format_value
    from explain.errors import ModelNotFoundError

    store = _decisions(request)
    record = await store.get(decision_id)
    if not visible_service(request, record.service):
        raise NotFoundError("no decision with this id", field="decision_id")
    language = ui_language(request)
    citizen = None
    labels: dict[str, tuple[str, str]] = {}
    registry = getattr(components_of(request), "models", None)
    if registry is not None:
        try:
            spec = registry.get(record.model_id, record.model_version).spec
        except ModelNotFoundError:
            spec = None
        if spec is not None:
            citizen = citizen_explanation(record, spec, lang=language)
            for c in record.explanation.contributions:
                feature = spec.feature(c.name)
                labels[c.name] = (
                    feature.label.get(language),
                    format_value(feature, c.value, language),
                )
    expl = record.explanation
    chart = waterfall(
        expl.base_value,
        [(*labels.get(c.name, (c.name, str(c.value))), c.contribution) for c in expl.contributions],
        output_label=translate(language, f"chart.output_{expl.output_space}"),
        base_label=translate(language, "chart.base"),
        decimal_comma=language == "de",
    )
    await record_query(request, "decisions.read", {"via": "ui", "decision_id": decision_id})
    return page(
        request,
        "decision.html",
        title="title.decision",
        record=record,
        chart=chart,
        citizen=citizen,
        lang=language,
        labels=labels,
    )


router = dashboard_router(decisions_list, decision_detail)
