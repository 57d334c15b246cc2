"""Operations the JSON API, the dashboard and the CLI share, each with its audit record.

One place per operation, so that ``leitplanke keys create`` and a future admin page, or
``leitplanke audit erase`` and ``POST /v1/audit/subjects/{subject}/erase``, cannot drift
apart in what they change or what they record.
"""

from __future__ import annotations

from collections.abc import Sequence

from audit_log.retention import SubjectUnderHoldError, holds_covering_subject
from audit_log.stores import AuditStore
from audit_log.types import AuditEvent
from gateway.keys import IssuedKey, KeyStore, Role


async def erase_subject(audit: AuditStore, subject: str, *, actor: str, request_id: str) -> int:
    """Crypto-erase a subject (GDPR Art. 17): destroy their keys, record ``subject.erased``.

    Returns the number of keys destroyed. The chain still verifies afterwards.

    Raises:
        SubjectUnderHoldError: an active legal hold keeps the subject's records (a hold on
            the subject or on one of their decisions); nothing is destroyed, the refusal is
            recorded as ``subject.erasure_refused`` with the holds' ids.
    """
    holds = await holds_covering_subject(audit, subject)
    if holds:
        hold_ids = [h.hold_id for h in holds]
        await audit.append(
            AuditEvent(
                event_type="subject.erasure_refused",
                request_id=request_id,
                actor=actor,
                subject=subject,
                outcome="refused",
                reason_codes=("legal_hold",),
                payload={"holds": hold_ids},
            )
        )
        raise SubjectUnderHoldError(subject, hold_ids)
    destroyed = await audit.erase_subject(subject)
    await audit.append(
        AuditEvent(
            event_type="subject.erased",
            request_id=request_id,
            actor=actor,
            subject=subject,
            outcome="ok",
            payload={"keys_destroyed": destroyed},
        )
    )
    return destroyed


async def issue_key(
    keys: KeyStore,
    audit: AuditStore,
    *,
    name: str,
    role: Role,
    services: Sequence[str] | None = None,
    actor: str,
    request_id: str,
) -> IssuedKey:
    """A new API key for ``name``, recorded as ``key.created`` (never the secret)."""
    issued = await keys.create(
        name=name, role=role, services=None if services is None else tuple(services)
    )
    await _record_key_event(
        audit,
        "key.created",
        issued.identity.key_id,
        name=name,
        role=role,
        services=services,
        actor=actor,
        request_id=request_id,
    )
    return issued


async def revoke_keys(
    keys: KeyStore,
    audit: AuditStore,
    *,
    name: str,
    actor: str,
    request_id: str,
    role: str = "",
    record_none: bool = True,
) -> int:
    """Revoke every key of ``name``; recorded as ``key.revoked`` with the count
    (``record_none=False``: no record when there was nothing to revoke)."""
    count = await keys.revoke_by_name(name)
    if count == 0 and not record_none:
        return 0
    await _record_key_event(
        audit,
        "key.revoked",
        "",
        name=name,
        role=role,
        services=None,
        actor=actor,
        request_id=request_id,
        count=count,
    )
    return count


async def _record_key_event(
    audit: AuditStore,
    event_type: str,
    key_id: str,
    *,
    name: str,
    role: str,
    services: Sequence[str] | None,
    actor: str,
    request_id: str,
    count: int = 1,
) -> None:
    await audit.append(
        AuditEvent(
            event_type=event_type,
            request_id=request_id,
            actor=actor,
            service=name,
            outcome="ok",
            payload={
                "key_id": key_id,
                "name": name,
                "role": role,
                "services": list(services or []),
                "count": count,
            },
        )
    )
