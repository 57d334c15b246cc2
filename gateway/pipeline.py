"""The one place that decides the order of steps for a proxied AI call.

    auth (guard) -> redact request -> policy decision -> upstream -> redact answer -> audit

Every control fails closed: if redaction, the policy decision or the audit write fails, the
call is refused (503) and nothing unredacted leaves. Audit first: before any byte goes
upstream a ``proxy.call.started`` record (request id, service, model, purpose, policy result
and revision, hash of the redacted request) is committed, for streaming and non-streaming
calls alike; if that commit fails nothing is sent and the caller gets 503
``audit_unavailable``. A non-streaming caller gets its answer only after the
``proxy.call.completed`` record is committed; a streaming caller gets the closing ``[DONE]``
only after it is.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec
import structlog

from audit_log.errors import AuditError
from audit_log.types import AuditEvent
from gateway.components import Components
from gateway.errors import (
    AuditUnavailableError,
    BadRequestError,
    GatewayError,
    NotFoundError,
    PayloadTooLargeError,
    PolicyDeniedError,
    ServiceUnavailableError,
)
from gateway.keys import Identity
from gateway.metrics import request_stages, timed_stage
from gateway.openai_api import (
    ChatCompletionRequest,
    EmbeddingsRequest,
    TextMappers,
    embeddings_body,
    map_embeddings_text,
    map_request_text,
    map_response_text,
    upstream_body,
)
from gateway.purposes import ERR_PURPOSE_UNKNOWN, INVALID_PURPOSE, unknown_purpose_decision
from gateway.streaming import PlaceholderStreamRestorer, StreamedChoices, answer_mappers
from gateway.upstream import Upstream
from pii.conversation import Conversation
from pii.engine import PLACEHOLDER, RedactionSession
from pii.errors import PiiError, TextTooLargeError
from pii.special_categories import special_categories
from policies.types import PolicyDecision

log = structlog.get_logger("leitplanke.pipeline")

OBLIGATION_RESTORE_PII = "restore_pii"
CALL_STARTED = "proxy.call.started"
# Redaction is CPU-bound Python that holds the GIL, so a worker thread adds no parallelism:
# it only lets the event loop run in 5 ms slices, at the price of a thread hop and GIL
# hand-overs per regex match (12-15 % less throughput with 1 KB texts, bench/RESULTS_LOAD.md).
# Documents up to this size (a few ms of analysis) are redacted on the loop; larger ones in
# a thread, so that one big request cannot stall every other request of this worker.
INLINE_REDACTION_MAX_BYTES = 4_096
T = TypeVar("T")
TextFn = Callable[[str], str]
RequestMapper = Callable[[dict[str, Any], TextMappers], dict[str, Any]]
CODE_NAME_PERSONAL = (
    "{field} looks like personal data; tool, function and schema names must be code names"
)
INLINE_IMAGE_REFUSED = (
    "{field} is inline data (an image or a file); its content cannot be screened for "
    "personal data (only data:image/ URLs, and only with [pii] inline_images on)"
)
# Audit outcomes of a request refused for what redaction found (problem ``reason`` too).
REFUSED_CODE_NAME = "personal_code_name"
REFUSED_INLINE_IMAGE = "inline_image"


async def redact_on_loop_if_small(document: Any, redact: Callable[..., T], *args: Any) -> T:
    """``redact(*args)`` on the loop, or in a thread when ``document`` is large."""
    if len(msgspec.json.encode(document)) <= INLINE_REDACTION_MAX_BYTES:
        return redact(*args)
    return await asyncio.to_thread(redact, *args)


def content_hash(document: Any) -> str:
    """sha256 of a JSON document's canonical bytes (sorted keys), for the audit record."""
    return hashlib.sha256(msgspec.json.encode(document, order="sorted")).hexdigest()


def reasons_payload(decision: PolicyDecision) -> list[dict[str, str]]:
    """The policy's reasons as JSON objects (problem details, responses, audit payloads)."""
    return [{"code": r.code, "message": r.message} for r in decision.reasons]


@dataclass(kw_only=True)
class CallRecord:
    """What the pipeline learns about one call, turned into its audit events."""

    request_id: str
    identity: Identity
    model: str
    purpose: str
    stream: bool = False
    kind: str = "chat.completions"
    # False when redaction is switched off ([pii] enabled = false): the policy is told, and
    # its data-protection rules then keep the call away from external models.
    redacted: bool = True
    started: float = field(default_factory=time.perf_counter)
    pii_entities: dict[str, int] = field(default_factory=dict)
    special_categories: list[str] = field(default_factory=list)
    decision: PolicyDecision | None = None
    input_hash: str = ""
    output_hash: str = ""
    # The request's own timings (auth is already in it); Server-Timing and tracing read it.
    stages_ms: dict[str, float] = field(default_factory=request_stages)

    @property
    def policy_result(self) -> str:
        decision = self.decision
        if decision is None:
            return ""
        if decision.unavailable:
            return "unavailable"
        return "allowed" if decision.allow else "denied"

    def event(self, *, event_type: str, outcome: str) -> AuditEvent:
        decision = self.decision
        return AuditEvent(
            event_type=event_type,
            request_id=self.request_id,
            actor=self.identity.name,
            service=self.identity.name,
            model=self.model,
            purpose=self.purpose,
            outcome=outcome,
            policy_result=self.policy_result,
            policy_revision=decision.revision if decision else "",
            reason_codes=decision.reason_codes if decision else (),
            pii_entities=dict(self.pii_entities),
            payload={
                "input_sha256": self.input_hash,
                "output_sha256": self.output_hash,
                "latency_ms": round((time.perf_counter() - self.started) * 1000),
                "stream": self.stream,
                "kind": self.kind,
                "special_categories": list(self.special_categories),
                "redaction": "on" if self.redacted else "off",
                "obligations": list(decision.obligations) if decision else [],
                "reasons": reasons_payload(decision) if decision else [],
            },
        )


@dataclass(kw_only=True)
class PreparedCall:
    """A call that passed redaction and policy: ready to go upstream."""

    record: CallRecord
    session: RedactionSession | None  # None when redaction is switched off
    upstream: Upstream
    body: dict[str, Any]  # redacted, as it will be sent
    restore: TextFn | None  # set when the policy obliges restoring the caller's own values


