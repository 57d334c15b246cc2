"""Streaming (SSE) chat completions: redaction per choice and field across chunk boundaries.

Upstream chunks (``chat.completion.chunk``) carry text fragments in ``delta.content`` and in
``delta.tool_calls[].function.arguments``. Each (choice, field) gets its own ``StreamRedactor``
from ``pii``, which holds back a tail so no fragment of a personal value leaves before it is
recognised. A choice's held-back text is flushed before its ``finish_reason`` chunk.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from pii.engine import PLACEHOLDER, RedactionSession
from pii.stream import StreamRedactor

STREAM_ANALYSIS_STEP = 256
FieldKey = tuple[int, str]  # (choice index, "content" | "tool:<index>")
# Longest placeholder the restorer must be able to hold back (encrypted ones are long).
_MAX_PLACEHOLDER = 160


class StreamedChoices:
    """Redacts the text of a stream of chunks; one instance per call."""

    def __init__(self, session: RedactionSession) -> None:
        self._session = session
        self._redactors: dict[FieldKey, StreamRedactor] = {}
        self._template: dict[str, Any] = {}

    def _redactor(self, key: FieldKey) -> StreamRedactor:
        if key not in self._redactors:
            # Analysing every 256 new characters (not the default 32) keeps streaming CPU low;
            # the hold-back still guarantees no fragment of a value leaves early.
            self._redactors[key] = StreamRedactor(self._session, min_emit=STREAM_ANALYSIS_STEP)
        return self._redactors[key]

    def redact_event(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """Chunks safe to send for one upstream event (possibly none)."""
        self._template = {
            k: v for k, v in event.items() if k in ("id", "object", "created", "model")
        }
        out: list[dict[str, Any]] = []
        choices = []
        for choice in event.get("choices") or []:
            if not isinstance(choice, dict):
                continue
            index = int(choice.get("index", 0))
            delta = dict(choice.get("delta") or {})
            if isinstance(delta.get("content"), str):
                delta["content"] = self._redactor((index, "content")).feed(delta["content"])
                if not delta["content"]:
                    del delta["content"]
            if isinstance(delta.get("tool_calls"), list):
                delta["tool_calls"] = [self._tool_delta(index, c) for c in delta["tool_calls"]]
            if choice.get("finish_reason") is not None:
                out.extend(self._flush_choice(index))
            if delta or choice.get("finish_reason") is not None:
                choices.append({**choice, "delta": delta})
        if choices or not event.get("choices"):
            out.append({**event, "choices": choices})
        return out

    def _tool_delta(self, index: int, call: Any) -> Any:
        if not isinstance(call, dict) or not isinstance(call.get("function"), dict):
            return call
        function = dict(call["function"])
        if isinstance(function.get("arguments"), str):
            key = (index, f"tool:{call.get('index', 0)}")
            function["arguments"] = self._redactor(key).feed(function["arguments"])
        return {**call, "function": function}

    def _flush_choice(self, index: int) -> list[dict[str, Any]]:
        chunks = []
        for key in sorted(k for k in self._redactors if k[0] == index):
            rest = self._redactors.pop(key).flush()
            if not rest:
                continue
            if key[1] == "content":
                delta: dict[str, Any] = {"content": rest}
            else:
                tool_index = int(key[1].split(":", 1)[1])
                delta = {"tool_calls": [{"index": tool_index, "function": {"arguments": rest}}]}
            chunks.append(
                {
                    **self._template,
                    "choices": [{"index": index, "delta": delta, "finish_reason": None}],
                }
            )
        return chunks

    def flush(self) -> list[dict[str, Any]]:
        """Whatever is still held back when the upstream stream ends."""
        chunks = []
        for index in sorted({k[0] for k in self._redactors}):
            chunks.extend(self._flush_choice(index))
        return chunks


class PlaceholderStreamRestorer:
    """Restores allowed placeholders in outgoing chunks, never splitting one in half.

    Content and tool-call arguments alike (issue 19): a placeholder split across chunks is
    held back until it is whole. Arguments are JSON, so a restored value is JSON-escaped
    there, as the non-streamed path's re-encoding of the arguments does.
    """

    def __init__(self, restore: Callable[[str], str]) -> None:
        self._restore = restore
        self._held: dict[FieldKey, str] = {}

    def _restore_json(self, text: str) -> str:
        return PLACEHOLDER.sub(
            lambda m: json.dumps(self._restore(m.group(0)), ensure_ascii=False)[1:-1], text
        )

    def apply(self, chunk: dict[str, Any], *, final: bool = False) -> dict[str, Any]:
        chunk = copy.deepcopy(chunk)
        for choice in chunk.get("choices") or []:
            delta = choice.setdefault("delta", {})
            index = int(choice.get("index", 0))
            finishing = final or choice.get("finish_reason") is not None
            if isinstance(delta.get("content"), str) or (
                finishing and self._held.get((index, "content"))
            ):
                delta["content"] = self._pass(
                    (index, "content"), delta.get("content") or "", finishing, self._restore
                )
            calls = delta.get("tool_calls") if isinstance(delta.get("tool_calls"), list) else []
            seen = set()
            for call in calls:
                function = call.get("function") if isinstance(call, dict) else None
                if isinstance(function, dict) and isinstance(function.get("arguments"), str):
                    key = (index, f"tool:{call.get('index', 0)}")
                    seen.add(key)
                    function["arguments"] = self._pass(
                        key, function["arguments"], finishing, self._restore_json
                    )
            if finishing:
                rest = [
                    {
                        "index": int(key[1].split(":", 1)[1]),
                        "function": {"arguments": self._restore_json(text)},
                    }
                    for key, text in sorted(self._held.items())
                    if key[0] == index and key not in seen and key[1] != "content" and text
                ]
                for key in [k for k in self._held if k[0] == index]:
                    del self._held[key]
                if rest:
                    delta["tool_calls"] = [*calls, *rest]
        return chunk

    def _pass(
        self, key: FieldKey, fragment: str, finishing: bool, restore: Callable[[str], str]
    ) -> str:
        text = self._held.pop(key, "") + fragment
        cut = len(text)
        last_open = text.rfind("<")
        if (
            not finishing
            and last_open != -1
            and ">" not in text[last_open:]
            and len(text) - last_open < _MAX_PLACEHOLDER
        ):
            cut = last_open
        self._held[key] = text[cut:]
        return restore(text[:cut])
