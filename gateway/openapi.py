"""OpenAPI: every error an operation can answer is documented as RFC 9457 problem+json.

Litestar documents validation errors as ``application/json``; the gateway answers every error
as ``application/problem+json`` (gateway/errors.py). This rewrites the generated document once
at start-up so clients and fuzzers (schemathesis in CI) see what is really sent.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "field": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
        "reasons": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# Successful answers that are not JSON documents (streams, exports, records as md or pdf).
_RECORD_MEDIA_TYPES: dict[str, Any] = {
    "application/json": {"schema": {"type": "object"}},
    "text/markdown": {"schema": {"type": "string"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}
_SUCCESS_MEDIA_TYPES: dict[tuple[str, str], dict[str, Any]] = {
    ("/v1/records/{kind}", "get"): _RECORD_MEDIA_TYPES,
    ("/v1/records/{kind}", "post"): _RECORD_MEDIA_TYPES,
    ("/v1/audit/export", "get"): {
        "application/x-ndjson": {"schema": {"type": "string"}},
        "text/csv": {"schema": {"type": "string"}},
    },
    ("/v1/chat/completions", "post"): {
        "application/json": {"schema": {"type": "object"}},
        "text/event-stream": {"schema": {"type": "string"}},
    },
}
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def document_problems(schema: dict[str, Any]) -> None:
    """Make every 4xx/5xx response (and a ``default``) problem+json, in place."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"schema": _PROBLEM_REF}
    for path, path_item in schema.get("paths", {}).items():
        for method in _METHODS:
            operation = path_item.get(method)
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            media_types = _SUCCESS_MEDIA_TYPES.get((path, method))
            if media_types is not None:
                for code, response in responses.items():
                    if str(code).startswith("2") and isinstance(response, dict):
                        response["content"] = media_types
            for code, response in responses.items():
                if str(code)[0] in "45" and isinstance(response, dict):
                    response["content"] = {PROBLEM_MEDIA_TYPE: problem}
            responses["default"] = {
                "description": "Error (RFC 9457 problem details)",
                "content": {PROBLEM_MEDIA_TYPE: problem},
            }


def install_problem_documentation(app: Litestar) -> None:
    """``on_startup`` hook: rewrite the cached OpenAPI document before it is served."""
    from litestar._openapi.plugin import OpenAPIPlugin

    plugin = app.plugins.get(OpenAPIPlugin)
    document_problems(plugin.provide_openapi_schema())
