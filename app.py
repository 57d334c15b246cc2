"""Leitplanke's application factory. Wiring only: nothing runs at import time."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig

from gateway.authz import route_rule_guard
from gateway.components import build_components, close_components
from gateway.dependencies import DEPENDENCIES
from gateway.error_map import EXCEPTION_HANDLERS
from gateway.fairness_audits import audit_scheduler
from gateway.input_guard import reject_bad_input
from gateway.jobs import retention_job
from gateway.logging import RequestContextMiddleware, configure_logging
from gateway.metrics import GatewayMetrics, MetricsMiddleware, metrics_endpoint
from gateway.openapi import install_problem_documentation
from gateway.policy_reload import install_sighup_reload
from gateway.routes import (
    admin,
    audit,
    chat,
    citizen,
    decisions,
    fairness,
    health,
    records,
    retention,
    reviews,
)
from gateway.security_headers import security_headers_hook
from gateway.settings import Settings, load_settings
from gateway.tracing import RequestTracer, TracingMiddleware
from gateway.ui.routes import ROUTES as UI_ROUTES
from gateway.ui.routes import TEMPLATE_CONFIG as UI_TEMPLATE_CONFIG
from gateway.version import package_version


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the gateway. ``settings=None`` reads the configuration file and environment."""
    settings = settings if settings is not None else load_settings()
    configure_logging(settings.logging.level)
    metrics = GatewayMetrics(multiprocess_dir=settings.metrics.multiprocess_dir)
    tracer = RequestTracer(settings.tracing)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        components = await build_components(settings, metrics=metrics)
        app.state.components = components
        # Models, NLP pipelines, policy engines and lexicons live for the whole process: move
        # them out of the garbage collector's view, so its collections scan only request
        # garbage (shorter pauses in the latency tail).
        gc.collect()
        gc.freeze()
        tracer.start()
        remove_sighup = install_sighup_reload(components)
        jobs = [job for job in (retention_job(components), audit_scheduler(components)) if job]
        for job in jobs:
            job.start()
        try:
            yield
        finally:
            for job in jobs:
                await job.stop()
            remove_sighup()
            try:
                await close_components(components)
            finally:
                await tracer.aclose()  # exports the spans still queued

    return Litestar(
        route_handlers=[
            chat.chat_completions,
            chat.embeddings,
            chat.list_models,
            health.live,
            health.ready,
            *audit.ROUTES,
            *decisions.ROUTES,
            *reviews.ROUTES,
            *citizen.ROUTES,
            *fairness.ROUTES,
            *records.ROUTES,
            *retention.ROUTES,
            admin.reload_policy,
            metrics_endpoint,
            *UI_ROUTES,  # gateway/ui/routes.py: every dashboard router
        ],
        lifespan=[lifespan],
        dependencies=DEPENDENCIES,  # gateway/dependencies.py: typed components, identity, pipelines
        guards=[route_rule_guard],  # gateway/authz.py: one rule per route, else refused
        before_request=reject_bad_input,  # gateway/input_guard.py: depth, NUL, control chars
        on_startup=[install_problem_documentation],
        middleware=[
            DefineMiddleware(
                MetricsMiddleware, metrics=metrics, server_timing=settings.server.server_timing
            ),
            # Inside MetricsMiddleware, which opens the stage timings the spans are built from.
            *([DefineMiddleware(TracingMiddleware, tracer=tracer)] if tracer.enabled else []),
            RequestContextMiddleware,
        ],
        state=State({"metrics": metrics}),
        before_send=[security_headers_hook(settings.security_headers)],  # type: ignore[list-item]
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        template_config=UI_TEMPLATE_CONFIG,  # the dashboard's pages (gateway/ui)
        request_max_body_size=settings.server.max_body_bytes,
        openapi_config=OpenAPIConfig(title="Leitplanke", version=package_version(), path="/schema"),
        debug=False,
    )
