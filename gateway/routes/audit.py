"""Compliance officers' access to the audit log: search, read, prove, verify, export.

Every officer request is itself recorded (``audit.query``) before its answer is sent.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any, Literal

from litestar import Request, get, post
from litestar.di import Provide
from litestar.params import Parameter
from litestar.response import Stream

from audit_log.errors import (
    AuditError,
)
from audit_log.export import MEDIA_TYPES as EXPORT_MEDIA_TYPES
from audit_log.export import export_records
from audit_log.reports import subject_report
from audit_log.stores import AuditStore, utc_timestamp
from audit_log.types import AuditEvent, AuditQuery
from gateway import authz, operations
from gateway.audit_anchoring import verify_request
from gateway.audit_store import checkpoint_signer
from gateway.auth import current_identity, require_role
from gateway.components import components_of
from gateway.decisions import check_subject
from gateway.errors import (
    BadRequestError,
    NotFoundError,
)
from gateway.keys import Role
from gateway.logging import request_id_of

OFFICER_ROLES: tuple[Role, ...] = ("compliance-officer", "admin")
OFFICER_GUARDS = [require_role(*OFFICER_ROLES)]
# The exact-match filters of GET /v1/audit/events (the dashboard offers the same).
FILTER_NAMES = (
    "event_type",
    "service",
    "model",
    "purpose",
    "policy_result",
    "outcome",
    "reason_code",
    "request_id",
    "subject",
    "pii_entity",
)


def require_timezone(value: datetime | None, field: str) -> datetime | None:
    """The value if it is timezone-aware (or None); a naive time is a 400 naming ``field``."""
    if value is not None and value.tzinfo is None:
        raise BadRequestError(f"{field} needs a timezone, e.g. 2026-01-01T00:00:00Z", field=field)
    return value


def audit_filters(
    event_type: str | None = None,
    service: str | None = None,
    model: str | None = None,
    purpose: str | None = None,
    policy_result: str | None = None,
    outcome: str | None = None,
    reason_code: str | None = None,
    request_id: str | None = None,
    subject: str | None = None,
    pii_entity: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = None,
    limit: int = Parameter(default=50, ge=1, le=1000),
) -> AuditQuery:
    """Query parameters shared by the search and the export."""
    return AuditQuery(
        event_type=event_type,
        service=service,
        model=model,
        purpose=purpose,
        policy_result=policy_result,
        outcome=outcome,
        reason_code=reason_code,
        request_id=request_id,
        subject=subject,
        pii_entity=pii_entity,
        since=require_timezone(since, "since"),
        until=require_timezone(until, "until"),
        cursor=cursor,
        limit=limit,
    )


FILTERS = {"filters": Provide(audit_filters, sync_to_thread=False)}


def scoped(request: Request[Any, Any, Any], filters: AuditQuery) -> AuditQuery:
    """Narrow a query to the services the caller may see (``gateway.authz``).

    Raises:
        NotFoundError: a service outside the caller's scope was asked for, or the
            credential is bound to no service at all.
        BadRequestError: several services in scope and no ``service`` chosen.
    """
    services = authz.narrow(current_identity(request), filters.service)
    if services is None:
        return filters
    if len(services) == 1:
        return dataclasses.replace(filters, service=services[0])
    if not services:
        raise NotFoundError("your credential is bound to no service", field="service")
    raise BadRequestError(
        "choose a service within your scopes: " + ", ".join(services), field="service"
    )


def require_pseudonym(request: Request[Any, Any, Any], subject: str) -> None:
    """A subject in a path must be a pseudonym, else 422 and nothing is recorded."""
    check_subject(subject, components_of(request).redactor)


def _visible(request: Request[Any, Any, Any], service: str) -> bool:
    return authz.may_see(current_identity(request), service)


def hashed(values: Mapping[str, Any]) -> dict[str, str]:
    """Caller-typed search values as sha256 hex digests, for the append-only log.

    An officer may type a name into a filter; the log keeps only its hash (a reviewer who
    knows the value can still find the search), never the text.
    """
    return {
        name: hashlib.sha256(str(value).encode()).hexdigest()
        for name, value in values.items()
        if value is not None
    }


def query_filters_payload(query: AuditQuery) -> dict[str, Any]:
    """What an ``audit.query`` record keeps of a search: the filters as hashes, the window."""
    payload: dict[str, Any] = {}
    typed = {name: getattr(query, name) for name in (*FILTER_NAMES, "cursor")}
    if any(v is not None for v in typed.values()):
        payload["filters_sha256"] = hashed(typed)
    for name in ("since", "until"):
        value = getattr(query, name)
        if value is not None:
            payload[name] = value.isoformat()
    return payload


async def record_query(
    request: Request[Any, Any, Any], action: str, payload: dict[str, Any] | None = None
) -> None:
    """Write the ``audit.query`` record of an officer request (fail closed: 503)."""
    identity = current_identity(request)
    await components_of(request).audit.append(
        AuditEvent(
            event_type="audit.query",
            request_id=request_id_of(request),
            actor=identity.name,
            outcome="ok",
            payload={"action": action, "role": identity.role, **(payload or {})},
        )
    )


@get(
    "/v1/audit/events",
    guards=OFFICER_GUARDS,
    dependencies=FILTERS,
    tags=["audit"],
    summary="Filtered, cursor-paginated audit records",
)
async def list_events(request: Request[Any, Any, Any], filters: AuditQuery) -> dict[str, Any]:
    filters = scoped(request, filters)
    page = await components_of(request).audit.query(filters)
    await record_query(request, "search", query_filters_payload(filters))
    result: dict[str, Any] = page.to_dict()
    return result


@get(
    "/v1/audit/events/{record_id:str}",
    guards=OFFICER_GUARDS,
    tags=["audit"],
    summary="One audit record",
)
async def get_event(request: Request[Any, Any, Any], record_id: str) -> dict[str, Any]:
    record = await components_of(request).audit.get(record_id)
    if record is None or not _visible(request, record.event.service):
        raise NotFoundError("no audit record with this id", field="record_id")
    await record_query(request, "read", {"record_id": record_id})
    result: dict[str, Any] = record.to_dict()
    return result


@get(
    "/v1/audit/events/{record_id:str}/proof",
    guards=OFFICER_GUARDS,
    tags=["audit"],
    summary="Merkle inclusion proof against the latest signed checkpoint",
)
async def get_proof(request: Request[Any, Any, Any], record_id: str) -> dict[str, Any]:
    store = components_of(request).audit
    record = await store.get(record_id)
    if record is None or not _visible(request, record.event.service):
        raise NotFoundError("no audit record with this id", field="record_id")
    proof = await store.proof(record_id)
    # A checkpoint signed for this proof is anchored now (best effort), so that the proof
    # carries its time-stamp token and cosignatures (docs/verify-proof.md).
    await store.anchor_pending(now=utc_timestamp())
    anchors = [a.to_dict() for a in await store.anchors() if a.tree_size == proof.tree_size]
    await record_query(request, "proof", {"record_id": record_id})
    result: dict[str, Any] = proof.to_dict()
    result["public_key_pem"] = store.public_key_pem()
    result["anchors"] = anchors
    return result


@get(
    "/v1/audit/verify",
    guards=OFFICER_GUARDS,
    tags=["audit"],
    summary="Verify the chain, every checkpoint and the anchors outside the database",
)
async def verify(
    request: Request[Any, Any, Any],
    trusted_checkpoint: list[str] | None = None,
    witness: list[str] | None = None,
    tsa_cert: list[str] | None = None,
) -> dict[str, Any]:
    """Checks against the configured anchors plus these: saved checkpoint notes (the note
    text), configured witnesses to ask now (by URL), PEM certificates for the TSA tokens."""
    components = components_of(request)
    report = await verify_request(
        components.audit,
        components.settings,
        checkpoint_notes=trusted_checkpoint or [],
        witnesses=witness or [],
        tsa_cert_pems=tsa_cert or [],
    )
    await record_query(request, "verify", {"ok": report.ok})
    result: dict[str, Any] = report.to_dict()
    return result


@get(
    "/v1/audit/export",
    guards=OFFICER_GUARDS,
    dependencies=FILTERS,
    tags=["audit"],
    summary="Streamed export (JSON Lines or CSV) of the filtered records",
)
async def export(
    request: Request[Any, Any, Any],
    filters: AuditQuery,
    format: Literal["jsonl", "csv"] = "jsonl",
) -> Stream:
    store = components_of(request).audit
    filters = scoped(request, filters)
    # Errors must surface before the 200 and the first line are sent.
    await store.query(dataclasses.replace(filters, limit=1))
    await record_query(request, "export", {"format": format, **query_filters_payload(filters)})
    return export_stream(store, filters, format)


def export_stream(store: AuditStore, query: AuditQuery, fmt: Literal["jsonl", "csv"]) -> Stream:
    """The filtered records as a download (JSON Lines or CSV), streamed (API and dashboard)."""

    async def lines() -> AsyncIterator[bytes]:
        async for line in export_records(store, query, fmt=fmt):
            yield line.encode()

    filename = f"leitplanke-audit-{uuid.uuid4().hex[:8]}.{fmt}"
    return Stream(
        lines(),
        media_type=EXPORT_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@get(
    "/v1/audit/subjects/{subject:str}/report",
    guards=OFFICER_GUARDS,
    tags=["audit"],
    summary="Every record about one subject pseudonym (GDPR Art. 15 access report)",
)
async def get_subject_report(request: Request[Any, Any, Any], subject: str) -> dict[str, Any]:
    authz.require_all_services(current_identity(request))
    require_pseudonym(request, subject)
    report = await subject_report(components_of(request).audit, subject)
    await record_query(request, "subject_report", {"subject": subject})
    result: dict[str, Any] = report.to_dict()
    return result


@post(
    "/v1/audit/subjects/{subject:str}/erase",
    guards=[require_role("admin")],
    status_code=200,
    tags=["audit"],
    summary="Crypto-erase a subject (GDPR Art. 17): destroy their keys, the chain still verifies",
)
async def erase_subject(request: Request[Any, Any, Any], subject: str) -> dict[str, Any]:
    store = components_of(request).audit
    authz.require_all_services(current_identity(request))
    require_pseudonym(request, subject)
    destroyed = await operations.erase_subject(
        store, subject, actor=current_identity(request).name, request_id=request_id_of(request)
    )
    return {"subject": subject, "keys_destroyed": destroyed}


@get(
    "/v1/audit/public-key",
    tags=["audit"],
    summary="PEM public key that verifies checkpoint signatures (for third parties)",
)
async def public_key(request: Request[Any, Any, Any]) -> dict[str, str | None]:
    components = components_of(request)
    try:
        vkey: str | None = checkpoint_signer(components.settings).verifier.vkey
    except AuditError:
        vkey = None
    # vkey: the C2SP note verifier key (origin+hash+key) witnesses and verify_proof.py take.
    return {"public_key_pem": components.audit.public_key_pem(), "vkey": vkey}


ROUTES = [
    list_events,
    get_event,
    get_proof,
    verify,
    export,
    get_subject_report,
    erase_subject,
    public_key,
]
