"""The deployer's records for compliance officers: GDPR Art. 30, AI Act Art. 27 and 49.

``GET /v1/records/{kind}`` returns the newest recorded version (generating the first one when
none exists), ``?version=N`` an earlier one; ``POST`` records a new version from the current
facts; ``GET /v1/records/{kind}/history`` lists the versions. ``format`` picks JSON, Markdown,
PDF or (registration only) the public algorithm register entry. An officer whose token is
scoped to some services sees the record of processing activities of those services only and
the FRIA/registration only of models all of whose services are in scope.
"""

from __future__ import annotations

from typing import Any, Literal

from litestar import Request, Response, get, post
from litestar.params import Parameter

from gateway import authz
from gateway.auth import current_identity, require_role
from gateway.components import components_of
from gateway.errors import (
    BadRequestError,
    ForbiddenError,
    NotFoundError,
)
from gateway.logging import request_id_of
from gateway.policy_reload import governance_of
from gateway.records.operations import (
    NEEDS_MODEL,
    Kind,
    StoredDocument,
    generate,
    history,
    latest_document,
    stored_version,
)
from records import render_markdown, render_pdf

OFFICERS = require_role("compliance-officer", "admin")
Format = Literal["json", "md", "pdf", "algoritmeregister"]
Lang = Literal["de", "en"]


def reader_scope(request: Request[Any, Any, Any]) -> frozenset[str] | None:
    """The caller's services (None: all), as ``gateway.authz`` decides for every resource."""
    return authz.service_scope(current_identity(request))


def check_model(request: Request[Any, Any, Any], kind: str, model: str) -> None:
    if kind not in NEEDS_MODEL:
        if model:
            raise BadRequestError(f"{kind} takes no model", field="model")
        return
    if not model:
        raise BadRequestError(f"{kind} needs ?model=", field="model")
    components = components_of(request)
    models = governance_of(components.policy).get("automated_decisions", {}).get("models", {})
    if model not in models:
        raise NotFoundError(f"no automated-decision model {model!r}", field="model")
    scope = reader_scope(request)
    if scope is not None and not set(models[model].get("services", [])) <= scope:
        raise ForbiddenError("the model serves services outside your scope", field="model")


async def generate_for(request: Request[Any, Any, Any], kind: Kind, model: str) -> StoredDocument:
    return await generate(
        components_of(request),
        kind=kind,
        model=model,
        services=reader_scope(request),
        actor=current_identity(request).name,
        request_id=request_id_of(request),
    )


def respond(stored: StoredDocument, fmt: Format, lang: Lang, status: int) -> Response[Any]:
    document = stored.document
    if document is None:
        raise NotFoundError("this version's content was removed by retention", field="version")
    headers = {
        "X-Record-Version": str(stored.version),
        "X-Record-Sha256": stored.sha256,
    }
    name = f"{stored.kind}-{stored.model or 'all'}-v{stored.version}"
    if fmt == "md":
        return Response(
            render_markdown(document, lang=lang),
            status_code=status,
            headers=headers,
            media_type="text/markdown; charset=utf-8",
        )
    if fmt == "pdf":
        headers["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return Response(
            render_pdf(document, lang=lang),
            status_code=status,
            headers=headers,
            media_type="application/pdf",
        )
    if fmt == "algoritmeregister":
        if stored.kind != "registration":
            raise BadRequestError("algoritmeregister is a format of registration", field="format")
        return Response(document["algorithm_register"][lang], status_code=status, headers=headers)
    return Response(
        {
            "version": stored.version,
            "record_id": stored.record_id,
            "recorded_at": stored.recorded_at,
            "sha256": stored.sha256,
            **document,
        },
        status_code=status,
        headers=headers,
    )


@get(
    "/v1/records/{kind:str}",
    guards=[OFFICERS],
    tags=["records"],
    summary="A deployer's record (ropa, fria, registration): newest version or ?version=N",
)
async def get_record(
    request: Request[Any, Any, Any],
    kind: Kind,
    model: str = Parameter(default="", max_length=200),
    format: Format = "json",
    lang: Lang = "de",
    version: int | None = Parameter(default=None, ge=1, le=2**53),
) -> Response[Any]:
    check_model(request, kind, model)
    components = components_of(request)
    scope = reader_scope(request)
    if version is not None:
        stored = await stored_version(components, kind=kind, version=version, model=model)
        if stored is None or not stored.visible_to(scope):
            raise NotFoundError(f"no version {version} of {kind}", field="version")
        return respond(stored, format, lang, 200)
    latest = await latest_document(components, kind=kind, model=model, scope=scope)
    if latest is None or latest.document is None:
        latest = await generate_for(request, kind, model)
    return respond(latest, format, lang, 200)


@post(
    "/v1/records/{kind:str}",
    guards=[OFFICERS],
    status_code=201,
    tags=["records"],
    summary="Record a new version of a deployer's record from the current facts",
)
async def create_record(
    request: Request[Any, Any, Any],
    kind: Kind,
    model: str = Parameter(default="", max_length=200),
    format: Format = "json",
    lang: Lang = "de",
) -> Response[Any]:
    check_model(request, kind, model)
    return respond(await generate_for(request, kind, model), format, lang, 201)


@get(
    "/v1/records/{kind:str}/history",
    guards=[OFFICERS],
    tags=["records"],
    summary="The recorded versions of a deployer's record, newest first",
)
async def record_history(
    request: Request[Any, Any, Any],
    kind: Kind,
    model: str = Parameter(default="", max_length=200),
) -> dict[str, Any]:
    check_model(request, kind, model)
    scope = reader_scope(request)
    versions = await history(components_of(request), kind=kind, model=model)
    return {
        "kind": kind,
        "model": model,
        "versions": [v.summary() for v in versions if v.visible_to(scope)],
    }


ROUTES = [get_record, create_record, record_history]
