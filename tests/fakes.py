"""Test doubles: the upstream model server (an edge Leitplanke does not own) and protocol
fakes of the pipelines' collaborators.

Protocol fakes (``FakeRedactor``, ``FakePolicyEngine``, ``FakeAuditLog``, ``FakeUpstream``)
implement the protocols the pipelines are typed against (``pii.engine.Redactor``,
``policies.engines.PolicyEngine``, the appending part of ``audit_log.stores.AuditStore``,
``gateway.upstream.Upstream``) and can be told to fail. They exist for the unit tests of the
fail-closed branches (tests/unit/gateway/test_pipeline_fail_closed.py); the integration and
e2e suites run the real Presidio, Rego and stores.

``RecordingUpstream`` is a TEST DOUBLE of an OpenAI-compatible model server: a real HTTP server
on loopback that records every request body it receives (so tests can prove that no raw
personal data reached it) and answers deterministically. Its behaviour per model name:

* ``slow-model``: waits ``slow_seconds`` before answering (upstream timeout tests);
* ``broken-model``: answers HTTP 500;
* anything else: echoes the last user message back, prefixed with ``echo: ``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Python's http.server otherwise stalls ~40 ms per response (Nagle + delayed ACK).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        body = json.loads(raw)
        self.server.received.append({"path": self.path, "body": body, "raw": raw.decode()})
        model = body.get("model", "")
        if self.path.endswith("/embeddings"):
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            self._send(
                200,
                {
                    "object": "list",
                    "model": model,
                    "data": [
                        {"object": "embedding", "index": i, "embedding": [0.1, 0.2, float(i)]}
                        for i, _ in enumerate(inputs)
                    ],
                    "usage": {"prompt_tokens": 3, "total_tokens": 3},
                },
            )
            return
        if model == "slow-model":
            time.sleep(self.server.slow_seconds)
        if model == "broken-model":
            self._send(500, {"error": {"message": "upstream exploded"}})
            return
        last_user = next(
            (m for m in reversed(body.get("messages", [])) if m.get("role") == "user"), {}
        )
        content = last_user.get("content") or ""
        if isinstance(content, list):
            content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
        answer = self.server.answer_template.format(content=content)
        if self.server.tool_arguments:
            # A tool call whose arguments quote the last user message (JSON-escaped).
            quoted = json.dumps(content, ensure_ascii=False)[1:-1]
            arguments = self.server.tool_arguments.replace("{content}", quoted)
            if body.get("stream"):
                self._send_stream(model, arguments, tool=True)
                return
            self._send(200, _tool_call_completion(model, arguments))
            return
        if body.get("stream"):
            self._send_stream(model, answer)
            return
        self._send(
            200,
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 1_700_000_000,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": answer},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
            },
        )

    def _send_stream(self, model: str, answer: str, *, tool: bool = False) -> None:
        """SSE in pieces of ``stream_piece`` characters, so values straddle chunk borders.

        With ``tool``, ``answer`` is a tool call's arguments, streamed as OpenAI does: a
        first delta with the call's id and name, then ``arguments`` fragments."""
        base = {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": 1_700_000_000,
            "model": model,
        }
        size = self.server.stream_piece
        pieces = [answer[i : i + size] for i in range(0, len(answer), size)]
        events = [
            {
                **base,
                "choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}],
            }
        ]
        if tool:
            first = {
                "index": 0,
                "id": "call_x",
                "type": "function",
                "function": {"name": "lookup", "arguments": ""},
            }
            deltas = [{"tool_calls": [first]}] + [
                {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]} for piece in pieces
            ]
        else:
            deltas = [{"content": piece} for piece in pieces]
        events += [
            {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
            for delta in deltas
        ]
        finish = "tool_calls" if tool else "stop"
        events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
        data = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
        raw = data.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the gateway gave up waiting (timeout tests)


def _tool_call_completion(model: str, arguments: str) -> dict[str, Any]:
    call = {
        "id": "call_x",
        "type": "function",
        "function": {"name": "lookup", "arguments": arguments},
    }
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "tool_calls": [call]},
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    received: list[dict[str, Any]]
    slow_seconds: float
    answer_template: str
    stream_piece: int
    tool_arguments: str


