"""Periodic audits inside the service (started and stopped by the gateway's lifespan)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

import structlog

from fairness.audit import run_audit
from fairness.errors import (
    EmptyWindowError,
    FairnessError,
    InvalidAuditOptionsError,
    UnknownModelError,
)
from fairness.store import FairnessStore, utcnow
from fairness.thresholds import FairnessThresholds
from fairness.types import AuditReport

ThresholdsLookup = Callable[[str], FairnessThresholds]
ReportHook = Callable[[AuditReport], Awaitable[None]]
ModelsLookup = Callable[[], Awaitable[Sequence[str]]]

_log = structlog.get_logger("fairness.scheduler")


class AuditScheduler:
    """Audits every model over a sliding window at a fixed interval.

    Each run audits the models returned by ``models`` (default: every model in the store)
    over ``[now - window, now)``, stores the reports and awaits ``on_report(report)`` so the
    gateway can write the audit-log record and publish the status to the policy engine.
    Models without decisions in the window are skipped; an error in one model never stops the
    others or the schedule.
    """

    def __init__(
        self,
        *,
        store: FairnessStore,
        thresholds: ThresholdsLookup,
        interval: timedelta,
        window: timedelta,
        on_report: ReportHook | None = None,
        models: ModelsLookup | None = None,
        run_immediately: bool = False,
        bootstrap_replicates: int = 1000,
    ) -> None:
        if interval.total_seconds() <= 0:
            raise InvalidAuditOptionsError("interval must be positive")
        if window.total_seconds() <= 0:
            raise InvalidAuditOptionsError("window must be positive")
        self._store = store
        self._thresholds = thresholds
        self._interval = interval.total_seconds()
        self._window = window
        self._on_report = on_report
        self._models = models or store.list_models
        self._run_immediately = run_immediately
        self._replicates = bootstrap_replicates
        self._task: asyncio.Task[None] | None = None
        self.runs = 0

    @property
    def running(self) -> bool:
        """True between ``start`` and ``stop``."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Starts the loop on the running event loop (idempotent)."""
        if self.running:
            return
        self._task = asyncio.get_running_loop().create_task(
            self._loop(), name="fairness-audit-scheduler"
        )

    async def stop(self) -> None:
        """Cancels the loop and waits for it to end (idempotent)."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _loop(self) -> None:
        if not self._run_immediately:
            await asyncio.sleep(self._interval)
        while True:
            await self.run_once()
            await asyncio.sleep(self._interval)

    async def run_once(self) -> list[AuditReport]:
        """Audits every model once now; returns the stored reports."""
        self.runs += 1
        until = utcnow()
        reports: list[AuditReport] = []
        try:
            models = list(await self._models())
        except FairnessError as exc:
            _log.warning("fairness_schedule_failed", error=type(exc).__name__)
            return reports
        for model_id in models:
            try:
                report = await run_audit(
                    self._store,
                    model_id=model_id,
                    thresholds=self._thresholds(model_id),
                    since=until - self._window,
                    until=until,
                    bootstrap_replicates=self._replicates,
                )
            except (EmptyWindowError, UnknownModelError):
                continue
            except FairnessError as exc:
                _log.warning("fairness_audit_failed", model_id=model_id, error=type(exc).__name__)
                continue
            reports.append(report)
            _log.info(
                "fairness_audit_done",
                model_id=model_id,
                status=report.status,
                report_id=report.report_id,
            )
            if self._on_report is not None:
                try:
                    await self._on_report(report)
                except Exception as exc:  # the hook belongs to the gateway; keep scheduling
                    _log.error(
                        "fairness_report_hook_failed", model_id=model_id, error=type(exc).__name__
                    )
        return reports
