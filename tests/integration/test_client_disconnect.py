"""A caller that disconnects while sending its body is not an internal error."""

from __future__ import annotations

from typing import Any

from structlog.testing import capture_logs

from tests.integration.conftest import Gateway


def test_when_the_client_disconnects_mid_body_then_it_is_logged_as_such_not_as_an_error(
    gateway: Gateway,
) -> None:
    key = gateway.keys["ai-service"]
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/chat/completions",
        "raw_path": b"/v1/chat/completions",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"authorization", f"Bearer {key}".encode()),
            (b"content-type", b"application/json"),
            (b"x-purpose", b"demo"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    incoming = [
        {"type": "http.request", "body": b'{"model": "demo-model", "mess', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    before = len(gateway.upstream.received)
    with capture_logs() as logs:
        assert gateway.client.blocking_portal is not None
        gateway.client.blocking_portal.call(gateway.client.app, scope, receive, send)
    events = [entry["event"] for entry in logs]
    assert "client_disconnected" in events
    assert "unhandled_exception" not in events
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 400
    assert len(gateway.upstream.received) == before  # nothing was forwarded
