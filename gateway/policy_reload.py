"""Reloading the policy bundle (admin endpoint and SIGHUP) with an audit record."""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections.abc import Callable
from typing import Any

import structlog

from audit_log.types import AuditEvent
from gateway.components import Components
from policies.engines import PolicyEngine
from policies.errors import PolicyCompileError
from policies.loader import load_bundle

log = structlog.get_logger("leitplanke.policy")


def governance_of(policy: PolicyEngine) -> dict[str, Any]:
    """The ``governance`` document of the bundle the policy engine decides with now.

    The gateway reads it where Rego cannot answer directly (fairness thresholds, the
    purposes to try for ``GET /v1/models``, which models a scope may see, records). It is
    the engine's active bundle, also in remote-OPA mode (the bundle the gateway pushed), and
    changes with a reload, never with an unreloaded edit on disk.
    """
    governance = policy.data.get("governance", {})
    return governance if isinstance(governance, dict) else {}


def bundle_governance(bundle_dir: str) -> dict[str, Any]:
    """The ``governance`` document of the bundle on disk, for commands that run no policy
    engine (the CLI's retention, records and fairness commands)."""
    governance = load_bundle(bundle_dir).data.get("governance", {})
    return governance if isinstance(governance, dict) else {}


async def reload_policies(
    components: Components, *, actor: str, request_id: str
) -> tuple[str, str]:
    """Recompile the bundle; returns (previous, new) revision.

    Raises:
        PolicyCompileError: the new bundle does not compile; the previous one stays active.
    """
    previous = components.policy.revision
    try:
        revision = await components.policy.reload()
    except PolicyCompileError as exc:
        await components.audit.append(
            AuditEvent(
                event_type="policy.reload.failed",
                request_id=request_id,
                actor=actor,
                outcome="compile_error",
                policy_revision=previous,
                payload={"file": exc.file, "line": exc.line},
            )
        )
        log.warning("policy.reload_failed", file=exc.file, line=exc.line)
        raise
    await components.audit.append(
        AuditEvent(
            event_type="policy.reloaded",
            request_id=request_id,
            actor=actor,
            outcome="ok",
            policy_revision=revision,
            payload={"previous_revision": previous},
        )
    )
    log.info("policy.reloaded", previous_revision=previous, revision=revision)
    return previous, revision


def install_sighup_reload(components: Components) -> Callable[[], None]:
    """Reload policies on SIGHUP; returns a function that removes the handler.

    Signal handlers can only be installed from the main thread (as under uvicorn); elsewhere
    (e.g. a test client's loop thread) this is a no-op.
    """
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    async def on_sighup() -> None:
        try:
            await reload_policies(components, actor="sighup", request_id=uuid.uuid4().hex)
        except Exception as exc:  # a failed reload keeps the old bundle; never crash the loop
            log.warning("policy.sighup_reload_failed", error_type=type(exc).__name__)

    def handler() -> None:
        task = loop.create_task(on_sighup())
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, handler)
    except (NotImplementedError, RuntimeError, ValueError):
        return lambda: None

    def remove() -> None:
        loop.remove_signal_handler(signal.SIGHUP)

    return remove
