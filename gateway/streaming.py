"""The answer's redaction, streamed (SSE) and not.

Upstream chunks (``chat.completion.chunk``) carry text fragments in ``delta.content``,
``delta.refusal`` and in tool-call (or legacy ``function_call``) arguments.

- Arguments are JSON that a client can only use whole: they are collected and redacted
  when the call is complete, leaf by leaf and key-aware, by the very function a
  non-streamed answer's arguments go through (:func:`answer_mappers`). Streamed and
  non-streamed arguments are therefore identical, placeholders included (issue 19). As a
  request is, the arguments are read in two passes (``pii.conversation``): a name found in
  one leaf ("mum Gemma Haworth", ``"known_as": "Bran"``) is hidden where it recurs in
  another ("Gemma's partner", "Bran quiet") or later in the same one.
- Content and refusal of each choice get their own ``StreamRedactor`` from ``pii``, which
  holds back a tail so no fragment of a personal value leaves before it is recognised. Its
  analysis windows depend on the text only, not on the chunking, so a streamed text always
  redacts the same. A text up to ``STREAM_ANALYSIS_STEP`` + hold-back (320) characters is
  one window: redacted exactly as non-streamed. A longer streamed text is analysed in
  windows with 64 characters of context on each side, while a non-streamed one is analysed
  whole (more context, and 40 % less CPU than windows would cost it: bench/RESULTS_PII.md).

A choice's held-back text is flushed before its ``finish_reason`` chunk.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from gateway.openai_api import TextMappers, map_json_text
from pii.conversation import Conversation, redact_keyed
from pii.engine import PLACEHOLDER, RedactionSession
from pii.errors import TextTooLargeError
from pii.stream import StreamRedactor

STREAM_ANALYSIS_STEP = 256
FieldKey = tuple[int, str]  # (choice index, "content" | "refusal" | "function" | "tool:<index>")
# Longest placeholder the restorer must be able to hold back (encrypted ones are long).
_MAX_PLACEHOLDER = 160


def answer_mappers(session: RedactionSession) -> TextMappers:
    """How an answer's texts are redacted whole: a non-streamed answer's, and streamed
    tool-call arguments once complete (one definition for both)."""
    return TextMappers(
        text=session.redact,
        keyed=lambda key, value, context: redact_keyed(session, key, value, context=context),
        arguments=lambda raw: redact_arguments(session, raw),
    )


def redact_arguments(session: RedactionSession, raw: str) -> str:
    """A tool call's complete JSON arguments redacted in two passes, as a request is: every
    leaf is analysed first, then each is redacted with the values found in them all (the
    leaves are no messages: nothing is joined across them)."""
    conversation = Conversation(session, across=False)
    map_json_text(raw, TextMappers(text=conversation.collect, keyed=conversation.collect_keyed))
    return map_json_text(
        raw, TextMappers(text=conversation.redact, keyed=conversation.redact_keyed)
    )


class StreamedChoices:
    """Redacts the text of a stream of chunks; one instance per call."""

    def __init__(self, session: RedactionSession) -> None:
        self._session = session
        self._mappers = answer_mappers(session)
        self._redactors: dict[FieldKey, StreamRedactor] = {}
        self._arguments: dict[FieldKey, str] = {}
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
            if choice.get("logprobs") is not None:
                choice = {**choice, "logprobs": None}  # token text: cannot be redacted
            for field in ("content", "refusal"):
                if isinstance(delta.get(field), str):
                    delta[field] = self._redactor((index, field)).feed(delta[field])
                    if not delta[field]:
                        del delta[field]
            if isinstance(delta.get("tool_calls"), list):
                calls = [self._tool_delta(index, c) for c in delta["tool_calls"]]
                delta["tool_calls"] = [c for c in calls if c is not None]
                if not delta["tool_calls"]:
                    del delta["tool_calls"]
            if isinstance(delta.get("function_call"), dict):
                function = self._collect((index, "function"), delta["function_call"])
                if function:
                    delta["function_call"] = function
                else:
                    del delta["function_call"]
            if choice.get("finish_reason") is not None:
                out.extend(self._flush_choice(index))
            if delta or choice.get("finish_reason") is not None:
                choices.append({**choice, "delta": delta})
        if choices or not event.get("choices"):
            out.append({**event, "choices": choices})
        return out

    def _tool_delta(self, index: int, call: Any) -> Any:
        """The call's delta without its arguments (collected); None when nothing is left."""
        if not isinstance(call, dict) or not isinstance(call.get("function"), dict):
            return call
        function = self._collect((index, f"tool:{call.get('index', 0)}"), call["function"])
        rest = {k: v for k, v in call.items() if k != "function"}
        if not function and set(rest) <= {"index", "type"}:
            return None
        return {**rest, "function": function} if function else rest

    def _collect(self, key: FieldKey, function: dict[str, Any]) -> dict[str, Any]:
        """Keeps a function delta's argument fragment back until the call is complete."""
        out = dict(function)
        if isinstance(out.get("arguments"), str):
            collected = self._arguments.get(key, "") + out.pop("arguments")
            limit = self._session.redactor.config.max_text_chars
            if len(collected) > limit:
                raise TextTooLargeError(length=len(collected), limit=limit)
            self._arguments[key] = collected
        return out

    def _flush_choice(self, index: int) -> list[dict[str, Any]]:
        chunks = []
        rests = [
            (key, self._redactors.pop(key).flush()) for key in self._keys(self._redactors, index)
        ]
        rests += [
            (key, self._mappers.call_arguments(self._arguments.pop(key)))
            for key in self._keys(self._arguments, index)
        ]
        for key, rest in rests:
            if not rest:
                continue
            delta: dict[str, Any]
            if key[1] in ("content", "refusal"):
                delta = {key[1]: rest}
            elif key[1] == "function":
                delta = {"function_call": {"arguments": rest}}
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

    @staticmethod
    def _keys(held: dict[FieldKey, Any], index: int) -> list[FieldKey]:
        return sorted(k for k in held if k[0] == index)

    def flush(self) -> list[dict[str, Any]]:
        """Whatever is still held back when the upstream stream ends."""
        chunks = []
        for index in sorted({k[0] for k in [*self._redactors, *self._arguments]}):
            chunks.extend(self._flush_choice(index))
        return chunks


class PlaceholderStreamRestorer:
    """Restores allowed placeholders in outgoing chunks, never splitting one in half.

    Content, refusal and tool-call arguments alike (issue 19): a placeholder split across
    chunks is held back until it is whole. Arguments are JSON, so a restored value is JSON-escaped
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
            for field in ("content", "refusal"):
                if isinstance(delta.get(field), str) or (
                    finishing and self._held.get((index, field))
                ):
                    delta[field] = self._pass(
                        (index, field), delta.get(field) or "", finishing, self._restore
                    )
            legacy = delta.get("function_call")
            if isinstance(legacy, dict) and isinstance(legacy.get("arguments"), str):
                # Arguments leave whole (StreamedChoices collects them): nothing to hold.
                legacy["arguments"] = self._restore_json(legacy["arguments"])
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
                    if key[0] == index and key not in seen and key[1].startswith("tool:") and text
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
