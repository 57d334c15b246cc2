"""structlog set-up and the per-request summary line.

Logging rules (enforced by a canary test): log identifiers, sizes, counts, codes and
durations; never prompts, answers, personal data, keys or exception messages from the data
path. One ``request.completed`` line per request carries the request id.
"""

from __future__ import annotations

import logging
import sys
import time
import uuid
from typing import Any, TextIO, cast

import structlog
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"

_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}


# Third-party loggers that write request content at DEBUG/INFO (Presidio logs the context
# words around every finding, i.e. personal data). They are capped whatever the root level is;
# the canary test in tests/integration/test_log_canary.py fails if one slips through.
_CAPPED_LOGGERS = {
    "presidio-analyzer": logging.ERROR,
    "presidio-anonymizer": logging.ERROR,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "urllib3": logging.WARNING,
}


def configure_logging(level: str = "info", *, stream: TextIO | None = None) -> None:
    """Configure structlog once for JSON lines (stdout by default) with context merged.

    Commands whose stdout is their output (``records ... --format json``) pass ``sys.stderr``.
    """
    for name, cap in _CAPPED_LOGGERS.items():
        logging.getLogger(name).setLevel(cap)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(_LEVELS.get(level, logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=stream or sys.stdout),
        cache_logger_on_first_use=False,
    )


def new_request_id() -> str:
    return uuid.uuid4().hex


_HEX = frozenset("0123456789abcdefABCDEF-")


def _valid_request_id(value: str) -> bool:
    # Callers may pass their own id for tracing; it lands in the append-only audit log, so
    # only hex ids (UUIDs, W3C trace ids) are taken: a name cannot be smuggled in as one.
    return 8 <= len(value) <= 64 and all(c in _HEX for c in value)


class RequestContextMiddleware:
    """ASGI middleware: request id, structlog context and one summary line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = structlog.get_logger("leitplanke.request")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = ""
        for name, value in scope.get("headers", []):
            if name == REQUEST_ID_HEADER.encode():
                candidate = value.decode("latin-1")
                request_id = candidate if _valid_request_id(candidate) else ""
        request_id = request_id or new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers: list[Any] = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            state = scope.get("state", {})
            self.log.info(
                "request.completed",
                request_id=request_id,
                method=scope.get("method"),
                path=scope.get("route_path") or _safe_path(scope),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                service=state.get("service_name"),
            )
            structlog.contextvars.clear_contextvars()


def _safe_path(scope: Scope) -> str:
    # Paths may carry ids but never bodies; query strings are left out on purpose.
    return str(scope.get("path", ""))[:200]


def request_id_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The id ``RequestContextMiddleware`` gave this request (``X-Request-ID``)."""
    return cast(str, connection.scope["state"]["request_id"])