class RecordingUpstream:
    """Handle on a running test-double upstream (see module docstring)."""

    def __init__(self, server: _Server) -> None:
        self._server = server

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def received(self) -> list[dict[str, Any]]:
        return self._server.received

    def all_raw(self) -> str:
        """Everything the upstream ever received, as one string (for leak assertions)."""
        return "\n".join(item["raw"] for item in self._server.received)

    def set_stream_piece(self, size: int) -> None:
        """Characters per streamed chunk."""
        self._server.stream_piece = size

    def set_tool_arguments(self, template: str) -> None:
        """Answer with a tool call whose arguments are ``template`` ("" = plain answers);
        ``{content}`` is replaced by the last user message, JSON-escaped."""
        self._server.tool_arguments = template

    def set_answer(self, template: str) -> None:
        """Answer template; ``{content}`` is replaced by the last user message."""
        self._server.answer_template = template


@contextmanager
def recording_upstream(*, slow_seconds: float = 2.0) -> Iterator[RecordingUpstream]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.received = []
    server.slow_seconds = slow_seconds
    server.answer_template = "echo: {content}"
    server.stream_piece = 3
    server.tool_arguments = ""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RecordingUpstream(server)
    finally:
        server.shutdown()
        server.server_close()


# --- protocol fakes -------------------------------------------------------------------------


