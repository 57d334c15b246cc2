"""Dashboard pages of the audit log: search, one record, export, chain status and verify.

Every page is audited like the JSON API (``record_query``) and OIDC scopes narrow what an
officer sees (``scoped``); the filters are the API's (``gateway.routes.audit.audit_filters``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.response import Stream, Template

from audit_log.export import MEDIA_TYPES as EXPORT_MEDIA_TYPES
from audit_log.types import AuditQuery
from gateway.audit_anchoring import verify_request
from gateway.components import components_of
from gateway.errors import BadRequestError, NotFoundError
from gateway.oidc import ALL_SERVICES, OfficerIdentity
from gateway.routes.audit import (
    FILTER_NAMES,
    audit_filters,
    export_stream,
    query_filters_payload,
    record_query,
    scoped,
)
from gateway.ui.i18n import LOCAL_ZONE, translate
from gateway.ui.pages import (
    PREFIX,
    check_csrf,
    dashboard_router,
    officer_session,
    page,
    runtime,
    ui_language,
    visible_service,
)

# --------------------------------------------------------------------------- audit


def _parse_time(raw: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise BadRequestError(f"{name} is not a date and time", field=name) from None
    # <input type="datetime-local"> sends no offset; the form asks for Berlin local time,
    # like every time the dashboard shows (zoneinfo resolves summer and winter time).
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_ZONE)


def ui_audit_query(
    params: Mapping[str, str], *, page_size: int
) -> tuple[AuditQuery, dict[str, str]]:
    """The ``AuditQuery`` of a search form (empty fields mean "any") and the filters as
    submitted (to refill the form and build links)."""
    chosen = {name: params[name].strip() for name in FILTER_NAMES if params.get(name, "").strip()}
    times = {
        name: _parse_time(params[name].strip(), name)
        for name in ("since", "until")
        if params.get(name, "").strip()
    }
    try:
        limit = int(params.get("limit", "") or page_size)
    except ValueError:
        raise BadRequestError("limit is not a number", field="limit") from None
    if not 1 <= limit <= 500:
        raise BadRequestError("limit must be between 1 and 500", field="limit")
    cursor = params.get("cursor", "").strip() or None
    query = audit_filters(**chosen, **times, cursor=cursor, limit=limit)  # type: ignore[arg-type]
    form = dict(chosen)
    form.update({name: params[name].strip() for name in ("since", "until") if name in times})
    if params.get("limit"):
        form["limit"] = str(limit)
    return dataclasses.replace(query, descending=True), form


@get("/audit", guards=[officer_session], include_in_schema=False)
async def audit_search(request: Request[Any, Any, Any]) -> Template:
    params = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    query, form = ui_audit_query(params, page_size=runtime(request).settings.page_size)
    officer = request.scope["state"].get("officer")
    scopes = (
        [s for s in officer.scopes if s != ALL_SERVICES]
        if isinstance(officer, OfficerIdentity) and ALL_SERVICES not in officer.scopes
        else []
    )
    if len(scopes) > 1 and query.service is None:
        # Several scopes and no service chosen: ask for one instead of an error page.
        return page(
            request,
            "audit_search.html",
            title="title.audit",
            form=form,
            scopes=scopes,
            notice=translate(
                ui_language(request), "audit.choose_service", services=", ".join(scopes)
            ),
            records=[],
            next_link=None,
            first_link=None,
            export_jsonl=None,
            export_csv=None,
        )
    query = scoped(request, query)
    result = await components_of(request).audit.query(query)
    await record_query(request, "search", {"via": "ui", **query_filters_payload(query)})
    base = urlencode(form)
    next_link = (
        f"{PREFIX}/audit?{urlencode({**form, 'cursor': result.next_cursor})}"
        if result.next_cursor
        else None
    )
    return page(
        request,
        "audit_search.html",
        title="title.audit",
        form=form,
        scopes=scopes,
        notice=None,
        records=[r.to_dict() for r in result.records],
        next_link=next_link,
        first_link=f"{PREFIX}/audit?{base}" if query.cursor else None,
        export_jsonl=f"{PREFIX}/audit/export?{urlencode({**form, 'format': 'jsonl'})}",
        export_csv=f"{PREFIX}/audit/export?{urlencode({**form, 'format': 'csv'})}",
    )


@get("/audit/events/{record_id:str}", guards=[officer_session], include_in_schema=False)
async def audit_event(request: Request[Any, Any, Any], record_id: str) -> Template:
    record = await components_of(request).audit.get(record_id)
    if record is None or not visible_service(request, record.event.service):
        raise NotFoundError("no audit record with this id", field="record_id")
    await record_query(request, "read", {"via": "ui", "record_id": record_id})
    view = record.to_dict()
    payload = view["event"].get("payload") or {}
    return page(
        request,
        "audit_event.html",
        title="title.event",
        title_values={"seq": record.seq},
        record=view,
        obligations=payload.get("obligations") or [],
        payload=payload,
        # what a data-protection officer looks for first goes to the top of the page
        special=list(payload.get("special_categories") or []),
        details=[(k, v) for k, v in payload.items() if k not in _EVENT_TOP_KEYS],
    )


_EVENT_TOP_KEYS = frozenset({"special_categories", "redaction", "obligations"})


@get("/audit/export", guards=[officer_session], include_in_schema=False)
async def audit_export(request: Request[Any, Any, Any]) -> Stream:
    params = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    fmt = params.get("format", "jsonl")
    if fmt not in EXPORT_MEDIA_TYPES:
        raise BadRequestError("format must be jsonl or csv", field="format")
    # The whole filter, not just the page on screen: no cursor; the export pages by itself.
    filters = {k: v for k, v in params.items() if k not in ("cursor", "limit", "format")}
    query, _ = ui_audit_query(filters, page_size=50)
    query = scoped(request, dataclasses.replace(query, descending=False))
    store = components_of(request).audit
    export_format: Literal["jsonl", "csv"] = "csv" if fmt == "csv" else "jsonl"
    await record_query(
        request, "export", {"via": "ui", "format": export_format, **query_filters_payload(query)}
    )
    return export_stream(store, query, export_format)


@get("/audit/chain", guards=[officer_session], include_in_schema=False)
async def chain_status(request: Request[Any, Any, Any]) -> Template:
    store = components_of(request).audit
    checkpoint = await store.latest_checkpoint()
    await record_query(request, "chain_status", {"via": "ui"})
    return page(
        request,
        "chain.html",
        title="title.chain",
        checkpoint=checkpoint,
        report=None,
        public_key=store.public_key_pem(),
    )


@post("/audit/chain/verify", guards=[officer_session], status_code=200, include_in_schema=False)
async def chain_verify(request: Request[Any, Any, Any]) -> Template:
    await check_csrf(request)
    store = components_of(request).audit
    # The same anchored verification as the CLI and GET /v1/audit/verify.
    report = await verify_request(
        store,
        components_of(request).settings,
        checkpoint_notes=(),
        witnesses=(),
        tsa_cert_pems=(),
    )
    checkpoint = await store.latest_checkpoint()
    await record_query(request, "verify", {"via": "ui", "ok": report.ok})
    return page(
        request,
        "chain.html",
        title="title.chain",
        checkpoint=checkpoint,
        report=report,
        public_key=store.public_key_pem(),
    )


router = dashboard_router(audit_search, audit_event, audit_export, chain_status, chain_verify)
