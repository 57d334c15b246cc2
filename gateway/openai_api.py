"""The OpenAI chat-completions and embeddings wire format and every place text travels in it.

The request schema is closed (decision 0020): every field the OpenAI API defines that
Leitplanke forwards is declared with its type, and an unknown field anywhere in the body is
refused with 400 naming it, so nothing is forwarded unread. Each forwarded string is one of:

- free text (message content and parts, descriptions, JSON-schema annotations, ``stop``,
  tool-call arguments, non-``data:`` image URLs, a ``file`` part's ``filename``, the
  ``prediction`` content, the ``safety_identifier`` and ``prompt_cache_key``, which hold a
  user's e-mail address or id as often as a hash): the redaction function is applied;
- an inline image or file (a ``data:`` URL, a ``file`` part's ``file_data``): bytes no text
  filter can read; refused unless the deployment allows inline images and it is one
  (``inline_image_fn``, decision 0020);
- a code name the model needs (tool and function names, JSON-schema property names, a
  ``file`` part's ``file_id``): forwarded as it is unless it contains personal data, then
  refused (``code_name_fn``);
- an opaque call id (``tool_calls[].id``, ``tool_call_id``): replaced by a pseudonym that
  is consistent within the request (``call_id_fn``);
- a participant name: personal by definition, pseudonymized whole (``participant_name_fn``);
- proven non-personal by type: ``Literal`` enums, numbers, booleans, the model name (only
  configured models are served), digit-only ``logit_bias`` keys.

``metadata`` and ``user`` are never forwarded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec

TextFn = Callable[[str], str]
CodeNameFn = Callable[[str, str], str]  # (field path, name) -> name, or raises
# (JSON key path, string value, its object's keys and other string values) -> redacted value
KeyedFn = Callable[[str, str, str], str]

Role = Literal["system", "developer", "user", "assistant", "tool", "function"]
# OpenAI's rule for tool and function names.
CodeName = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
TokenId = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,9}$")]


class _Closed(msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True):
    """Base of every request object: unknown fields are refused, never forwarded unread."""


class FunctionCall(_Closed):
    name: CodeName
    arguments: str = ""


class ToolCall(_Closed):
    id: str
    function: FunctionCall
    type: Literal["function"] = "function"


class ImageUrl(_Closed):
    url: str
    detail: Literal["auto", "low", "high"] | None = None


class TextPart(_Closed, tag="text", tag_field="type"):
    text: str


class ImagePart(_Closed, tag="image_url", tag_field="type"):
    image_url: ImageUrl


class RefusalPart(_Closed, tag="refusal", tag_field="type"):
    refusal: str


class FileRef(_Closed):
    filename: str | None = None
    file_data: str | None = None
    file_id: str | None = None


class FilePart(_Closed, tag="file", tag_field="type"):
    """A document: its name is text, its bytes (``file_data``) are refused like an inline
    image, its ``file_id`` (uploaded beside the gateway) is a code name."""

    file: FileRef


# Audio parts are not declared: their content cannot be redacted (refused, 400).
ContentPart = TextPart | ImagePart | RefusalPart | FilePart


class ChatMessage(_Closed):
    role: Role
    content: str | list[ContentPart] | None = None
    name: str | None = None
    refusal: str | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None
    function_call: FunctionCall | None = None


class FunctionDefinition(_Closed):
    name: CodeName
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class Tool(_Closed):
    function: FunctionDefinition
    type: Literal["function"] = "function"


class NamedFunction(_Closed):
    name: CodeName


class NamedToolChoice(_Closed):
    function: NamedFunction
    type: Literal["function"] = "function"


class JsonSchemaFormat(_Closed):
    name: CodeName
    description: str | None = None
    schema: dict[str, Any] | None = None
    strict: bool | None = None


class ResponseFormat(_Closed):
    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchemaFormat | None = None


class Prediction(_Closed):
    """Predicted Outputs: text the answer is expected to repeat, redacted like content."""

    type: Literal["content"]
    content: str | list[TextPart]


class StreamOptions(_Closed):
    include_usage: bool | None = None


class ChatCompletionRequest(_Closed):
    """OpenAI ``POST /v1/chat/completions`` body (the fields Leitplanke accepts)."""

    model: str
    messages: list[ChatMessage]
    stream: bool = False
    metadata: dict[str, str] | None = None
    user: str | None = None
    temperature: float | None = None
    top_p: float | None = None
    n: int | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    stop: str | list[str] | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    logit_bias: dict[TokenId, int] | None = None
    seed: int | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    response_format: ResponseFormat | None = None
    tools: list[Tool] | None = None
    tool_choice: Literal["none", "auto", "required"] | NamedToolChoice | None = None
    parallel_tool_calls: bool | None = None
    functions: list[FunctionDefinition] | None = None
    function_call: Literal["none", "auto"] | NamedFunction | None = None
    stream_options: StreamOptions | None = None
    service_tier: Literal["auto", "default", "flex", "priority"] | None = None
    reasoning_effort: Literal["minimal", "low", "medium", "high"] | None = None
    store: bool | None = None
    modalities: list[Literal["text"]] | None = None
    prediction: Prediction | None = None
    safety_identifier: str | None = None
    prompt_cache_key: str | None = None


class EmbeddingsRequest(_Closed):
    """OpenAI ``POST /v1/embeddings`` body. Token-id input cannot be redacted: text only."""

    model: str
    input: str | list[str]
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: int | None = None
    metadata: dict[str, str] | None = None
    user: str | None = None


NOT_FORWARDED = ("metadata", "user")
# Strings the client chooses to identify its end user or conversation to the provider: as
# often an e-mail address or a name as a hash, so redacted like free text.
IDENTIFIER_TEXTS = ("safety_identifier", "prompt_cache_key")


def embeddings_body(request: EmbeddingsRequest) -> dict[str, Any]:
    body: dict[str, Any] = msgspec.to_builtins(request)
    for key in NOT_FORWARDED:
        body.pop(key, None)
    return body


def purpose_of(request: ChatCompletionRequest | EmbeddingsRequest, header_value: str | None) -> str:
    """The declared purpose: ``X-Purpose`` header, else ``metadata.purpose``, else ""."""
    if header_value:
        return header_value.strip()
    return (request.metadata or {}).get("purpose", "").strip()


def upstream_body(request: ChatCompletionRequest) -> dict[str, Any]:
    """The JSON body sent upstream: declared fields only, no gateway metadata."""
    body: dict[str, Any] = msgspec.to_builtins(request)
    for key in NOT_FORWARDED:
        body.pop(key, None)
    body["stream"] = False
    body.pop("stream_options", None)
    return body


@dataclass(frozen=True, slots=True, kw_only=True)
class TextMappers:
    """What to do with each kind of string in a body (see the module docstring).

    Attributes:
        text: free text (redaction or restoration).
        participant: the ``name`` of a user/assistant/system/developer message; default: text.
        code_name: ``(field path, name)`` of a tool/function/schema name; default: unchanged.
        call_id: tool-call ids; default: unchanged.
        keyed: ``(key path, value, context)`` of a JSON string under a key ("a/b" when
            nested); ``context`` is its object's keys and other string values (what the
            object is about: a "case_ref" beside "enforcement_agent"); default:
            ``text(value)``.
        inline_image: ``(field path, data URL)`` of an inline image; returns the URL or
            raises; default: unchanged.
        arguments: a tool call's whole JSON arguments (a value named in one leaf may recur
            in another); default: ``map_json_text`` leaf by leaf with these mappers.
    """

    text: TextFn
    participant: TextFn | None = None
    code_name: CodeNameFn | None = None
    call_id: TextFn | None = None
    keyed: KeyedFn | None = None
    inline_image: CodeNameFn | None = None
    arguments: TextFn | None = None

    def name(self, field: str, value: str) -> str:
        return value if self.code_name is None else self.code_name(field, value)

    def identifier(self, value: str) -> str:
        return value if self.call_id is None else self.call_id(value)

    def leaf(self, key: str, value: str, context: str = "") -> str:
        if key and self.keyed is not None:
            return self.keyed(key, value, context)
        return self.text(value)

    def call_arguments(self, raw: str) -> str:
        """A tool call's complete arguments mapped (``arguments``, else leaf by leaf)."""
        return map_json_text(raw, self) if self.arguments is None else self.arguments(raw)


