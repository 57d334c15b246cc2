"""``OtlpCollectorDouble``: a TEST DOUBLE of an OpenTelemetry collector's OTLP/HTTP receiver.

A real HTTP server on loopback that accepts ``POST /v1/traces`` with protobuf bodies (what
``opentelemetry-exporter-otlp-proto-http`` sends), keeps every raw body (so tests can search
them for data that must never leave) and decodes the spans with ``opentelemetry-proto``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

TRACES_PATH = "/v1/traces"


@dataclass(frozen=True)
class ReceivedSpan:
    """One decoded span, with the ids as hex and attributes as plain Python values."""

    name: str
    trace_id: str
    span_id: str
    parent_span_id: str
    start_ns: int
    end_ns: int
    attributes: dict[str, Any]
    resource: dict[str, Any]
    status_code: int


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    return getattr(value, kind) if kind else None


@dataclass
class _Received:
    bodies: list[bytes] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr
        return

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.server.received.lock:
            self.server.received.paths.append(self.path)
            self.server.received.bodies.append(body)
        status = 200 if self.path == TRACES_PATH else 404
        answer = ExportTraceServiceResponse().SerializeToString()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received = _Received()


class OtlpCollectorDouble:
    """What the double received; ``endpoint`` is the URL to configure as ``otlp_endpoint``."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.endpoint = f"http://127.0.0.1:{server.server_address[1]}{TRACES_PATH}"

    @property
    def raw_bodies(self) -> list[bytes]:
        with self._server.received.lock:
            return list(self._server.received.bodies)

    @property
    def paths(self) -> list[str]:
        with self._server.received.lock:
            return list(self._server.received.paths)

    def spans(self) -> list[ReceivedSpan]:
        found = []
        for body in self.raw_bodies:
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            for resource_spans in request.resource_spans:
                resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        found.append(
                            ReceivedSpan(
                                name=span.name,
                                trace_id=span.trace_id.hex(),
                                span_id=span.span_id.hex(),
                                parent_span_id=span.parent_span_id.hex(),
                                start_ns=span.start_time_unix_nano,
                                end_ns=span.end_time_unix_nano,
                                attributes={a.key: _value(a.value) for a in span.attributes},
                                resource=resource,
                                status_code=span.status.code,
                            )
                        )
        return found


@contextmanager
def otlp_collector_double() -> Iterator[OtlpCollectorDouble]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield OtlpCollectorDouble(server)
    finally:
        server.shutdown()
        server.server_close()
