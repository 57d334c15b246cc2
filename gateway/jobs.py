"""Background jobs that run inside the service: audit retention (and later bias audits).

Each job runs once at start-up and then every ``interval_s``; a failing run is logged (by
error type only) and retried at the next interval, it never stops the service.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable

import structlog

from gateway.components import Components
from gateway.policy_reload import governance_of
from gateway.records.facts import retention_policy
from gateway.retention import apply_retention_policy

log = structlog.get_logger("leitplanke.jobs")

RETENTION_INTERVAL_S = 24 * 3600


class PeriodicJob:
    """Runs ``action`` now and every ``interval_s`` until stopped."""

    def __init__(self, name: str, action: Callable[[], Awaitable[None]], interval_s: float) -> None:
        self.name = name
        self._action = action
        self._interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name=self.name)

    async def _run(self) -> None:
        while True:
            try:
                await self._action()
            except Exception as exc:
                log.warning("job.failed", job=self.name, error_type=type(exc).__name__)
            await asyncio.sleep(self._interval_s)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def retention_job(components: Components) -> PeriodicJob | None:
    """Applies the retention policy daily (payloads go, hashes stay; holds are respected)."""
    if not retention_policy(components.settings, governance_of(components.policy)).removes_anything:
        return None

    async def run() -> None:
        plan = await apply_retention_policy(
            components.audit, components.settings, dry_run=False, actor="retention-job",
            request_id=uuid.uuid4().hex, governance=governance_of(components.policy),
        )
        log.info("audit.retention", payloads_removed=plan.removed, held=plan.held)

    return PeriodicJob("audit-retention", run, RETENTION_INTERVAL_S)
