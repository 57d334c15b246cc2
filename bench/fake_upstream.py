"""A fast fake OpenAI-compatible upstream for load benchmarks (loopback only).

A raw asyncio protocol (no framework) with TCP_NODELAY, HTTP/1.1 keep-alive and pre-encoded
answers, so it answers in a few tens of microseconds and the benchmark measures the gateway,
not the fake. It understands ``POST .../chat/completions`` (``"stream": true`` gives SSE) and
``POST .../embeddings``; ``GET .../models`` lists ``demo-model``.

Which answer it sends depends on the prompt, so one upstream serves every scenario:

* prompt contains ``Wohngeld``: ``ANSWER_PII``, ~1 KB of German text full of personal data;
* anything else: ``ANSWER_PLAIN``, a short answer without personal data.

Usage:
    .venv/bin/python bench/fake_upstream.py --port 9100
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
from typing import Any, cast

MARKER_PII = b"Wohngeld"

ANSWER_PII = (
    "Sehr geehrte Frau Erika Mustermann, vielen Dank für Ihre Nachricht vom 14. Februar 2024. "
    "Ihr Antrag auf Wohngeld (Aktenzeichen WG-2024-12345) ist bei uns eingegangen. Wir haben "
    "Ihre Angaben geprüft: Anschrift Musterstraße 12, 12345 Berlin, Steuer-ID 86095742719, "
    "IBAN DE89 3704 0044 0532 0130 00. Für Rückfragen erreichen wir Sie unter 0171 1234567 "
    "oder per E-Mail an erika.mustermann@example.de. Bitte reichen Sie noch die Kontoauszüge "
    "der letzten drei Monate sowie den aktuellen Mietvertrag ein. Der Bescheid vom 03.04.2024 "
    "über 245,50 Euro wird nach Eingang der Unterlagen überprüft. Falls sich Ihre Miete seit "
    "Januar erhöht hat, legen Sie bitte die Mieterhöhung Ihres Vermieters Herrn Hans Schmidt "
    "bei. Ihr Sohn Lukas Mustermann wird bei der Haushaltsgröße berücksichtigt. Ihre "
    "Sachbearbeiterin ist Frau Petra Meier, Telefon 030 98765432, E-Mail "
    "petra.meier@bezirksamt-beispiel.de. Mit freundlichen Grüßen, Ihr Wohngeldamt Berlin-Mitte."
)
ANSWER_PLAIN = (
    "Die Bearbeitung dauert in der Regel vier bis sechs Wochen. Bitte halten Sie die "
    "Unterlagen bereit."
)
STREAM_PIECE_CHARS = 16


def _completion(answer: str) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "demo-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": answer},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 250, "completion_tokens": 250, "total_tokens": 500},
        },
        ensure_ascii=False,
    ).encode()


def _stream(answer: str) -> bytes:
    base: dict[str, Any] = {
        "id": "chatcmpl-bench",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "demo-model",
    }
    events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant"}}]}]
    for i in range(0, len(answer), STREAM_PIECE_CHARS):
        piece = answer[i : i + STREAM_PIECE_CHARS]
        events.append(
            {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
        )
    events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    text = "".join(f"data: {json.dumps(e, ensure_ascii=False)}\n\n" for e in events)
    return (text + "data: [DONE]\n\n").encode()


def _embedding() -> bytes:
    return json.dumps(
        {
            "object": "list",
            "data": [{"object": "embedding", "index": 0, "embedding": [0.01] * 64}],
            "model": "demo-model",
            "usage": {"prompt_tokens": 10, "total_tokens": 10},
        }
    ).encode()


def _response(body: bytes, content_type: str, status: str = "200 OK") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


JSON = "application/json"
SSE = "text/event-stream"
RESPONSES = {
    ("chat", True, False): _response(_completion(ANSWER_PII), JSON),
    ("chat", False, False): _response(_completion(ANSWER_PLAIN), JSON),
    ("chat", True, True): _response(_stream(ANSWER_PII), SSE),
    ("chat", False, True): _response(_stream(ANSWER_PLAIN), SSE),
}
EMBEDDINGS = _response(_embedding(), JSON)
MODELS = _response(
    json.dumps({"object": "list", "data": [{"id": "demo-model", "object": "model"}]}).encode(),
    JSON,
)
NOT_FOUND = _response(b'{"error":{"message":"not found"}}', JSON, "404 Not Found")


def _wants_stream(body: bytes) -> bool:
    return b'"stream":true' in body or b'"stream": true' in body


class FakeUpstream(asyncio.Protocol):
    """One connection: parses pipelined HTTP/1.1 requests with Content-Length bodies."""

    def __init__(self) -> None:
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses; both have write().
        self._transport = cast(asyncio.Transport, transport)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self._buffer[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if len(self._buffer) < end + 4 + length:
                return
            body = self._buffer[end + 4 : end + 4 + length]
            self._buffer = self._buffer[end + 4 + length :]
            assert self._transport is not None
            self._transport.write(self._answer(head.split(b"\r\n", 1)[0], body))

    @staticmethod
    def _answer(request_line: bytes, body: bytes) -> bytes:
        method, _, rest = request_line.partition(b" ")
        path = rest.partition(b" ")[0].split(b"?")[0]
        if method == b"POST" and path.endswith(b"/chat/completions"):
            return RESPONSES[("chat", MARKER_PII in body, _wants_stream(body))]
        if method == b"POST" and path.endswith(b"/embeddings"):
            return EMBEDDINGS
        if method == b"GET" and path.endswith(b"/models"):
            return MODELS
        return NOT_FOUND


async def serve(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(FakeUpstream, host, port, backlog=1024, reuse_address=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    args = parser.parse_args()
    try:
        import uvloop  # type: ignore[import-not-found]

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
