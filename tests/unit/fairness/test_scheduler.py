"""The in-service audit scheduler."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import structlog.testing

from fairness import (
    AuditReport,
    AuditScheduler,
    FairnessStore,
    FairnessThresholds,
    InvalidAuditOptionsError,
)
from fairness.store import utcnow

from .data import decisions_from_counts

GROUPS = {"f": (20, 5, 20, 5, 0, 0), "m": (20, 5, 20, 5, 0, 0)}


async def _seed(store: FairnessStore, *models: str) -> None:
    for model in models:
        await store.record_decisions(
            decisions_from_counts(GROUPS, model_id=model, start=utcnow() - timedelta(hours=1))
        )


def _scheduler(store: FairnessStore, **kw: object) -> AuditScheduler:
    options: dict[str, object] = {
        "store": store,
        "thresholds": lambda model: FairnessThresholds(min_group_size=10),
        "interval": timedelta(hours=1),
        "window": timedelta(days=1),
        "bootstrap_replicates": 10,
        **kw,
    }
    return AuditScheduler(**options)  # type: ignore[arg-type]


async def test_when_run_once_then_every_model_with_data_is_audited_and_hook_called(
    store: FairnessStore,
) -> None:
    await _seed(store, "a", "b")
    await store.record_decisions(
        decisions_from_counts(GROUPS, model_id="stale", start=utcnow() - timedelta(days=5))
    )
    seen: list[AuditReport] = []

    async def hook(report: AuditReport) -> None:
        seen.append(report)

    reports = await _scheduler(store, on_report=hook).run_once()

    assert sorted(r.model_id for r in reports) == ["a", "b"]
    assert seen == reports
    assert await store.latest_status("a") == "passing"
    assert await store.latest_status("stale") == "unknown"


async def test_when_hook_fails_then_other_models_are_still_audited(
    sqlite_store: FairnessStore,
) -> None:
    await _seed(sqlite_store, "a", "b")

    async def hook(report: AuditReport) -> None:
        raise RuntimeError("audit log down")

    reports = await _scheduler(sqlite_store, on_report=hook).run_once()

    assert len(reports) == 2


async def test_when_started_then_runs_on_interval_until_stopped(
    sqlite_store: FairnessStore,
) -> None:
    await _seed(sqlite_store, "a")
    scheduler = _scheduler(sqlite_store, interval=timedelta(milliseconds=30), run_immediately=True)

    scheduler.start()
    scheduler.start()  # idempotent
    assert scheduler.running
    for _ in range(200):
        if scheduler.runs >= 2:
            break
        await asyncio.sleep(0.02)
    await scheduler.stop()
    runs = scheduler.runs
    await asyncio.sleep(0.1)

    assert runs >= 2
    assert not scheduler.running
    assert scheduler.runs == runs
    await scheduler.stop()  # idempotent


@pytest.mark.parametrize(
    ("interval", "window"),
    [(timedelta(0), timedelta(days=1)), (timedelta(hours=1), timedelta(seconds=-1))],
)
async def test_when_interval_or_window_not_positive_then_invalid_options(
    sqlite_store: FairnessStore, interval: timedelta, window: timedelta
) -> None:
    with pytest.raises(InvalidAuditOptionsError, match="must be positive"):
        _scheduler(sqlite_store, interval=interval, window=window)


async def test_when_scheduler_logs_then_no_attribute_values_appear(
    sqlite_store: FairnessStore,
) -> None:
    canary = "canary-nationality-7f3a"
    await sqlite_store.record_decisions(
        decisions_from_counts(
            GROUPS,
            model_id="a",
            start=utcnow() - timedelta(hours=1),
            extra={"nationality_group": canary},
        )
    )

    async def hook(report: AuditReport) -> None:
        raise RuntimeError(canary)

    with structlog.testing.capture_logs() as logs:
        await _scheduler(sqlite_store, on_report=hook).run_once()

    assert [entry["event"] for entry in logs] == [
        "fairness_audit_done",
        "fairness_report_hook_failed",
    ]
    assert canary not in repr(logs)
