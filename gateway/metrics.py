"""Prometheus metrics: what the gateway counts and how ``/metrics`` serves it.

One ``GatewayMetrics`` object per process, built in ``create_app`` (nothing here runs at import
time) and kept in ``app.state.metrics``. The pipeline reports each call with
``observe_call``; ``MetricsMiddleware`` counts every HTTP request by route template and status;
the audit store's commit hook reports ``observe_audit_commit``; ``metrics_endpoint`` serves the
text exposition format.

Stage timings of one request: ``MetricsMiddleware`` opens a ``RequestStages`` for every HTTP
request (in a context variable, so it needs no plumbing through handlers). The auth guard notes
its duration there (``note_request_stage``), and the pipeline's ``CallRecord.stages_ms`` *is*
that object (``request_stages`` is its default factory), so the ``Server-Timing`` header, the
stage histogram and the trace spans (``gateway.tracing``) all see the same numbers.

Label values are bounded on purpose: routes are path *templates* (never raw paths), stages,
policy results and outcomes come from fixed sets, and PII entity types must look like
``UPPER_SNAKE`` names. Anything else is counted as ``other``, so a caller cannot blow up the
series count and no request content can ever become a label. Metrics carry no personal data.

Several workers (``serve --workers N``): each worker process has its own counters. ``serve``
empties a directory (``prepare_multiprocess_dir``) and exports it as ``PROMETHEUS_MULTIPROC_DIR``
and ``metrics.multiprocess_dir`` *before* the workers start; every worker then writes its values
to files there and any worker's ``/metrics`` answers with the sum.

Errors:
    MetricsError    the multi-process set-up is inconsistent (raised at start-up, never per call)
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Final

from litestar import Request, Response, get
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    values,
)
from prometheus_client.multiprocess import MultiProcessCollector

from gateway.errors import AuthenticationError

MULTIPROC_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
NAMESPACE: Final = "leitplanke"

STAGES: Final = (
    "auth",
    "pii_request",
    "policy",
    "upstream",
    "pii_response",
    # POST /v1/decisions
    "model",
    "fairness_status",
    "store",
    "fairness",
    "audit",
)
# Stages timed outside the pipeline, once per HTTP request; MetricsMiddleware observes them.
REQUEST_STAGES: Final = ("auth",)
POLICY_RESULTS: Final = ("allowed", "denied", "policy_unavailable")
# How CallRecord/AuditEvent spell policy results, mapped onto the metric's label values.
_POLICY_ALIASES: Final = {
    "allowed": "allowed",
    "allow": "allowed",
    "denied": "denied",
    "deny": "denied",
    "unavailable": "policy_unavailable",
    "policy_unavailable": "policy_unavailable",
}
OUTCOMES: Final = (
    "ok",
    "streaming",
    "denied",
    "policy_unavailable",
    "pii_unavailable",
    "audit_unavailable",
    "bad_gateway",
    "upstream_timeout",
)
OTHER: Final = "other"
UNMATCHED_ROUTE: Final = "unmatched"

# Seconds. Fine below 10 ms, where the gateway's own stages live; coarse up to model latencies.
LATENCY_BUCKETS: Final = (
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.0075,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
)
BATCH_BUCKETS: Final = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)

ERR_MULTIPROC_NOT_ACTIVE = (
    "metrics.multiprocess_dir is set but " + MULTIPROC_ENV + " was not set before "
    "prometheus_client was imported; set it in the parent process before the workers start"
)
ERR_MULTIPROC_DIR_MISSING = "metrics multiprocess directory {path} does not exist"

_MAX_LABEL_CHARS: Final = 40


class MetricsError(Exception):
    """The metrics set-up is inconsistent; raised at start-up only."""


def _entity_label(entity_type: str) -> str:
    """PII entity types are recognizer names (``PERSON``, ``DE_TAX_ID``); anything else is
    ``other`` so that no text from a request can become a label value."""
    if (
        0 < len(entity_type) <= _MAX_LABEL_CHARS
        and entity_type.isascii()
        and entity_type.replace("_", "").isalnum()
        and entity_type.upper() == entity_type
        and entity_type[0].isalpha()
    ):
        return entity_type
    return OTHER


def _one_of(value: str, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else OTHER


class RequestStages(dict[str, float]):
    """Milliseconds per stage of one HTTP request, and when each stage ended.

    A plain ``dict`` to its users (``stages[stage] = ms``); every assignment is also kept in
    ``ended`` with the ``time.perf_counter_ns()`` at which it was made, so a stage's span
    can be rebuilt afterwards (it ran from ``end - ms`` to ``end``). ``notes`` holds the few
    call facts a trace may carry (model, policy result, outcome), never request content.
    """

    __slots__ = ("ended", "notes")

    def __init__(self) -> None:
        super().__init__()
        self.ended: list[tuple[str, int, float]] = []  # (stage, end perf_counter_ns, ms)
        self.notes: dict[str, str] = {}

    def __setitem__(self, stage: str, ms: float) -> None:
        super().__setitem__(stage, ms)
        self.ended.append((stage, time.perf_counter_ns(), ms))


_REQUEST_STAGES: ContextVar[RequestStages | None] = ContextVar(
    "leitplanke_request_stages", default=None
)


def current_request_stages() -> RequestStages | None:
    """The stage timings of the HTTP request being served, or None outside a request."""
    return _REQUEST_STAGES.get()


def request_stages() -> dict[str, float]:
    """The current request's stage timings (shared), or a fresh dict outside a request.

    ``CallRecord.stages_ms`` uses this as its default, so the pipeline's timings land where
    the middleware, ``Server-Timing`` and tracing read them.
    """
    stages = _REQUEST_STAGES.get()
    return stages if stages is not None else {}


@contextmanager
def timed_stage(stages: MutableMapping[str, float], stage: str) -> Iterator[None]:
    """Stores the block's wall time in ``stages[stage]`` (milliseconds), also when it raises."""
    started = time.perf_counter()
    try:
        yield
    finally:
        stages[stage] = (time.perf_counter() - started) * 1000


