"""HTTP face of the C2SP ``tlog-witness`` (``leitplanke witness serve``).

Only ``POST /add-checkpoint`` (the standard protocol) and ``GET /health/live``. Run it at
another authority or the data-protection officer, with its own key and state file.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request, Response, get, post

from audit_log.witness import Witness

MAX_BODY = 64 * 1024


def create_witness_app(witness: Witness) -> Litestar:
    """The witness as an ASGI app."""

    @post("/add-checkpoint", status_code=200, request_max_body_size=MAX_BODY)
    async def add_checkpoint(request: Request[Any, Any, Any]) -> Response[str]:
        answer = await witness.add_checkpoint(await request.body())
        # The exact media type (litestar would append a second charset to text/*): tlog-witness
        # requires ``text/x.tlog.size`` on a 409 with the held size.
        return Response(
            answer.body,
            status_code=answer.status,
            media_type=answer.media_type,
            headers={"content-type": answer.media_type},
        )

    @get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar(route_handlers=[add_checkpoint, live], openapi_config=None)
