"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get


@get("/health/live", tags=["health"], summary="The process is up")
async def live() -> dict[str, str]:
    return {"status": "ok"}


@get("/health/ready", tags=["health"], summary="Every engine and store is loaded and reachable")
async def ready(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    components = getattr(request.app.state, "components", None)
    if components is None:
        return Response({"status": "starting", "checks": {}}, status_code=503)
    checks = await components.readiness()
    ok = all(checks.values())
    return Response(
        {"status": "ready" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )
