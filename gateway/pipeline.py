"""The one place that decides the order of steps for a proxied AI call.

    auth (guard) -> redact request -> policy decision -> upstream -> redact answer -> audit

Every control fails closed: if redaction, the policy decision or the audit write fails, the
call is refused (503) and nothing unredacted leaves. The caller gets an answer only after its
audit record is committed.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
import structlog

from audit_log.errors import AuditError
from audit_log.types import AuditEvent
from gateway.components import Components
from gateway.errors import (
    GatewayError,
    NotFoundError,
    PayloadTooLargeError,
    PolicyDeniedError,
    ServiceUnavailableError,
)
from gateway.keys import Identity
from gateway.openai_api import (
    ChatCompletionRequest,
    map_request_text,
    map_response_text,
    upstream_body,
)
from pii.engine import PLACEHOLDER, RedactionSession
from pii.errors import PiiError, TextTooLargeError
from policies.types import PolicyDecision

log = structlog.get_logger("leitplanke.pipeline")

OBLIGATION_RESTORE_PII = "restore_pii"


def content_hash(document: Any) -> str:
    """sha256 of a JSON document's canonical bytes (sorted keys), for the audit record."""
    return hashlib.sha256(msgspec.json.encode(document, order="sorted")).hexdigest()


@dataclass(kw_only=True)
class CallRecord:
    """What the pipeline learns about one call, turned into its audit event at the end."""

    request_id: str
    identity: Identity
    model: str
    purpose: str
    started: float = field(default_factory=time.perf_counter)
    pii_entities: dict[str, int] = field(default_factory=dict)
    decision: PolicyDecision | None = None
    input_hash: str = ""
    output_hash: str = ""
    stages_ms: dict[str, float] = field(default_factory=dict)

    def event(self, *, event_type: str, outcome: str) -> AuditEvent:
        decision = self.decision
        if decision is None:
            policy_result = ""
        elif decision.unavailable:
            policy_result = "unavailable"
        else:
            policy_result = "allowed" if decision.allow else "denied"
        return AuditEvent(
            event_type=event_type,
            request_id=self.request_id,
            actor=self.identity.name,
            service=self.identity.name,
            model=self.model,
            purpose=self.purpose,
            outcome=outcome,
            policy_result=policy_result,
            policy_revision=decision.revision if decision else "",
            reason_codes=tuple(r.code for r in decision.reasons) if decision else (),
            pii_entities=dict(self.pii_entities),
            payload={
                "input_sha256": self.input_hash,
                "output_sha256": self.output_hash,
                "latency_ms": round((time.perf_counter() - self.started) * 1000),
                "obligations": list(decision.obligations) if decision else [],
                "reasons": [{"code": r.code, "message": r.message} for r in decision.reasons]
                if decision
                else [],
            },
        )


class ChatPipeline:
    """Runs one OpenAI-compatible chat completion through every control."""

    def __init__(self, components: Components) -> None:
        self._c = components

    async def run(
        self, *, request: ChatCompletionRequest, identity: Identity, purpose: str, request_id: str
    ) -> tuple[dict[str, Any], CallRecord]:
        record = CallRecord(
            request_id=request_id, identity=identity, model=request.model, purpose=purpose
        )
        upstream = self._c.upstream_for(request.model)
        if upstream is None:
            raise NotFoundError(f"model {request.model!r} is not served here", field="model")

        session = self._c.redactor.new_session()
        body = upstream_body(request)
        try:
            redacted_body = await self._timed(
                record, "pii_request", asyncio.to_thread(map_request_text, body, session.redact)
            )
        except TextTooLargeError as exc:
            raise PayloadTooLargeError(str(exc), field="messages") from None
        except PiiError as exc:
            await self._audit(record, "proxy.call.refused", "pii_unavailable")
            raise ServiceUnavailableError(
                f"personal-data filter failed ({type(exc).__name__}); nothing was forwarded"
            ) from None
        record.pii_entities = dict(session.entity_counts)
        record.input_hash = content_hash(redacted_body)
        request_placeholders = frozenset(
            m.group(0) for m in PLACEHOLDER.finditer(msgspec.json.encode(redacted_body).decode())
        )

        decision = await self._timed(
            record,
            "policy",
            self._c.policy.decide_access(
                {
                    "service": {"name": identity.name, "role": identity.role},
                    "model": {
                        "name": request.model,
                        "hosting": upstream.hosting,
                        "upstream": upstream.name,
                    },
                    "purpose": purpose,
                    "pii": {
                        "entity_types": sorted(record.pii_entities),
                        "count": sum(record.pii_entities.values()),
                        "special_categories": [],
                    },
                    "request": {"kind": "chat.completions", "stream": request.stream},
                }
            ),
        )
        record.decision = decision
        if decision.unavailable:
            await self._audit(record, "proxy.call.refused", "policy_unavailable")
            raise ServiceUnavailableError(
                "policy engine unavailable; nothing was forwarded",
                extra={
                    "reasons": [{"code": r.code, "message": r.message} for r in decision.reasons]
                },
            )
        if not decision.allow:
            await self._audit(record, "proxy.call.denied", "denied")
            raise PolicyDeniedError(
                "; ".join(r.message for r in decision.reasons) or "denied by policy",
                extra={
                    "reasons": [{"code": r.code, "message": r.message} for r in decision.reasons]
                },
            )

        try:
            answer = await self._timed(record, "upstream", upstream.chat_completion(redacted_body))
        except GatewayError as exc:
            await self._audit(record, "proxy.call.failed", exc.code)
            raise

        try:
            redacted_answer = await self._timed(
                record, "pii_response", asyncio.to_thread(map_response_text, answer, session.redact)
            )
        except PiiError as exc:
            await self._audit(record, "proxy.call.refused", "pii_unavailable")
            raise ServiceUnavailableError(
                f"personal-data filter failed on the answer ({type(exc).__name__})"
            ) from None
        record.pii_entities = dict(session.entity_counts)
        record.output_hash = content_hash(redacted_answer)
        if OBLIGATION_RESTORE_PII in decision.obligations:
            redacted_answer = map_response_text(
                redacted_answer, _restorer(session, request_placeholders)
            )

        await self._audit(record, "proxy.call.completed", "ok")
        return redacted_answer, record

    async def _timed(self, record: CallRecord, stage: str, awaitable: Any) -> Any:
        started = time.perf_counter()
        try:
            return await awaitable
        finally:
            record.stages_ms[stage] = (time.perf_counter() - started) * 1000

    async def _audit(self, record: CallRecord, event_type: str, outcome: str) -> None:
        """Commit the audit record; if that fails the caller gets 503, never the answer."""
        started = time.perf_counter()
        try:
            await self._c.audit.append(record.event(event_type=event_type, outcome=outcome))
        except AuditError as exc:
            log.error("audit.write_failed", error_type=type(exc).__name__)
            raise ServiceUnavailableError(
                "audit log unavailable; the call was not completed"
            ) from None
        finally:
            record.stages_ms["audit"] = (time.perf_counter() - started) * 1000


def _restorer(session: RedactionSession, allowed: frozenset[str]) -> Callable[[str], str]:
    """Restores only placeholders the caller itself sent: values the model produced on its
    own stay redacted even when the policy allows restoration."""

    def restore(text: str) -> str:
        return PLACEHOLDER.sub(
            lambda m: session.restore(m.group(0)) if m.group(0) in allowed else m.group(0), text
        )

    return restore
