"""``POST /v1/chat/completions``: the OpenAI-compatible proxy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Stream

from gateway.auth import require_role
from gateway.components import Components
from gateway.errors import BadRequestError
from gateway.keys import Identity
from gateway.logging import request_id_of
from gateway.metrics import server_timing_header
from gateway.openai_api import ChatCompletionRequest, EmbeddingsRequest, purpose_of
from gateway.pipeline import ChatPipeline
from gateway.policy_reload import governance_of

PURPOSE_HEADER = "x-purpose"


@post(
    "/v1/chat/completions",
    guards=[require_role("ai-service")],
    status_code=200,
    summary="OpenAI-compatible chat completion through every control",
    tags=["proxy"],
)
async def chat_completions(
    request: Request[Any, Any, Any],
    data: ChatCompletionRequest,
    chat: ChatPipeline,
    components: Components,
    identity: Identity,
) -> Response[dict[str, Any]] | Stream:
    if not data.messages:
        raise BadRequestError("messages must not be empty", field="messages")
    purpose = purpose_of(data, request.headers.get(PURPOSE_HEADER))
    if data.stream:
        events = await chat.open_stream(
            request=data, identity=identity, purpose=purpose, request_id=request_id_of(request)
        )
        return Stream(
            events,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    answer, record = await chat.run(
        request=data, identity=identity, purpose=purpose, request_id=request_id_of(request)
    )
    headers = {}
    if components.settings.server.server_timing:
        headers["Server-Timing"] = server_timing_header(record.stages_ms)
    return Response(content=answer, status_code=200, headers=headers)


@post(
    "/v1/embeddings",
    guards=[require_role("ai-service")],
    status_code=200,
    summary="OpenAI-compatible embeddings: inputs redacted, policy-checked, audited",
    tags=["proxy"],
)
async def embeddings(
    request: Request[Any, Any, Any],
    data: EmbeddingsRequest,
    chat: ChatPipeline,
    identity: Identity,
) -> dict[str, Any]:
    if isinstance(data.input, list) and not data.input:
        raise BadRequestError("input must not be empty", field="input")
    return await chat.run_embeddings(
        request=data,
        identity=identity,
        purpose=purpose_of(data, request.headers.get(PURPOSE_HEADER)),
        request_id=request_id_of(request),
    )


@get(
    "/v1/models",
    guards=[require_role("ai-service")],
    summary="The models this caller may use under the policy (for X-Purpose, or any purpose)",
    tags=["proxy"],
)
async def list_models(
    request: Request[Any, Any, Any], chat: ChatPipeline, components: Components, identity: Identity
) -> dict[str, Any]:
    purpose = (request.headers.get(PURPOSE_HEADER) or "").strip()
    purposes = (
        [purpose]
        if purpose
        else declared_purposes(governance_of(components.policy), identity.name)
    )
    models = await chat.allowed_models(identity, purposes)
    return {
        "object": "list",
        "data": [
            {"id": m, "object": "model", "created": 0, "owned_by": "leitplanke"} for m in models
        ],
    }


def declared_purposes(governance: Mapping[str, Any], service: str) -> list[str]:
    """Every purpose the policy data mentions for ``service`` (the policy still decides)."""
    services = governance.get("services", {})
    models = services.get(service, {}).get("models", {}) if isinstance(services, dict) else {}
    found = {
        p
        for entry in models.values()
        if isinstance(entry, dict)
        for p in entry.get("purposes", [])
        if isinstance(p, str)
    }
    return sorted(found)
