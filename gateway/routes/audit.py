"""Compliance officers' read access to the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request, get
from litestar.params import Parameter

from audit_log.errors import AuditError, InvalidCursorError
from audit_log.types import AuditQuery
from gateway.auth import require_role
from gateway.errors import BadRequestError, NotFoundError, ServiceUnavailableError

OFFICER_ROLES = ("compliance-officer", "admin")


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise BadRequestError(f"{field} needs a timezone, e.g. 2026-01-01T00:00:00Z", field=field)
    return value


@get(
    "/v1/audit/events",
    guards=[require_role(*OFFICER_ROLES)],
    tags=["audit"],
    summary="Filtered, cursor-paginated audit records",
)
async def list_events(
    request: Request[Any, Any, Any],
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
) -> dict[str, Any]:
    query = AuditQuery(
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
        since=_aware(since, "since"),
        until=_aware(until, "until"),
        cursor=cursor,
        limit=limit,
    )
    try:
        page = await request.app.state.components.audit.query(query)
    except InvalidCursorError:
        raise BadRequestError("cursor is not valid for this query", field="cursor") from None
    except AuditError:
        raise ServiceUnavailableError("audit store unavailable") from None
    result: dict[str, Any] = page.to_dict()
    return result


@get(
    "/v1/audit/events/{record_id:str}",
    guards=[require_role(*OFFICER_ROLES)],
    tags=["audit"],
    summary="One audit record",
)
async def get_event(request: Request[Any, Any, Any], record_id: str) -> dict[str, Any]:
    try:
        record = await request.app.state.components.audit.get(record_id)
    except AuditError:
        raise ServiceUnavailableError("audit store unavailable") from None
    if record is None:
        raise NotFoundError("no audit record with this id", field="record_id")
    result: dict[str, Any] = record.to_dict()
    return result