def _mappers(fn: TextFn | TextMappers, participant_name_fn: TextFn | None) -> TextMappers:
    if isinstance(fn, TextMappers):
        return fn
    return TextMappers(text=fn, participant=participant_name_fn)


def map_embeddings_text(
    body: dict[str, Any], fn: TextFn | TextMappers, *, participant_name_fn: TextFn | None = None
) -> dict[str, Any]:
    """Apply the text function to every input text of an embeddings request."""
    text = _mappers(fn, participant_name_fn).text
    value = body["input"]
    return {**body, "input": text(value) if isinstance(value, str) else [text(v) for v in value]}


def map_request_text(
    body: dict[str, Any], fn: TextFn | TextMappers, *, participant_name_fn: TextFn | None = None
) -> dict[str, Any]:
    """Apply the mappers to every string of a chat request body (returns a new dict).

    ``participant_name_fn`` replaces the ``name`` of user/assistant/system/developer messages:
    such a name is personal by definition, whatever it looks like, and OpenAI allows only
    ``[A-Za-z0-9_-]`` there, so it gets its own function (a bracket-less pseudonym). The
    ``name`` of tool and function messages is a function name: a code name.
    """
    fns = _mappers(fn, participant_name_fn)
    out = dict(body)
    out["messages"] = [
        _map_message(m, fns, f"messages[{i}]", request=True)
        for i, m in enumerate(body.get("messages", []))
    ]
    for key in IDENTIFIER_TEXTS:
        if isinstance(body.get(key), str):
            out[key] = fns.text(body[key])
    stop = body.get("stop")
    if isinstance(stop, str):
        out["stop"] = fns.text(stop)
    elif isinstance(stop, list):
        out["stop"] = [fns.text(s) for s in stop]
    prediction = body.get("prediction")
    if isinstance(prediction, dict) and "content" in prediction:
        content = prediction["content"]
        out["prediction"] = {
            **prediction,
            "content": fns.text(content)
            if isinstance(content, str)
            else [_map_part(p, fns, f"prediction.content[{i}]") for i, p in enumerate(content)],
        }
    for key in ("tools", "functions"):
        if isinstance(body.get(key), list):
            out[key] = [_map_tool(t, fns, f"{key}[{i}]") for i, t in enumerate(body[key])]
    for key in ("tool_choice", "function_call"):
        choice = body.get(key)
        if isinstance(choice, dict):
            named = choice.get("function", choice)
            path = f"{key}.function.name" if "function" in choice else f"{key}.name"
            named = {**named, "name": fns.name(path, named["name"])}
            out[key] = {**choice, "function": named} if "function" in choice else named
    response_format = body.get("response_format")
    if isinstance(response_format, dict) and isinstance(response_format.get("json_schema"), dict):
        out["response_format"] = {
            **response_format,
            "json_schema": _map_definition(
                response_format["json_schema"], fns, "response_format.json_schema", "schema"
            ),
        }
    return out


