"""The real gateway (``app.create_app``) for the browser tests, as a uvicorn factory.

Run as ``python -m uvicorn tests.e2e.browser.serve:create --factory``. It reads the normal
configuration (``LEITPLANKE_CONFIG``) and only fills in what the gateway does not have yet,
so it becomes a plain ``create_app()`` once the lead wires everything:

* the dashboard routes, if ``create_app`` does not register them yet;
* ``UiSettings`` from ``LEITPLANKE_TEST_UI`` (JSON), since ``Settings`` has no ``ui`` table yet;
* decision store, model registry and fairness store, if ``Components`` lacks them;
* a stand-in citizen page at ``/erklaerung/{id}`` built from ``explain.html``, if the gateway
  does not serve one yet (TEST SCAFFOLDING, replaced by the lead's route);
* seed data (audit events, decisions with access codes, bias audits) whose ids are written
  to ``LEITPLANKE_TEST_SEED_OUT`` (JSON) for the tests.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from typing import Any

from litestar import Litestar, Request, Response, get, post
from litestar.enums import MediaType

from app import create_app
from gateway.security_headers import allow_inline_styles
from gateway.settings import load_settings
from gateway.ui.routes import ROUTES, configure_ui
from gateway.ui.settings import UiSettings
from tests.e2e.browser.seed import (
    SeededData,
    open_domain_stores,
    seed_audit,
    seed_decisions,
    seed_fairness,
)

UI_ENV = "LEITPLANKE_TEST_UI"
SEED_OUT_ENV = "LEITPLANKE_TEST_SEED_OUT"


def _lang(value: Any) -> Any:
    return "en" if value == "en" else "de"


async def _citizen_page(
    request: Request[Any, Any, Any],
    decision_id: str,
    lang: str,
    code: str,
    *,
    submitted: bool = False,
) -> Response[str]:
    from explain import citizen_explanation, render_access_page, render_citizen_page
    from explain.errors import DecisionNotFoundError

    components = request.app.state.components
    allow_inline_styles(request.scope)  # explain.html carries its own <style>
    try:
        record = await components.decisions.get_for_citizen(decision_id, code)
    except DecisionNotFoundError:
        html = render_access_page(decision_id, lang=_lang(lang), failed=True)
        return Response(html, media_type=MediaType.HTML, status_code=404)
    spec = components.models.get(record.model_id, record.model_version).spec
    explanation = citizen_explanation(record, spec, lang=_lang(lang))
    return Response(
        render_citizen_page(explanation, review_submitted=submitted), media_type=MediaType.HTML
    )


@get("/erklaerung/{decision_id:str}", include_in_schema=False)
async def citizen_access(
    request: Request[Any, Any, Any], decision_id: str, lang: str = "de"
) -> Response[str]:
    from explain import render_access_page

    allow_inline_styles(request.scope)
    return Response(render_access_page(decision_id, lang=_lang(lang)), media_type=MediaType.HTML)


@post("/erklaerung/{decision_id:str}", status_code=200, include_in_schema=False)
async def citizen_show(request: Request[Any, Any, Any], decision_id: str) -> Response[str]:
    form = await request.form()
    return await _citizen_page(
        request, decision_id, str(form.get("lang", "de")), str(form.get("access_code", ""))
    )


@post("/erklaerung/{decision_id:str}/pruefung", status_code=200, include_in_schema=False)
async def citizen_review(request: Request[Any, Any, Any], decision_id: str) -> Response[str]:
    from explain.errors import DecisionNotFoundError

    form = await request.form()
    code = str(form.get("access_code", ""))
    try:
        await request.app.state.components.decisions.add_review_request(
            decision_id, str(form.get("message", "")), access_code=code
        )
    except DecisionNotFoundError:
        pass  # the page below shows the same "not found" as for a wrong code
    return await _citizen_page(
        request, decision_id, str(form.get("lang", "de")), code, submitted=True
    )


def create() -> Litestar:
    settings = load_settings()
    app = create_app(settings)
    paths = {route.path for route in app.routes}
    if "/ui" not in paths:
        for router in ROUTES:
            app.register(router)
    if not any(path.startswith("/erklaerung") for path in paths):
        for handler in (citizen_access, citizen_show, citizen_review):
            app.register(handler)
    configure_ui(app, UiSettings(**json.loads(os.environ.get(UI_ENV, "{}"))))
    data = SeededData()
    scratch = tempfile.mkdtemp(prefix="leitplanke-ui-e2e-")
    opened: list[Any] = []

    async def attach_and_seed(app: Litestar) -> None:
        components = app.state.components
        if getattr(components, "decisions", None) is None:
            decisions, models, fairness = await open_domain_stores(settings, scratch)
            opened.extend([decisions, fairness])
            components.decisions = decisions
            components.models = getattr(components, "models", None) or models
            if getattr(components, "fairness", None) is None:
                components.fairness = fairness
        await seed_audit(components.audit, data)
        await seed_decisions(components.decisions, components.models, data)
        await seed_fairness(components.fairness, data)
        out = os.environ.get(SEED_OUT_ENV)
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                json.dump(dataclasses.asdict(data), handle)

    async def close_opened(app: Litestar) -> None:
        for store in opened:
            closer = getattr(store, "aclose", None) or store.close
            await closer()

    app.on_startup.append(attach_and_seed)
    app.on_shutdown.append(close_opened)
    return app
