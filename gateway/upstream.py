"""Upstream model clients: OpenAI-compatible HTTP servers and the built-in demo model.

aiohttp exceptions are mapped here, where they enter, to ``UpstreamTimeoutError`` (504) and
``BadGatewayError`` (502). Nothing in this module logs request or response bodies.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncGenerator, Mapping
from typing import Any, Protocol

import aiohttp
import msgspec

from gateway.errors import BadGatewayError, UpstreamTimeoutError
from gateway.settings import BUILTIN_DEMO_URL, UpstreamSettings

DEMO_LABEL = "[Leitplanke demo model — not a real AI]"


class Upstream(Protocol):
    """One configured upstream serving one or more models."""

    @property
    def name(self) -> str: ...

    @property
    def hosting(self) -> str: ...

    async def chat_completion(self, body: Mapping[str, Any]) -> dict[str, Any]: ...

    async def open_chat_stream(
        self, body: Mapping[str, Any]
    ) -> AsyncGenerator[dict[str, Any], None]:
        """Sends a ``stream: true`` request; returns once the upstream accepted it.

        The generator yields each ``chat.completion.chunk`` event and raises
        ``UpstreamTimeoutError``/``BadGatewayError`` if the stream breaks.
        """
        ...

    async def embeddings(self, body: Mapping[str, Any]) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


class HttpUpstream:
    """Any OpenAI-compatible server (vLLM, Ollama, Azure OpenAI behind a proxy, ...).

    One aiohttp session (one keep-alive connection pool) per upstream. aiohttp rather than
    httpx: against a loopback upstream it costs about 0.3 ms of CPU per call instead of 1.6 ms
    (bench/RESULTS_LOAD.md), and this client is on every proxied request. ``timeout_s``
    bounds connecting and each read (as httpx's timeout did), so a stream may run longer
    than ``timeout_s`` as long as events keep coming.
    """

    def __init__(self, settings: UpstreamSettings) -> None:
        self.name = settings.name
        self.hosting = settings.hosting
        self._base_url = settings.base_url.rstrip("/") + "/"
        self._headers = {"Content-Type": "application/json"}
        if settings.api_key:
            self._headers["Authorization"] = f"Bearer {settings.api_key}"
        self._timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=settings.timeout_s, sock_read=settings.timeout_s
        )
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running event loop (aiohttp requires one).
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                connector=aiohttp.TCPConnector(limit=256, keepalive_timeout=30),
                headers=self._headers,
            )
        return self._session

    async def embeddings(self, body: Mapping[str, Any]) -> dict[str, Any]:
        decoded = await self._json(body, path="embeddings")
        if not isinstance(decoded, dict) or not isinstance(decoded.get("data"), list):
            raise BadGatewayError(f"upstream {self.name!r} sent no embeddings")
        return decoded

    async def chat_completion(self, body: Mapping[str, Any]) -> dict[str, Any]:
        decoded = await self._json(body, path="chat/completions")
        if not isinstance(decoded, dict) or not isinstance(decoded.get("choices"), list):
            raise BadGatewayError(f"upstream {self.name!r} sent no choices")
        return decoded

    async def open_chat_stream(
        self, body: Mapping[str, Any]
    ) -> AsyncGenerator[dict[str, Any], None]:
        response = await self._send(body, path="chat/completions")
        return self._events(response)

    async def _json(self, body: Mapping[str, Any], *, path: str) -> Any:
        response = await self._send(body, path=path)
        try:
            content = await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise self._mapped(exc) from None
        finally:
            response.release()
        try:
            return msgspec.json.decode(content)
        except msgspec.DecodeError:
            raise BadGatewayError(f"upstream {self.name!r} sent invalid JSON") from None

    async def _send(self, body: Mapping[str, Any], *, path: str) -> aiohttp.ClientResponse:
        try:
            response = await self._client().post(
                self._base_url + path, data=msgspec.json.encode(body)
            )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise self._mapped(exc) from None
        if response.status >= 400:
            response.release()
            raise BadGatewayError(
                f"upstream {self.name!r} answered HTTP {response.status}",
                extra={"upstream_status": response.status},
            )
        return response

    def _mapped(self, exc: BaseException) -> BadGatewayError | UpstreamTimeoutError:
        if isinstance(exc, TimeoutError):  # aiohttp's timeouts subclass TimeoutError
            return UpstreamTimeoutError(f"upstream {self.name!r} did not answer in time")
        return BadGatewayError(f"upstream {self.name!r} unreachable ({type(exc).__name__})")

    async def _events(
        self, response: aiohttp.ClientResponse
    ) -> AsyncGenerator[dict[str, Any], None]:
        """Parses ``data:`` lines of an SSE stream until ``[DONE]``."""
        try:
            async for raw in response.content:
                line = raw.decode("utf-8", errors="replace").strip()
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                try:
                    event = msgspec.json.decode(data)
                except msgspec.DecodeError:
                    raise BadGatewayError(f"upstream {self.name!r} sent invalid JSON") from None
                if isinstance(event, dict):
                    yield event
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise self._mapped(exc) from None
        finally:
            response.release()

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class DemoUpstream:
    """Deterministic stand-in model so ``make run`` works with no real model.

    It answers by describing what it received, so a newcomer can see that personal data was
    replaced by placeholders before it reached the model. Every answer is labelled as a demo.
    """

    hosting = "internal"

    def __init__(self, settings: UpstreamSettings) -> None:
        self.name = settings.name
        self.hosting = settings.hosting

    async def chat_completion(self, body: Mapping[str, Any]) -> dict[str, Any]:
        messages = body.get("messages") or []
        # After a tool round trip the newest message is the tool's result: echo that one,
        # so the caller sees the tool message arrived (redacted) rather than the older prompt.
        ends_with_tool = bool(messages) and messages[-1].get("role") == "tool"
        shown = (
            messages[-1]
            if ends_with_tool
            else next(
                (m for m in reversed(messages) if m.get("role") == "user"),
                messages[-1] if messages else {},
            )
        )
        content = shown.get("content")
        if isinstance(content, list):
            content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        seen = str(content or "")
        which = "The tool result" if ends_with_tool else "The last one"
        answer = (
            f"{DEMO_LABEL} I received {len(messages)} message(s). "
            f"{which}, as the model saw it: {seen}"
        )
        digest = hashlib.sha256(msgspec.json.encode(body)).hexdigest()[:24]
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
        completion_tokens = len(answer.split())
        return {
            "id": f"chatcmpl-demo-{digest}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": str(body.get("model", "")),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": answer},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }

    async def embeddings(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Deterministic 8-dimensional vectors from a hash of each (redacted) input."""
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = []
        for index, text in enumerate(inputs):
            digest = hashlib.sha256(str(text).encode()).digest()
            vector = [round((b - 127.5) / 127.5, 6) for b in digest[:8]]
            data.append({"object": "embedding", "index": index, "embedding": vector})
        tokens = sum(len(str(t).split()) for t in inputs)
        return {
            "object": "list",
            "data": data,
            "model": str(body.get("model", "")),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }

    async def open_chat_stream(
        self, body: Mapping[str, Any]
    ) -> AsyncGenerator[dict[str, Any], None]:
        answer = await self.chat_completion(body)
        return self._chunks(answer)

    @staticmethod
    async def _chunks(answer: dict[str, Any]) -> AsyncGenerator[dict[str, Any], None]:
        text = answer["choices"][0]["message"]["content"]
        base = {k: answer[k] for k in ("id", "created", "model")}
        base["object"] = "chat.completion.chunk"
        yield {
            **base,
            "choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}],
        }
        for start in range(0, len(text), 7):  # small, uneven pieces like a real model
            yield {
                **base,
                "choices": [
                    {
                        "index": 0,
                        "delta": {"content": text[start : start + 7]},
                        "finish_reason": None,
                    }
                ],
            }
        yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}

    async def aclose(self) -> None:
        return None


def build_upstream(settings: UpstreamSettings) -> Upstream:
    if settings.base_url == BUILTIN_DEMO_URL:
        return DemoUpstream(settings)
    return HttpUpstream(settings)
