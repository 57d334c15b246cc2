"""Dashboard page "Nachweise": the deployer's records, current versions and their history.

Shows, for the record of processing activities and for every automated-decision model's FRIA
and registration, the newest recorded version, what is still to be completed, the version
history and downloads (PDF, Markdown, JSON; German or English). "Neue Version erstellen" records
a new version from the current facts (a POST with the session's CSRF token). The page's texts
are in the dashboard's catalogue (``records.*``); the documents themselves come from
``records`` (German first, English on request). Generation, storage
and scoping are the JSON API's (``gateway.routes.records``, ``gateway.records.operations``).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from gateway.components import components_of
from gateway.errors import BadRequestError, NotFoundError
from gateway.policy_reload import governance_of
from gateway.records.operations import KINDS, Kind, history, latest_document, stored_version
from gateway.routes.audit import record_query
from gateway.routes.records import check_model, generate_for, reader_scope, respond
from gateway.ui.pages import (
    PREFIX,
    check_csrf,
    dashboard_router,
    officer_session,
    page,
    ui_language,
)

Format = Literal["json", "md", "pdf", "algoritmeregister"]


def _models_in_scope(request: Request[Any, Any, Any]) -> list[str]:
    scope = reader_scope(request)
    models = (
        governance_of(components_of(request).policy)
        .get("automated_decisions", {})
        .get("models", {})
    )
    return sorted(
        m for m, cfg in models.items() if scope is None or set(cfg.get("services", [])) <= scope
    )


def _created(request: Request[Any, Any, Any]) -> int | None:
    """The version number a ``?created=`` redirect reports (a number only, never text)."""
    raw = request.query_params.get("created", "")
    return int(raw) if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,9}", raw) else None


async def _entry(request: Request[Any, Any, Any], kind: Kind, model: str) -> dict[str, Any]:
    components = components_of(request)
    scope = reader_scope(request)
    lang = ui_language(request)
    current = await latest_document(components, kind=kind, model=model, scope=scope)
    versions = [
        v.summary()
        for v in await history(components, kind=kind, model=model)
        if v.visible_to(scope)
    ]
    open_items = []
    if current is not None and current.document is not None:
        for value in current.document.values():
            if isinstance(value, dict) and value.get("to_be_completed"):
                title = value["title"].get(lang) or value["title"]["de"]
                open_items.append((title, value["to_be_completed"]))
    return {
        "kind": kind,
        "model": model,
        "current": current.summary() if current else None,
        "open_items": open_items,
        "versions": versions,
    }


@get("/records", guards=[officer_session], include_in_schema=False)
async def records_page(request: Request[Any, Any, Any]) -> Template:
    entries = [await _entry(request, "ropa", "")]
    for model in _models_in_scope(request):
        entries.append(await _entry(request, "fria", model))
        entries.append(await _entry(request, "registration", model))
    await record_query(request, "records.list", {"via": "ui"})
    return page(
        request,
        "records.html",
        title="title.records",
        entries=entries,
        created=_created(request),
    )


@get("/records/{kind:str}/download", guards=[officer_session], include_in_schema=False)
async def records_download(
    request: Request[Any, Any, Any],
    kind: Kind,
    version: int,
    model: str = "",
    format: Format = "pdf",
    document_lang: Literal["de", "en"] = "de",
) -> Response[Any]:
    check_model(request, kind, model)
    stored = await stored_version(components_of(request), kind=kind, version=version, model=model)
    if stored is None or not stored.visible_to(reader_scope(request)):
        raise NotFoundError(f"no version {version} of {kind}", field="version")
    response = respond(stored, format, document_lang, 200)
    suffix = "json" if format == "algoritmeregister" else format
    name = f"{kind}-{model or 'alle'}-v{version}-{document_lang}.{suffix}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@post(
    "/records/{kind:str}/generate",
    guards=[officer_session],
    status_code=303,
    include_in_schema=False,
)
async def records_generate(request: Request[Any, Any, Any], kind: str) -> Response[Any]:
    form = await check_csrf(request)
    if kind not in KINDS:
        raise BadRequestError(f"unknown record kind {kind!r}", field="kind")
    model = str(form.get("model", "")).strip()
    check_model(request, kind, model)
    stored = await generate_for(request, kind, model)
    return Redirect(
        f"{PREFIX}/records?created={stored.version}#{kind}-{model}",
        status_code=303,
    )


router = dashboard_router(records_page, records_download, records_generate)