def _map_tool(tool: dict[str, Any], fns: TextMappers, path: str) -> dict[str, Any]:
    if "function" in tool:  # tools[]: {"type": "function", "function": {...}}
        return {
            **tool,
            "function": _map_definition(tool["function"], fns, f"{path}.function", "parameters"),
        }
    return _map_definition(tool, fns, path, "parameters")  # legacy functions[]


def _map_definition(
    definition: dict[str, Any], fns: TextMappers, path: str, schema_key: str
) -> dict[str, Any]:
    out = dict(definition)
    out["name"] = fns.name(f"{path}.name", definition["name"])
    if isinstance(definition.get("description"), str):
        out["description"] = fns.text(definition["description"])
    if isinstance(definition.get(schema_key), dict):
        out[schema_key] = _map_schema(definition[schema_key], fns, f"{path}.{schema_key}", "")
    return out


# JSON Schema keywords are code; every other key (property names, $defs names, vendor
# keys) is a name that is forwarded as it is unless it contains personal data.
SCHEMA_KEYWORDS = frozenset(
    "type properties required additionalProperties items prefixItems enum const description "
    "title default examples $ref $defs definitions anyOf oneOf allOf not if then else format "
    "pattern patternProperties minimum maximum exclusiveMinimum exclusiveMaximum multipleOf "
    "minLength maxLength minItems maxItems uniqueItems minProperties maxProperties contains "
    "minContains maxContains propertyNames dependentRequired dependentSchemas "
    "unevaluatedProperties unevaluatedItems $schema $id $anchor $comment $dynamicRef "
    "$dynamicAnchor contentEncoding contentMediaType contentSchema readOnly writeOnly "
    "deprecated nullable strict".split()
)
# Keyword values that are names or identifiers, not prose.
SCHEMA_NAME_VALUES = frozenset(
    "type format $ref $schema $id $anchor $dynamicRef $dynamicAnchor contentEncoding "
    "contentMediaType required".split()
)
SCHEMA_DATA_VALUES = frozenset({"default", "enum", "const", "examples"})


