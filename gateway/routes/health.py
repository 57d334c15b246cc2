"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from gateway.upstream_health import UpstreamReachability


@get("/health/live", tags=["health"], summary="The process is up")
async def live() -> dict[str, str]:
    return {"status": "ok"}


@get(
    "/health/ready",
    tags=["health"],
    summary="Every engine and store is loaded and reachable",
    description=(
        "`status` and the HTTP status (200/503) say whether this gateway can serve: its "
        "engines and stores (`checks`). `upstreams` lists each upstream model server's "
        "reachability separately (probed at most every 10 s); an unreachable upstream does "
        "not make the gateway unready (docs/operations.md, *Health endpoints*)."
    ),
)
async def ready(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    components = getattr(request.app.state, "components", None)
    if components is None:
        return Response({"status": "starting", "checks": {}, "upstreams": {}}, status_code=503)
    checks = await components.readiness()
    ok = all(checks.values())
    reachability = getattr(request.app.state, "upstream_reachability", None)
    if reachability is None:
        reachability = UpstreamReachability(list(components.settings.upstreams))
        request.app.state.upstream_reachability = reachability
    upstreams = {
        name: {"reachable": status.reachable, "detail": status.detail}
        for name, status in (await reachability.statuses()).items()
    }
    return Response(
        {"status": "ready" if ok else "unavailable", "checks": checks, "upstreams": upstreams},
        status_code=200 if ok else 503,
    )