class ChatPipeline:
    """Runs one OpenAI-compatible chat completion through every control."""

    def __init__(self, components: Components) -> None:
        self._c = components

    async def run(
        self, *, request: ChatCompletionRequest, identity: Identity, purpose: str, request_id: str
    ) -> tuple[dict[str, Any], CallRecord]:
        call = await self._prepare(request, identity, purpose, request_id)
        record = call.record
        answer = await self._upstream_step(record, call.upstream.chat_completion(call.body))
        if call.session is None:
            redacted = answer
        else:
            try:
                # Streamed tool-call arguments get the same (gateway.streaming).
                mappers = answer_mappers(call.session)
                redacted = await self._timed(
                    record,
                    "pii_response",
                    redact_on_loop_if_small(answer, map_response_text, answer, mappers),
                )
            except PiiError as exc:
                await self._refuse(record, "pii_unavailable", exc)
            record.pii_entities = dict(call.session.entity_counts)
        record.output_hash = content_hash(redacted)
        if call.restore is not None:
            redacted = map_response_text(redacted, call.restore)
        await self._audit(record, "proxy.call.completed", "ok")
        return redacted, record

    async def run_embeddings(
        self, *, request: EmbeddingsRequest, identity: Identity, purpose: str, request_id: str
    ) -> dict[str, Any]:
        """Embeddings: inputs redacted, policy-checked and audited like chat completions."""
        call = await self._redact_and_decide(
            CallRecord(
                request_id=request_id,
                identity=identity,
                model=request.model,
                purpose=purpose,
                kind="embeddings",
            ),
            body=embeddings_body(request),
            map_texts=map_embeddings_text,
        )
        answer: dict[str, Any] = await self._upstream_step(
            call.record, call.upstream.embeddings(call.body)
        )
        call.record.output_hash = content_hash(answer)
        await self._audit(call.record, "proxy.call.completed", "ok")
        return answer

    async def open_stream(
        self, *, request: ChatCompletionRequest, identity: Identity, purpose: str, request_id: str
    ) -> AsyncIterator[bytes]:
        """Prepares the call and opens the upstream stream; returns the SSE byte stream.

        Everything that can be refused with a status code (auth, body, PII, policy, upstream
        connect, the start audit record) happens before this returns.
        """
        call = await self._prepare(request, identity, purpose, request_id)
        events = await self._upstream_step(
            call.record, call.upstream.open_chat_stream({**call.body, "stream": True})
        )
        return self._relay(call, events)

    async def _relay(
        self, call: PreparedCall, events: AsyncGenerator[dict[str, Any], None]
    ) -> AsyncIterator[bytes]:
        record = call.record
        digest = hashlib.sha256()
        outcome = "ok"
        try:
            async for audited, sent in self._stream_chunks(call, events):
                digest.update(msgspec.json.encode(audited, order="sorted"))
                yield _sse(sent)
        except GatewayError as exc:
            outcome = exc.code
            yield _sse({"error": {"code": exc.code, "message": exc.detail}})
        except PiiError:
            outcome = "pii_unavailable"
            yield _sse({"error": {"code": "pii_unavailable", "message": "stream aborted"}})
        finally:
            await events.aclose()
        if call.session is not None:
            record.pii_entities = dict(call.session.entity_counts)
        record.output_hash = digest.hexdigest()
        try:
            await self._audit(record, "proxy.call.completed", outcome)
        except ServiceUnavailableError:
            yield _sse({"error": {"code": "audit_unavailable", "message": "not acknowledged"}})
            return
        if outcome == "ok":
            yield b"data: [DONE]\n\n"

    @staticmethod
    async def _stream_chunks(
        call: PreparedCall, events: AsyncGenerator[dict[str, Any], None]
    ) -> AsyncIterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(chunk as hashed for the audit record, chunk as sent to the caller).

        Redacted (held back where a value may continue in the next event), then restored
        where the policy obliges it; as the upstream sent it when redaction is switched off.
        """
        if call.session is None:
            async for event in events:
                yield event, event
            return
        choices = StreamedChoices(call.session)
        restorer = PlaceholderStreamRestorer(call.restore) if call.restore else None
        async for event in events:
            for chunk in await redact_on_loop_if_small(event, choices.redact_event, event):
                yield chunk, restorer.apply(chunk) if restorer else chunk
        for chunk in choices.flush():  # bounded: at most the held-back tail is left
            yield chunk, restorer.apply(chunk, final=True) if restorer else chunk

    async def _prepare(
        self, request: ChatCompletionRequest, identity: Identity, purpose: str, request_id: str
    ) -> PreparedCall:
        return await self._redact_and_decide(
            CallRecord(
                request_id=request_id,
                identity=identity,
                model=request.model,
                purpose=purpose,
                stream=request.stream,
            ),
            body=upstream_body(request),
            map_texts=map_request_text,
        )

    async def _redact_and_decide(
        self, record: CallRecord, *, body: dict[str, Any], map_texts: RequestMapper
    ) -> PreparedCall:
        """Redact every text of ``body``, screen it for Art. 9 data, and ask the policy."""
        upstream = self._c.upstream_for(record.model)
        if upstream is None:
            raise NotFoundError(f"model {record.model!r} is not served here", field="model")
        if record.purpose and not await self._c.purpose_known(record.purpose):
            # Caller-typed text that is no purpose token never reaches the log or the answer.
            record.purpose = INVALID_PURPOSE
            record.decision = unknown_purpose_decision(self._c.policy.revision)
            await self._audit(record, "proxy.call.denied", "denied")
            raise PolicyDeniedError(
                ERR_PURPOSE_UNKNOWN,
                field="purpose",
                extra={"reasons": reasons_payload(record.decision)},
            )

        redacting = self._c.settings.pii.enabled
        session = self._c.redactor.new_session() if redacting else None
        record.redacted = redacting
        categories: set[str] = set()
        inline_images = self._c.settings.pii.inline_images
        try:
            with timed_stage(record.stages_ms, "pii_request"):
                body = await redact_on_loop_if_small(
                    body, redact_request, body, map_texts, session, categories, inline_images
                )
        except TextTooLargeError as exc:
            raise PayloadTooLargeError(str(exc), field="messages") from None
        except PiiError as exc:
            await self._refuse(record, "pii_unavailable", exc)
        except BadRequestError as exc:
            # Refused for what it holds (a personal code name, an inline image): audited like
            # every refusal; the record names the reason and the entity counts, never a value.
            record.pii_entities = dict(session.entity_counts) if session is not None else {}
            await self._audit(record, "proxy.call.refused", str(exc.extra.get("reason", exc.code)))
            raise
        if session is not None:
            record.pii_entities = dict(session.entity_counts)
        record.special_categories = sorted(categories)
        record.input_hash = content_hash(body)

        decision = await self._timed(
            record, "policy", self._c.policy.decide_access(self._access_input(record, upstream))
        )
        record.decision = decision
        if decision.unavailable:
            await self._audit(record, "proxy.call.refused", "policy_unavailable")
            raise ServiceUnavailableError(
                "policy engine unavailable; nothing was forwarded",
                extra={"reasons": reasons_payload(decision)},
            )
        if not decision.allow:
            await self._audit(record, "proxy.call.denied", "denied")
            raise PolicyDeniedError(
                "; ".join(r.message for r in decision.reasons) or "denied by policy",
                extra={"reasons": reasons_payload(decision)},
            )
        # Audit first: committed before the upstream is asked, so a failing audit store means
        # nothing was sent; an upstream failure is then recorded as proxy.call.failed.
        await self._audit(record, CALL_STARTED, "started")
        restore = None
        if session is not None and OBLIGATION_RESTORE_PII in decision.obligations:
            sent = msgspec.json.encode(body).decode()
            restore = _restorer(session, frozenset(m.group(0) for m in PLACEHOLDER.finditer(sent)))
        return PreparedCall(
            record=record, session=session, upstream=upstream, body=body, restore=restore
        )

    async def allowed_models(self, identity: Identity, purposes: list[str]) -> list[str]:
        """Configured models the policy lets this caller use for at least one purpose."""
        allowed = []
        for upstream_settings in self._c.settings.upstreams:
            upstream = self._c.upstreams[upstream_settings.name]
            for model in upstream_settings.models:
                for purpose in purposes:
                    record = CallRecord(
                        request_id="", identity=identity, model=model, purpose=purpose
                    )
                    decision = await self._c.policy.decide_access(
                        self._access_input(record, upstream)
                    )
                    if decision.allow:
                        allowed.append(model)
                        break
        return allowed

    @staticmethod
    def _access_input(record: CallRecord, upstream: Upstream) -> dict[str, Any]:
        return {
            "service": {"name": record.identity.name, "role": record.identity.role},
            "model": {"name": record.model, "hosting": upstream.hosting, "upstream": upstream.name},
            "purpose": record.purpose,
            "pii": {
                "entity_types": sorted(record.pii_entities),
                "count": sum(record.pii_entities.values()),
                "special_categories": record.special_categories,
                "residual_identifiers": 0,
            },
            "request": {"kind": record.kind, "stream": record.stream, "redacted": record.redacted},
        }

    async def _upstream_step(self, record: CallRecord, awaitable: Any) -> Any:
        try:
            return await self._timed(record, "upstream", awaitable)
        except GatewayError as exc:
            if self._c.metrics is not None:
                upstream = self._c.settings.upstream_for_model(record.model)
                self._c.metrics.observe_upstream_error(
                    upstream=upstream.name if upstream else "", code=exc.code
                )
            await self._audit(record, "proxy.call.failed", exc.code)
            raise

    async def _refuse(self, record: CallRecord, outcome: str, exc: Exception) -> None:
        """A control failed: record it and refuse with 503 (never returns)."""
        await self._audit(record, "proxy.call.refused", outcome)
        raise ServiceUnavailableError(
            f"personal-data filter failed ({type(exc).__name__}); nothing was forwarded"
        ) from None

    async def _timed(self, record: CallRecord, stage: str, awaitable: Any) -> Any:
        with timed_stage(record.stages_ms, stage):
            return await awaitable

    async def _audit(self, record: CallRecord, event_type: str, outcome: str) -> None:
        """Commit the audit record; if that fails the caller gets 503, never the answer."""
        # The start record is not a result: the call is counted once, when it ends (or
        # when its start cannot be recorded).
        counted = event_type != CALL_STARTED
        try:
            with timed_stage(record.stages_ms, "audit"):
                await self._c.audit.append(record.event(event_type=event_type, outcome=outcome))
        except AuditError as exc:
            log.error(
                "audit.write_failed",
                error_type=type(exc).__name__,
                cause_type=type(exc.__cause__).__name__,
            )
            counted, outcome = True, "audit_unavailable"
            raise AuditUnavailableError(
                "audit log unavailable; the call was not completed"
            ) from None
        finally:
            if self._c.metrics is not None and counted:
                self._c.metrics.observe_call(
                    stages_ms=record.stages_ms,
                    pii_entities=record.pii_entities,
                    policy_result=record.policy_result,
                    outcome=outcome,
                    model=record.model,
                )


def redact_request(
    body: dict[str, Any],
    map_texts: RequestMapper,
    session: RedactionSession | None,
    categories: set[str],
    inline_images: bool = False,
) -> dict[str, Any]:
    """Every string of ``body`` redacted, screened or checked (openai_api's module docstring).

    Two passes: the first finds every personal value anywhere in the request, the second
    redacts each text with them all, so a surname seen in one message is hidden in every
    other (pii.conversation). Raises BadRequestError for a code name holding personal data,
    and for an inline image (``data:`` URL) unless ``inline_images`` allows ``data:image/``.
    """

    def screen(text: str) -> str:
        # GDPR Art. 9 screening runs even with redaction off: the policy needs it.
        categories.update(special_categories(text))
        return text

    if session is None:
        return map_texts(body, TextMappers(text=screen))
    conversation = Conversation(session)
    call_ids: dict[str, str] = {}

    def code_name(field: str, name: str) -> str:
        if conversation.contains_personal_data(name):
            raise BadRequestError(
                CODE_NAME_PERSONAL.format(field=field),
                field=field,
                extra={"reason": REFUSED_CODE_NAME},
            )
        return name

    def inline_image(field: str, url: str) -> str:
        if inline_images and url[:11].lower() == "data:image/":
            return url
        raise BadRequestError(
            INLINE_IMAGE_REFUSED.format(field=field),
            field=field,
            extra={"reason": REFUSED_INLINE_IMAGE},
        )

    def call_id(value: str) -> str:
        # Opaque ids only pair a tool call with its result: a consistent pseudonym does that.
        return call_ids.setdefault(value, f"call_{len(call_ids) + 1}")

    map_texts(
        body,
        TextMappers(
            text=conversation.collect,
            participant=lambda name: conversation.collect_whole("PERSON", name),
            keyed=conversation.collect_keyed,
        ),
    )
    return map_texts(
        body,
        TextMappers(
            text=lambda text: conversation.redact(screen(text)),
            participant=lambda name: session.pseudonymize("PERSON", name).strip("<>"),
            code_name=code_name,
            call_id=call_id,
            inline_image=inline_image,
            keyed=lambda key, value, context: conversation.redact_keyed(
                key, screen(value), context
            ),
        ),
    )


def _sse(payload: dict[str, Any]) -> bytes:
    return b"data: " + msgspec.json.encode(payload) + b"\n\n"


def _restorer(session: RedactionSession, allowed: frozenset[str]) -> TextFn:
    """Restores only placeholders the caller itself sent: values the model produced on its
    own stay redacted even when the policy allows restoration."""

    def restore(text: str) -> str:
        return PLACEHOLDER.sub(
            lambda m: session.restore(m.group(0)) if m.group(0) in allowed else m.group(0), text
        )

    return restore
