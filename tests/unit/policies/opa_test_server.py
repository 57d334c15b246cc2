"""TEST FIXTURE: a small OPA-REST-compatible server on loopback, for tests only.

``OpaTestServer`` implements the part of OPA's REST API that Leitplanke's remote engine
uses, and evaluates with OPA's own Go engine (``opa_bindings``), so results are OPA's:

- ``PUT /v1/policies/{id}``   add or replace a Rego module (400 with OPA-style errors);
- ``DELETE /v1/policies/{id}``, ``GET /v1/policies``;
- ``PUT /v1/data/{path}``     replace a data document (204);
- ``POST /v1/data/{path}``    evaluate ``data.<path>`` with ``{"input": ...}``:
  ``{"result": value}``, or ``{}`` when undefined;
- ``GET /health``             200 when healthy.

It is not a production OPA and not part of Leitplanke: it exists so the remote engine is
tested over real HTTP. Knobs for failure tests: ``delay_s`` (slow answers),
``fail_status`` (answer every data query with that status), ``healthy``.
It counts TCP connections (``connections``) so tests can prove connection reuse.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opa_bindings import OpaEngine, OpaError, OpaUndefinedError


class OpaTestServer:
    """State of the fake OPA: modules, data and the compiled Go engine."""

    def __init__(self) -> None:
        self.modules: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.delay_s = 0.0
        self.fail_status = 0
        self.healthy = True
        self.connections = 0
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._engine: OpaEngine | None = None
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def _compile(self, modules: dict[str, str], data: dict[str, Any]) -> OpaEngine:
        engine = OpaEngine()
        engine.print_handler = lambda message, location: None
        try:
            for module_id, source in modules.items():
                engine.add_policy(module_id, source)
            engine.add_data(data)
            engine.eval_query("true")
        except BaseException:
            engine.close()
            raise
        return engine

    def preload(self, modules: dict[str, str], data: dict[str, Any]) -> None:
        """Loads a whole bundle at once, as ``opa run --bundle`` would."""
        with self._lock:
            self._swap(self._compile(modules, data))
            self.modules, self.data = dict(modules), json.loads(json.dumps(data))

    def put_policy(self, module_id: str, source: str) -> None:
        with self._lock:
            modules = {**self.modules, module_id: source}
            new = self._compile(modules, self.data)
            self._swap(new)
            self.modules = modules

    def delete_policy(self, module_id: str) -> bool:
        with self._lock:
            if module_id not in self.modules:
                return False
            modules = {k: v for k, v in self.modules.items() if k != module_id}
            self._swap(self._compile(modules, self.data))
            self.modules = modules
            return True

    def put_data(self, path: str, value: Any) -> None:
        with self._lock:
            data = json.loads(json.dumps(self.data))
            parts = [p for p in path.split("/") if p]
            if not parts:
                data = value
            else:
                node = data
                for part in parts[:-1]:
                    node = node.setdefault(part, {})
                node[parts[-1]] = value
            self._swap(self._compile(self.modules, data))
            self.data = data

    def evaluate(self, path: str, input: Any) -> tuple[bool, Any]:
        engine = self._engine
        if engine is None:
            return False, None
        try:
            return True, engine.eval_document(path.strip("/").replace("/", "."), input)
        except OpaUndefinedError:
            return False, None

    def _swap(self, new: OpaEngine) -> None:
        old, self._engine = self._engine, new
        if old is not None:
            old.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None


def _error_body(exc: OpaError) -> dict[str, Any]:
    """OPA's 400 body for a module that does not compile."""
    import re

    errors = []
    for match in re.finditer(r"([^\s:]+):(\d+): (rego_\w+): ([^\n]*)", exc.message):
        errors.append(
            {
                "code": match.group(3),
                "message": match.group(4),
                "location": {"file": match.group(1), "row": int(match.group(2)), "col": 1},
            }
        )
    return {
        "code": "invalid_parameter",
        "message": "error(s) occurred while compiling module(s)",
        "errors": errors,
    }


def _handler(state: OpaTestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse is observable
        disable_nagle_algorithm = True
        wbufsize = 1 << 16  # one write per answer (flushed by handle_one_request)

        def setup(self) -> None:
            super().setup()
            state.connections += 1

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send(self, status: int, body: Any = None) -> None:
            raw = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            state.requests.append(("GET", self.path))
            if self.path.startswith("/health"):
                self._send(200 if state.healthy else 500, {})
            elif self.path.rstrip("/") == "/v1/policies":
                result = [{"id": k, "raw": v} for k, v in state.modules.items()]
                self._send(200, {"result": result})
            else:
                self._send(404, {"code": "resource_not_found", "message": self.path})

        def do_PUT(self) -> None:
            state.requests.append(("PUT", self.path))
            body = self._body()
            try:
                if self.path.startswith("/v1/policies/"):
                    state.put_policy(self.path.removeprefix("/v1/policies/"), body.decode())
                    self._send(200, {})
                elif self.path.startswith("/v1/data"):
                    state.put_data(self.path.removeprefix("/v1/data"), json.loads(body))
                    self._send(204)
                else:
                    self._send(404, {"code": "resource_not_found", "message": self.path})
            except OpaError as exc:
                self._send(400, _error_body(exc))

        def do_DELETE(self) -> None:
            state.requests.append(("DELETE", self.path))
            if state.delete_policy(self.path.removeprefix("/v1/policies/")):
                self._send(200, {})
            else:
                self._send(404, {"code": "resource_not_found", "message": self.path})

        def do_POST(self) -> None:
            state.requests.append(("POST", self.path))
            body = self._body()
            if state.delay_s:
                time.sleep(state.delay_s)
            if state.fail_status:
                self._send(state.fail_status, {"code": "internal_error", "message": "injected"})
                return
            if not self.path.startswith("/v1/data/"):
                self._send(404, {"code": "resource_not_found", "message": self.path})
                return
            try:
                payload = json.loads(body or b"{}")
                defined, value = state.evaluate(
                    self.path.removeprefix("/v1/data/").split("?")[0], payload.get("input")
                )
            except OpaError as exc:
                self._send(500, {"code": "internal_error", "message": exc.code})
                return
            self._send(200, {"result": value} if defined else {})

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that time out hang up mid-answer; that is expected here."""


@contextmanager
def running_opa_test_server() -> Iterator[OpaTestServer]:
    """Starts an ``OpaTestServer`` on 127.0.0.1 (free port) and stops it afterwards."""
    state = OpaTestServer()
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    state._httpd = httpd
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="opa-test-server",
        daemon=True,
    )
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        state.close()
