"""Background jobs that run inside the service: audit retention (and later bias audits).

Each job runs once at start-up and then every ``interval_s``; a failing run is logged (by
error type only) and retried at the next interval, it never stops the service.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import structlog

from gateway.components import Components

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
    """Removes audit payloads older than ``audit.retention_days`` (hashes stay)."""
    days = components.settings.audit.retention_days
    if days <= 0:
        return None

    async def run() -> None:
        report = await components.audit.apply_retention(
            older_than=datetime.now(UTC) - timedelta(days=days)
        )
        log.info("audit.retention", payloads_removed=report.payloads_removed)

    return PeriodicJob("audit-retention", run, RETENTION_INTERVAL_S)