class FakeRedactor:
    """``pii.engine.Redactor`` that finds the literal values it was given; ``failing`` makes
    every analysis raise ``PiiEngineError`` (the engine broke)."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        from pii.types import PiiConfig

        self.values = values if values is not None else {"Jana Kowalczyk": "PERSON"}
        self.failing = False
        self.analyzed: list[str] = []
        self._config = PiiConfig()

    @property
    def config(self) -> Any:
        return self._config

    @property
    def crypto(self) -> None:
        return None

    def entity_types(self) -> frozenset[str]:
        return frozenset(self.values.values())

    def new_session(self) -> Any:
        from pii.engine import RedactionSession

        return RedactionSession(self)

    def ping(self) -> bool:
        return not self.failing

    def analyze(self, text: str, *, language: str | None = None, keep: bool = True) -> list[Any]:
        from pii.engine import Finding, resolve_overlaps
        from pii.errors import PiiEngineError, TextTooLargeError

        if len(text) > self._config.max_text_chars:
            raise TextTooLargeError(length=len(text), limit=self._config.max_text_chars)
        if self.failing:
            raise PiiEngineError("fake analysis engine is down")
        self.analyzed.append(text)
        found = [
            Finding(entity_type, start, start + len(value), 1.0)
            for value, entity_type in self.values.items()
            for start in _occurrences(text, value)
        ]
        return resolve_overlaps(found)

    def operator_for(self, entity_type: str) -> Any:
        return "replace"


def _occurrences(text: str, value: str) -> list[int]:
    starts, at = [], text.find(value)
    while at >= 0:
        starts.append(at)
        at = text.find(value, at + 1)
    return starts


class FakePolicyEngine:
    """``policies.engines.PolicyEngine`` answering what it is told: ``allow()`` (default),
    ``deny(code)`` or ``unavailable()`` (the fail-closed decision of a broken engine)."""

    revision = "sha256:fake"

    def __init__(self) -> None:
        self.access = self.allow()
        self.automated = self.allow()
        self.inputs: list[dict[str, Any]] = []

    @classmethod
    def allow(cls, *obligations: str) -> Any:
        from policies.types import PolicyDecision

        return PolicyDecision(
            allow=True, reasons=(), obligations=obligations, revision=cls.revision
        )

    @classmethod
    def deny(cls, code: str = "purpose_not_allowed") -> Any:
        from policies.types import PolicyDecision, Reason

        reason = Reason(code=code, message="denied by the fake policy")
        return PolicyDecision(allow=False, reasons=(reason,), obligations=(), revision=cls.revision)

    @classmethod
    def unavailable(cls) -> Any:
        from policies.types import POLICY_UNAVAILABLE, PolicyDecision, Reason

        reason = Reason(code=POLICY_UNAVAILABLE, message="fake engine down")
        return PolicyDecision(allow=False, reasons=(reason,), obligations=(), revision=cls.revision)

    @property
    def stats(self) -> Any:
        from policies.engines import PolicyStats

        return PolicyStats(decisions=0, allowed=0, denied=0, unavailable=0, reloads=0)

    async def start(self) -> None:
        return None

    async def decide_access(self, input: Any) -> Any:
        self.inputs.append(dict(input))
        return self.access

    async def decide_automated_decision(self, input: Any) -> Any:
        self.inputs.append(dict(input))
        return self.automated

    async def ready(self) -> bool:
        return True

    async def reload(self) -> str:
        return self.revision

    async def aclose(self) -> None:
        return None


class FakeAuditLog:
    """The appending part of ``AuditStore``: keeps events in memory; an event type in
    ``failing`` (or ``"*"``) raises ``AuditWriteError`` as a full disk would.

    Writes that come with an event (``storage.writes.Writes``: a decision and its fairness
    observation) run in one SQLite transaction on ``database`` (a ``sqlite:///`` URL), as the
    real store runs them in its group commit; ``failing_writes`` makes them fail as a broken
    decision table would (``CoupledWriteError``: neither the rows nor the event are kept).
    """

    def __init__(self, database: str | None = None) -> None:
        self.events: list[Any] = []
        self.failing: set[str] = set()
        self.failing_writes = False
        self.database = database

    async def append(self, event: Any, *, writes: Any = None) -> Any:
        from audit_log.errors import AuditWriteError, CoupledWriteError

        if "*" in self.failing or event.event_type in self.failing:
            raise AuditWriteError("fake audit store refuses writes")
        if writes is not None:
            if self.failing_writes:
                raise CoupledWriteError("fake: the rows could not be written")
            self._write(writes)
        self.events.append(event)
        return event

    def _write(self, writes: Any) -> None:
        import sqlite3

        from audit_log.errors import CoupledWriteError
        from storage.writes import database_key, run_sqlite

        if self.database is None or database_key(self.database) != writes.database:
            raise CoupledWriteError("fake: writes for another database")
        conn = sqlite3.connect(self.database.removeprefix("sqlite:///"), isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            run_sqlite(conn, writes.statements)
            conn.execute("COMMIT")
        finally:
            conn.close()

    @property
    def types(self) -> list[str]:
        return [e.event_type for e in self.events]


class FakeUpstream:
    """``gateway.upstream.Upstream`` in process: records each body it is sent, answers
    ``answer`` (or streams it in ``chunks``), or raises ``error`` when set."""

    name = "fake"
    hosting = "internal"

    def __init__(self, answer: str = "Gern geschehen.") -> None:
        self.answer = answer
        self.sent: list[dict[str, Any]] = []
        self.error: Exception | None = None

    def _accept(self, body: Any) -> None:
        self.sent.append(dict(body))
        if self.error is not None:
            raise self.error

    async def chat_completion(self, body: Any) -> dict[str, Any]:
        self._accept(body)
        message = {"role": "assistant", "content": self.answer}
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "model": body.get("model", ""),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        }

    async def open_chat_stream(self, body: Any) -> Any:
        self._accept(body)

        async def events() -> Any:
            for piece in (
                self.answer[: len(self.answer) // 2],
                self.answer[len(self.answer) // 2 :],
            ):
                yield {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                }

        return events()

    async def embeddings(self, body: Any) -> dict[str, Any]:
        self._accept(body)
        return {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.1]}]}

    async def aclose(self) -> None:
        return None
