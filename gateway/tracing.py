"""Optional OpenTelemetry tracing: one span per HTTP request, one child span per stage.

Off by default (``[tracing] enabled = false``): ``create_app`` then installs no middleware and
this module never imports OpenTelemetry, so a request pays nothing for it. When on,
``RequestTracer.start`` (in the app lifespan) builds a tracer provider that batches spans to an
OTLP/HTTP (protobuf) endpoint, and ``RequestTracer.aclose`` flushes what is queued.

The child spans are rebuilt from the request's ``RequestStages`` (``gateway.metrics``) when the
request ends: each stage's end time was noted when the pipeline stored its duration, so a span
runs from ``end - duration`` to ``end`` without the pipeline knowing about tracing.

What a span may carry is fixed here and nowhere else: route template, method, status, request
id, configured model name, policy result, outcome, stage durations, and the calling service's
name when the caller is an ``ai-service`` (officers' names are people's names and stay out).
Never prompts, answers, personal data, headers or keys. An incoming W3C ``traceparent`` is
honoured so the gateway's spans join the caller's trace.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Final

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from gateway.keys import Identity
from gateway.metrics import RequestStages, current_request_stages, route_label
from gateway.settings import TracingSettings

if TYPE_CHECKING:  # imported for real only when tracing is enabled
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Tracer

log = structlog.get_logger("leitplanke.tracing")

INSTRUMENTATION_NAME: Final = "leitplanke.gateway"
# Probes and scrapes would drown the interesting spans.
UNTRACED_ROUTES: Final = frozenset({"/metrics", "/health/live", "/health/ready"})
_PROPAGATION_HEADERS: Final = frozenset({b"traceparent", b"tracestate"})
_NOTES: Final = ("model", "policy_result", "outcome")

ERR_NOT_STARTED = "tracing is enabled but RequestTracer.start() was not called"


class RequestTracer:
    """Builds spans for finished requests and exports them over OTLP/HTTP.

    Args:
        settings: The ``[tracing]`` section.
    """

    def __init__(self, settings: TracingSettings) -> None:
        self.settings = settings
        self._provider: TracerProvider | None = None
        self._tracer: Tracer | None = None

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    def start(self) -> None:
        """Build the tracer provider and its batch exporter (no network until spans exist)."""
        if not self.settings.enabled or self._provider is not None:
            return
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider = TracerProvider(
            resource=Resource.create({"service.name": self.settings.service_name})
        )
        exporter = OTLPSpanExporter(
            # None: the exporter applies OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / _ENDPOINT itself.
            endpoint=self.settings.otlp_endpoint or None,
            timeout=self.settings.export_timeout_s,
        )
        provider.add_span_processor(BatchSpanProcessor(exporter))
        # A private provider, not the global one: several apps in one process stay apart.
        self._provider = provider
        self._tracer = provider.get_tracer(INSTRUMENTATION_NAME)
        log.info("tracing.started", service_name=self.settings.service_name)

    async def aclose(self) -> None:
        """Export every queued span, then stop the exporter (off the event loop: the last
        export may wait up to ``export_timeout_s`` for the collector)."""
        provider, self._provider, self._tracer = self._provider, None, None
        if provider is not None:
            await asyncio.to_thread(provider.shutdown)

    def record(
        self,
        *,
        scope: Scope,
        status: int,
        started_ns: int,
        clock_offset_ns: int,
        ended_ns: int,
        stages: RequestStages | None,
    ) -> None:
        """Emit the spans of one finished request.

        Args:
            scope: The request's ASGI scope (route template, method, state).
            status: Response status code.
            started_ns: Wall-clock start, ns since the epoch.
            clock_offset_ns: Wall clock minus ``perf_counter_ns`` (converts stage ends).
            ended_ns: Wall-clock end, ns since the epoch.
            stages: The request's stage timings, if any.
        """
        if self._tracer is None:
            raise RuntimeError(ERR_NOT_STARTED)
        from opentelemetry import trace
        from opentelemetry.trace import SpanKind, Status, StatusCode
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        route = route_label(scope)
        method = str(scope.get("method", ""))
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope.get("headers", [])
            if name in _PROPAGATION_HEADERS
        }
        parent = TraceContextTextMapPropagator().extract(carrier) if carrier else None
        root = self._tracer.start_span(
            f"{method} {route}",
            context=parent,
            kind=SpanKind.SERVER,
            start_time=started_ns,
            attributes=span_attributes(scope, status=status, stages=stages),
        )
        if status >= 500:
            root.set_status(Status(StatusCode.ERROR))
        inside = trace.set_span_in_context(root)
        for stage, end_perf_ns, ms in stages.ended if stages is not None else ():
            end = end_perf_ns + clock_offset_ns
            child = self._tracer.start_span(
                stage,
                context=inside,
                start_time=max(started_ns, end - round(ms * 1_000_000)),
                attributes={"leitplanke.stage": stage, "leitplanke.duration_ms": round(ms, 3)},
            )
            child.end(end_time=end)
        root.end(end_time=ended_ns)


def span_attributes(
    scope: Scope, *, status: int, stages: RequestStages | None
) -> dict[str, str | int | float]:
    """The request span's attributes: the fixed, content-free set described above."""
    state = scope.get("state", {})
    attributes: dict[str, str | int | float] = {
        "http.request.method": str(scope.get("method", "")),
        "http.route": route_label(scope),
        "http.response.status_code": status,
    }
    request_id = state.get("request_id")
    if isinstance(request_id, str) and request_id:
        attributes["leitplanke.request_id"] = request_id
    identity = state.get("identity")
    if isinstance(identity, Identity) and identity.role == "ai-service":
        attributes["leitplanke.service"] = identity.name
    if stages is not None:
        for note in _NOTES:
            value = stages.notes.get(note, "")
            if value:
                attributes[f"leitplanke.{note}"] = value
        for stage, ms in stages.items():
            attributes[f"leitplanke.stage.{stage}_ms"] = round(ms, 3)
    return attributes


class TracingMiddleware:
    """Pure ASGI middleware: times each HTTP request to its last body byte and hands it to
    ``RequestTracer.record``. Install it inside ``MetricsMiddleware`` (which opens the request's
    stage timings) and only when tracing is enabled.

    Register with ``DefineMiddleware(TracingMiddleware, tracer=tracer)``.
    """

    def __init__(self, app: ASGIApp, *, tracer: RequestTracer) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started_ns = time.time_ns()
        clock_offset_ns = started_ns - time.perf_counter_ns()
        status = 500
        done = False

        def finish() -> None:
            nonlocal done
            if done:
                return
            done = True
            if route_label(scope) in UNTRACED_ROUTES:
                return
            try:
                self.tracer.record(
                    scope=scope,
                    status=status,
                    started_ns=started_ns,
                    clock_offset_ns=clock_offset_ns,
                    ended_ns=time.time_ns(),
                    stages=current_request_stages(),
                )
            except Exception as exc:  # tracing must never fail a request
                log.warning("tracing.span_failed", error_type=type(exc).__name__)

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                finish()

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            finish()