def _map_schema(value: Any, fns: TextMappers, path: str, prop: str) -> Any:
    """A JSON schema: names checked, prose and example data redacted (``prop``: the
    property whose example data this is, so that e.g. a ``nachname`` default is a name)."""
    if isinstance(value, list):
        return [_map_schema(v, fns, f"{path}[{i}]", prop) for i, v in enumerate(value)]
    if isinstance(value, str):
        return fns.leaf(prop, value)
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for index, (key, item) in enumerate(value.items()):
        # A refused key is named by position: the problem document must not echo it.
        name = key if key in SCHEMA_KEYWORDS else fns.name(f"{path}.keys[{index}]", key)
        where = f"{path}.{key}"
        if key in SCHEMA_NAME_VALUES:
            out[name] = _map_schema_names(item, fns, where)
        elif key in SCHEMA_DATA_VALUES:
            out[name] = _map_json_leaves(item, fns, prop)
        elif key not in SCHEMA_KEYWORDS:  # a property name: its subschema's data is keyed
            out[name] = _map_schema(item, fns, where, key)
        else:
            out[name] = _map_schema(item, fns, where, "")
    return out


def _map_schema_names(value: Any, fns: TextMappers, path: str) -> Any:
    if isinstance(value, str):
        return fns.name(path, value)
    if isinstance(value, list):
        return [_map_schema_names(v, fns, f"{path}[{i}]") for i, v in enumerate(value)]
    return _map_schema(value, fns, path, "")


def map_response_text(body: dict[str, Any], fn: TextFn | TextMappers) -> dict[str, Any]:
    """Apply the text function to every free-text field of a chat-completion response."""
    fns = _mappers(fn, None)
    out = dict(body)
    choices = []
    for choice in body.get("choices") or []:
        if not isinstance(choice, dict):
            continue
        new_choice = dict(choice)
        if choice.get("logprobs") is not None:
            # The answer's text token by token: no filter can redact it, so it is not passed on.
            new_choice["logprobs"] = None
        for key in ("message", "delta"):
            if isinstance(choice.get(key), dict):
                new_choice[key] = _map_message(choice[key], fns, key, request=False)
        choices.append(new_choice)
    out["choices"] = choices
    return out


PARTICIPANT_ROLES = frozenset({"user", "assistant", "system", "developer"})


def _map_message(
    message: dict[str, Any], fns: TextMappers, path: str, *, request: bool
) -> dict[str, Any]:
    out = dict(message)
    content = message.get("content")
    if isinstance(content, str):
        out["content"] = fns.text(content)
    elif isinstance(content, list):
        out["content"] = [_map_part(p, fns, f"{path}.content[{i}]") for i, p in enumerate(content)]
    name = message.get("name")
    if isinstance(name, str) and name:
        if message.get("role") not in PARTICIPANT_ROLES and request:
            out["name"] = fns.name(f"{path}.name", name)
        elif fns.participant is not None and message.get("role") in PARTICIPANT_ROLES:
            out["name"] = fns.participant(name)
        else:
            out["name"] = fns.text(name)
    if isinstance(message.get("refusal"), str):
        out["refusal"] = fns.text(message["refusal"])
    if request and isinstance(message.get("tool_call_id"), str):
        out["tool_call_id"] = fns.identifier(message["tool_call_id"])
    if isinstance(message.get("tool_calls"), list):
        out["tool_calls"] = [
            _map_tool_call(c, fns, f"{path}.tool_calls[{i}]", request=request)
            for i, c in enumerate(message["tool_calls"])
        ]
    if isinstance(message.get("function_call"), dict):
        out["function_call"] = _map_function(
            message["function_call"], fns, f"{path}.function_call", request=request
        )
    return out


