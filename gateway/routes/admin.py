"""Administration: policy reload without restart."""

from __future__ import annotations

from typing import Any

from litestar import Request, post

from gateway.auth import current_identity, require_role
from gateway.components import components_of
from gateway.logging import request_id_of
from gateway.policy_reload import reload_policies


@post(
    "/v1/admin/policy/reload",
    guards=[require_role("admin")],
    status_code=200,
    tags=["admin"],
    summary="Recompile the policy bundle; the previous one stays active if it fails",
)
async def reload_policy(request: Request[Any, Any, Any]) -> dict[str, str]:
    identity = current_identity(request)
    previous, revision = await reload_policies(
        components_of(request),
        actor=identity.name,
        request_id=request_id_of(request),
    )
    return {"previous_revision": previous, "revision": revision}