def note_request_stage(stage: str, ms: float) -> None:
    """Record a stage timed outside the pipeline (the auth guard); no-op outside a request."""
    stages = _REQUEST_STAGES.get()
    if stages is not None:
        stages[stage] = ms


class GatewayMetrics:
    """The gateway's metric objects and the calls that update them.

    Args:
        registry: Where the metrics are registered; a fresh private registry by default (so
            tests and several apps in one process never collide).
        multiprocess_dir: ``PROMETHEUS_MULTIPROC_DIR`` of a multi-worker server; ``""`` for
            one process. When set, ``render`` sums the values of every worker.

    Raises:
        MetricsError: ``multiprocess_dir`` is set but the multi-process value store is not
            active in this process, or the directory does not exist.
    """

    def __init__(
        self, *, registry: CollectorRegistry | None = None, multiprocess_dir: str = ""
    ) -> None:
        if multiprocess_dir:
            if not Path(multiprocess_dir).is_dir():
                raise MetricsError(ERR_MULTIPROC_DIR_MISSING.format(path=multiprocess_dir))
            if values.ValueClass is values.MutexValue:
                raise MetricsError(ERR_MULTIPROC_NOT_ACTIVE)
        self.multiprocess_dir = multiprocess_dir
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        reg = self.registry
        self.requests = Counter(
            "http_requests",
            "HTTP requests by route template, method and status code",
            ["route", "method", "status"],
            namespace=NAMESPACE,
            registry=reg,
        )
        self.request_duration = Histogram(
            "http_request_duration_seconds",
            "Time from request start to the last response byte, by route template",
            ["route", "method"],
            namespace=NAMESPACE,
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.stage_duration = Histogram(
            "stage_duration_seconds",
            "Duration of each pipeline stage of a proxied call",
            ["stage"],
            namespace=NAMESPACE,
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.pii_entities = Counter(
            "pii_entities",
            "Personal-data entities redacted, by entity type",
            ["entity_type"],
            namespace=NAMESPACE,
            registry=reg,
        )
        self.policy_decisions = Counter(
            "policy_decisions",
            "Policy decisions by result (denied is separate from policy_unavailable)",
            ["result"],
            namespace=NAMESPACE,
            registry=reg,
        )
        self.policy_cache_lookups = Counter(
            "policy_cache_lookups",
            "In-process policy decisions looked up in the decision cache, by hit or miss",
            ["result"],
            namespace=NAMESPACE,
            registry=reg,
        )
        self.calls = Counter(
            "proxy_calls",
            "Proxied AI calls by final outcome",
            ["outcome"],
            namespace=NAMESPACE,
            registry=reg,
        )
        self.audit_commit_duration = Histogram(
            "audit_commit_duration_seconds",
            "Duration of one audit group-commit transaction",
            namespace=NAMESPACE,
            buckets=LATENCY_BUCKETS,
            registry=reg,
        )
        self.audit_batch_size = Histogram(
            "audit_batch_size",
            "Audit records committed per transaction",
            namespace=NAMESPACE,
            buckets=BATCH_BUCKETS,
            registry=reg,
        )
        self.upstream_errors = Counter(
            "upstream_errors",
            "Upstream model failures by upstream name and error code",
            ["upstream", "code"],
            namespace=NAMESPACE,
            registry=reg,
        )
        # Children for the fixed label sets, bound once: .labels() costs a dict lookup + lock.
        self._stage = {s: self.stage_duration.labels(stage=s) for s in (*STAGES, OTHER)}
        self._policy = {r: self.policy_decisions.labels(result=r) for r in (*POLICY_RESULTS, OTHER)}
        self._outcome = {o: self.calls.labels(outcome=o) for o in (*OUTCOMES, OTHER)}
        self._cache_lookup = {
            True: self.policy_cache_lookups.labels(result="hit"),
            False: self.policy_cache_lookups.labels(result="miss"),
        }

    def observe_call(
        self,
        *,
        stages_ms: Mapping[str, float],
        pii_entities: Mapping[str, int],
        policy_result: str,
        outcome: str,
        model: str = "",
    ) -> None:
        """Report one finished proxied call (also refused or failed ones).

        Args:
            stages_ms: Milliseconds per stage (``CallRecord.stages_ms``); unknown stage names
                are counted as ``other``. Request-level stages (``auth``) are skipped here:
                ``MetricsMiddleware`` observes them once per request.
            pii_entities: Redacted entities by type (``CallRecord.pii_entities``).
            policy_result: ``allowed``, ``denied``, ``unavailable``/``policy_unavailable``, or
                ``""`` when the call ended before the policy was asked (then not counted).
            outcome: The audit outcome (``ok``, ``denied``, ``pii_unavailable``, ...).
            model: The configured model name; not a metric label, only noted for the
                request's trace span.
        """
        for stage, ms in stages_ms.items():
            if stage in REQUEST_STAGES:
                continue
            child = self._stage.get(stage) or self._stage[OTHER]
            child.observe(ms / 1000.0)
        if isinstance(stages_ms, RequestStages):
            stages_ms.notes.update(policy_result=policy_result, outcome=outcome, model=model)
        for entity_type, count in pii_entities.items():
            if count > 0:
                self.pii_entities.labels(entity_type=_entity_label(entity_type)).inc(count)
        if policy_result:
            result = _POLICY_ALIASES.get(policy_result, OTHER)
            self._policy[result].inc()
        (self._outcome.get(outcome) or self._outcome[OTHER]).inc()

    def observe_request(self, *, route: str, method: str, status: int, duration_s: float) -> None:
        """Report one HTTP request (``MetricsMiddleware`` calls this)."""
        self.requests.labels(route=route, method=method, status=str(status)).inc()
        self.request_duration.labels(route=route, method=method).observe(duration_s)

    def observe_stage(self, stage: str, duration_s: float) -> None:
        """Report one stage timed outside ``observe_call`` (``auth``)."""
        (self._stage.get(stage) or self._stage[OTHER]).observe(duration_s)

    def observe_audit_commit(self, *, duration_s: float, batch_size: int) -> None:
        """Report one audit group commit."""
        self.audit_commit_duration.observe(duration_s)
        self.audit_batch_size.observe(batch_size)

    def on_audit_commit(self, duration_s: float, batch_size: int) -> None:
        """The audit store's ``on_commit`` hook (``StoreOptions.on_commit`` is positional)."""
        self.observe_audit_commit(duration_s=duration_s, batch_size=batch_size)

    def on_policy_cache_lookup(self, hit: bool) -> None:
        """The policy engine's ``on_cache_lookup`` hook."""
        self._cache_lookup[hit].inc()

    def observe_upstream_error(self, *, upstream: str, code: str) -> None:
        """Report an upstream failure; ``upstream`` is the configured name, ``code`` the
        gateway error code (``bad_gateway``, ``upstream_timeout``)."""
        self.upstream_errors.labels(upstream=upstream, code=code).inc()

    def render(self) -> bytes:
        """The Prometheus text exposition of this process (or of all workers)."""
        if self.multiprocess_dir:
            return render_multiprocess(self.multiprocess_dir)
        return generate_latest(self.registry)


def render_multiprocess(path: str) -> bytes:
    """Sum of the values every worker wrote to ``path`` (a ``PROMETHEUS_MULTIPROC_DIR``)."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=path)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def prepare_multiprocess_dir(path: str | Path) -> Path:
    """Create ``path`` and delete values left by an earlier run; call it in the parent
    process before the workers start, then export ``PROMETHEUS_MULTIPROC_DIR=path``."""
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    return directory


def server_timing_header(stages_ms: Mapping[str, float]) -> str:
    """``Server-Timing`` header value, e.g. ``pii_request;dur=3.06, policy;dur=0.42``.

    Only stage names from the fixed set appear; the header is opt-in (it reveals internals).
    Durations in ms to 10 µs: auth and policy take well under 0.1 ms, which one decimal
    showed as 0.0 or 0.1.
    """
    return ", ".join(
        f"{stage};dur={stages_ms[stage]:.2f}" for stage in STAGES if stage in stages_ms
    )


def route_label(scope: Scope) -> str:
    """The matched route template (``/v1/audit/events/{record_id}``), never a raw path."""
    template = scope.get("path_template")
    return template if isinstance(template, str) and template else UNMATCHED_ROUTE


class MetricsMiddleware:
    """Pure ASGI middleware: counts every HTTP request by route template, method and status,
    and times it up to the last body byte (so streamed responses count their whole stream).

    It also opens the request's ``RequestStages``, observes the request-level stages (``auth``)
    once, and with ``server_timing`` adds a ``Server-Timing`` header to responses to
    authenticated callers (to a header the handler set itself it adds only ``auth``). Callers
    without valid credentials never get one: auth timings must not help guess keys.

    Register with ``DefineMiddleware(MetricsMiddleware, metrics=metrics, server_timing=...)``.
    """

    def __init__(
        self, app: ASGIApp, *, metrics: GatewayMetrics, server_timing: bool = False
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.server_timing = server_timing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        reported = False
        stages = RequestStages()
        token = _REQUEST_STAGES.set(stages)

        def report() -> None:
            nonlocal reported
            if reported:
                return
            reported = True
            for stage in REQUEST_STAGES:
                if stage in stages:
                    self.metrics.observe_stage(stage, stages[stage] / 1000.0)
            self.metrics.observe_request(
                route=route_label(scope),
                method=str(scope.get("method", "")),
                status=status,
                duration_s=time.perf_counter() - started,
            )

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                if self.server_timing and stages:
                    _add_server_timing(scope, message, stages)
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                report()

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            report()  # the client went away or the app raised before the last byte
            _REQUEST_STAGES.reset(token)


_SERVER_TIMING = b"server-timing"


def _add_server_timing(
    scope: Scope, message: HTTPResponseStartEvent, stages: Mapping[str, float]
) -> None:
    """Add the request's stages to the response, or only its request-level stages (``auth``)
    to a ``Server-Timing`` header the handler built from its own timings."""
    if scope.get("state", {}).get("identity") is None:
        return
    headers: list[tuple[bytes, bytes]] = list(message.get("headers", []))
    for index, (name, value) in enumerate(headers):
        if name.lower() != _SERVER_TIMING:
            continue
        present = {part.split(b";")[0].strip().decode("latin-1") for part in value.split(b",")}
        missing = {s: stages[s] for s in REQUEST_STAGES if s in stages and s not in present}
        if missing:
            merged = server_timing_header(missing).encode("latin-1") + b", " + value
            headers[index] = (name, merged)
            message["headers"] = headers
        return
    full = server_timing_header(stages)
    if full:
        headers.append((_SERVER_TIMING, full.encode("latin-1")))
        message["headers"] = headers


async def require_metrics_token(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """With ``[metrics] token`` set, /metrics needs it as a bearer token (else 401)."""
    components = getattr(connection.app.state, "components", None)  # None: a bare test app
    expected = components.settings.metrics.token if components is not None else ""
    if not expected:
        return
    scheme, _, given = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise AuthenticationError("this endpoint needs the metrics token")


@get(
    "/metrics",
    guards=[require_metrics_token],
    include_in_schema=False,
    sync_to_thread=False,
    summary="Prometheus metrics (text exposition format)",
)
def metrics_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Serves ``app.state.metrics`` in the Prometheus text format."""
    metrics: GatewayMetrics = request.app.state.metrics
    return Response(content=metrics.render(), media_type=CONTENT_TYPE_LATEST, status_code=200)