def _map_part(part: Any, fns: TextMappers, path: str) -> Any:
    if not isinstance(part, dict):
        return part
    if isinstance(part.get("text"), str):
        return {**part, "text": fns.text(part["text"])}
    if isinstance(part.get("refusal"), str):
        return {**part, "refusal": fns.text(part["refusal"])}
    image = part.get("image_url")
    if isinstance(image, dict) and isinstance(image.get("url"), str):
        url = image["url"]
        if url[:5].lower() == "data:":
            # Pixels, not text (decision 0020): refused unless the deployment allows them.
            if fns.inline_image is not None:
                url = fns.inline_image(f"{path}.image_url.url", url)
            return {**part, "image_url": {**image, "url": url}}
        return {**part, "image_url": {**image, "url": fns.text(url)}}
    document = part.get("file")
    if isinstance(document, dict):
        out = dict(document)
        if isinstance(document.get("filename"), str):
            out["filename"] = fns.text(document["filename"])
        if isinstance(document.get("file_data"), str):
            # Bytes, not text: refused unless an inline image the deployment allows.
            if fns.inline_image is not None:
                out["file_data"] = fns.inline_image(f"{path}.file.file_data", document["file_data"])
        if isinstance(document.get("file_id"), str):
            out["file_id"] = fns.name(f"{path}.file.file_id", document["file_id"])
        return {**part, "file": out}
    return part


def _map_tool_call(call: Any, fns: TextMappers, path: str, *, request: bool) -> Any:
    if not isinstance(call, dict) or not isinstance(call.get("function"), dict):
        return call
    out = {
        **call,
        "function": _map_function(call["function"], fns, f"{path}.function", request=request),
    }
    if request and isinstance(call.get("id"), str):
        out["id"] = fns.identifier(call["id"])
    return out


def _map_function(
    function: dict[str, Any], fns: TextMappers, path: str, *, request: bool
) -> dict[str, Any]:
    out = dict(function)
    if request and isinstance(function.get("name"), str):
        out["name"] = fns.name(f"{path}.name", function["name"])
    arguments = function.get("arguments")
    if isinstance(arguments, str) and arguments:
        out["arguments"] = fns.call_arguments(arguments)
    return out


def map_json_text(raw: str, fn: TextFn | TextMappers) -> str:
    """Apply the text function to every string leaf of a JSON document (key-aware: a leaf
    under a key is passed to ``keyed``); non-JSON is treated as text."""
    fns = _mappers(fn, None)
    try:
        document = json.loads(raw)
    except ValueError:
        return fns.text(raw)
    if isinstance(document, str):
        return json.dumps(fns.text(document), ensure_ascii=False)
    return json.dumps(_map_json_leaves(document, fns, ""), ensure_ascii=False)


def _map_json_leaves(value: Any, fns: TextMappers, key: str, context: str = "") -> Any:
    """``context``: the keys and string values of the object ``value`` stands in (see
    ``TextMappers.keyed``)."""
    if isinstance(value, str):
        return fns.leaf(key, value, context)
    if isinstance(value, list):
        return [_map_json_leaves(v, fns, key, context) for v in value]
    if isinstance(value, dict):
        inner = _object_context(value)
        # Keys too: tools sometimes key objects by e-mail address or name.
        return {
            fns.text(k): _map_json_leaves(v, fns, f"{key}/{k}" if key else k, inner)
            for k, v in value.items()
        }
    return value


def _object_context(document: dict[str, Any]) -> str:
    """An object's keys and string values, one a line: what its values are about."""
    return "\n".join([*document, *(v for v in document.values() if isinstance(v, str))])
