"""The OpenAI chat-completions wire format and every place text travels in it.

Only declared fields are forwarded upstream: an unknown field cannot carry data out of the
house unseen. ``map_request_text`` / ``map_response_text`` apply one text function (redact or
restore) to every piece of free text: message content (plain or parts), ``name`` fields, tool
and function call arguments (JSON string leaves, so the arguments stay valid JSON).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

import msgspec

TextFn = Callable[[str], str]

Role = Literal["system", "developer", "user", "assistant", "tool", "function"]


class FunctionCall(msgspec.Struct, kw_only=True, omit_defaults=True):
    name: str
    arguments: str = ""


class ToolCall(msgspec.Struct, kw_only=True, omit_defaults=True):
    id: str
    type: str = "function"
    function: FunctionCall


class ChatMessage(msgspec.Struct, kw_only=True, omit_defaults=True):
    role: Role
    content: str | list[dict[str, Any]] | None = None
    name: str | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None
    function_call: FunctionCall | None = None


class ChatCompletionRequest(msgspec.Struct, kw_only=True, omit_defaults=True):
    """OpenAI ``POST /v1/chat/completions`` body (the fields Leitplanke forwards)."""

    model: str
    messages: list[ChatMessage]
    stream: bool = False
    metadata: dict[str, str] | None = None
    temperature: float | None = None
    top_p: float | None = None
    n: int | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    stop: str | list[str] | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    response_format: dict[str, Any] | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    stream_options: dict[str, Any] | None = None


class EmbeddingsRequest(msgspec.Struct, kw_only=True, omit_defaults=True):
    """OpenAI ``POST /v1/embeddings`` body. Token-id input cannot be redacted: text only."""

    model: str
    input: str | list[str]
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: int | None = None
    metadata: dict[str, str] | None = None


def embeddings_body(request: EmbeddingsRequest) -> dict[str, Any]:
    body: dict[str, Any] = msgspec.to_builtins(request)
    body.pop("metadata", None)
    return body


def map_embeddings_text(
    body: dict[str, Any], fn: TextFn, *, participant_name_fn: TextFn | None = None
) -> dict[str, Any]:
    """Apply ``fn`` to every input text of an embeddings request."""
    value = body["input"]
    return {**body, "input": fn(value) if isinstance(value, str) else [fn(v) for v in value]}


def purpose_of(request: ChatCompletionRequest | EmbeddingsRequest, header_value: str | None) -> str:
    """The declared purpose: ``X-Purpose`` header, else ``metadata.purpose``, else ""."""
    if header_value:
        return header_value.strip()
    return (request.metadata or {}).get("purpose", "").strip()


def upstream_body(request: ChatCompletionRequest) -> dict[str, Any]:
    """The JSON body sent upstream: declared fields only, no gateway metadata."""
    body: dict[str, Any] = msgspec.to_builtins(request)
    body.pop("metadata", None)
    body["stream"] = False
    body.pop("stream_options", None)
    return body


def map_request_text(
    body: dict[str, Any], fn: TextFn, *, participant_name_fn: TextFn | None = None
) -> dict[str, Any]:
    """Apply ``fn`` to every free-text field of a request body (returns a new dict).

    ``participant_name_fn`` replaces the ``name`` of user/assistant/system/developer messages:
    such a name is personal by definition, whatever it looks like, and OpenAI allows only
    ``[A-Za-z0-9_-]`` there, so it gets its own function (a bracket-less pseudonym).
    """
    out = dict(body)
    out["messages"] = [_map_message(m, fn, participant_name_fn) for m in body.get("messages", [])]
    return out


def map_response_text(body: dict[str, Any], fn: TextFn) -> dict[str, Any]:
    """Apply ``fn`` to every free-text field of a chat-completion response."""
    out = dict(body)
    choices = []
    for choice in body.get("choices") or []:
        if not isinstance(choice, dict):
            continue
        new_choice = dict(choice)
        for key in ("message", "delta"):
            if isinstance(choice.get(key), dict):
                new_choice[key] = _map_message(choice[key], fn)
        choices.append(new_choice)
    out["choices"] = choices
    return out


PARTICIPANT_ROLES = frozenset({"user", "assistant", "system", "developer"})


def _map_message(
    message: dict[str, Any], fn: TextFn, participant_name_fn: TextFn | None = None
) -> dict[str, Any]:
    out = dict(message)
    content = message.get("content")
    if isinstance(content, str):
        out["content"] = fn(content)
    elif isinstance(content, list):
        out["content"] = [_map_part(p, fn) for p in content]
    name = message.get("name")
    if isinstance(name, str) and name:
        if participant_name_fn is not None and message.get("role") in PARTICIPANT_ROLES:
            out["name"] = participant_name_fn(name)
        else:
            out["name"] = fn(name)
    if isinstance(message.get("refusal"), str):
        out["refusal"] = fn(message["refusal"])
    if isinstance(message.get("tool_calls"), list):
        out["tool_calls"] = [_map_tool_call(c, fn) for c in message["tool_calls"]]
    if isinstance(message.get("function_call"), dict):
        out["function_call"] = _map_function(message["function_call"], fn)
    return out


def _map_part(part: Any, fn: TextFn) -> Any:
    if isinstance(part, dict) and isinstance(part.get("text"), str):
        return {**part, "text": fn(part["text"])}
    return part


def _map_tool_call(call: Any, fn: TextFn) -> Any:
    if isinstance(call, dict) and isinstance(call.get("function"), dict):
        return {**call, "function": _map_function(call["function"], fn)}
    return call


def _map_function(function: dict[str, Any], fn: TextFn) -> dict[str, Any]:
    out = dict(function)
    arguments = function.get("arguments")
    if isinstance(arguments, str) and arguments:
        out["arguments"] = map_json_text(arguments, fn)
    return out


def map_json_text(raw: str, fn: TextFn) -> str:
    """Apply ``fn`` to every string leaf of a JSON document; non-JSON is treated as text."""
    try:
        document = json.loads(raw)
    except ValueError:
        return fn(raw)
    return json.dumps(_map_leaves(document, fn), ensure_ascii=False)


def _map_leaves(value: Any, fn: TextFn) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_leaves(v, fn) for v in value]
    if isinstance(value, dict):
        # Keys too: tools sometimes key objects by e-mail address or name.
        return {fn(k): _map_leaves(v, fn) for k, v in value.items()}
    return value
