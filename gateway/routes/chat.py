"""``POST /v1/chat/completions``: the OpenAI-compatible proxy."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.response import Stream

from gateway.auth import current_identity, require_role
from gateway.errors import BadRequestError
from gateway.openai_api import ChatCompletionRequest, purpose_of
from gateway.pipeline import ChatPipeline

PURPOSE_HEADER = "x-purpose"


@post(
    "/v1/chat/completions",
    guards=[require_role("ai-service")],
    status_code=200,
    summary="OpenAI-compatible chat completion through every control",
    tags=["proxy"],
)
async def chat_completions(
    request: Request[Any, Any, Any], data: ChatCompletionRequest
) -> Response[dict[str, Any]] | Stream:
    if not data.messages:
        raise BadRequestError("messages must not be empty", field="messages")
    identity = current_identity(request)
    pipeline = ChatPipeline(request.app.state.components)
    call = {
        "request": data,
        "identity": identity,
        "purpose": purpose_of(data, request.headers.get(PURPOSE_HEADER)),
        "request_id": request.scope["state"]["request_id"],
    }
    if data.stream:
        events = await pipeline.open_stream(**call)
        return Stream(
            events,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    answer, _ = await pipeline.run(**call)
    return Response(content=answer, status_code=200)
