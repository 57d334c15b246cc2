"""Periodic jobs run at start and on their interval, and survive failing runs."""

from __future__ import annotations

import asyncio

from gateway.jobs import PeriodicJob


async def test_when_job_started_then_it_runs_now_and_again_even_after_a_failure() -> None:
    runs: list[int] = []

    async def action() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("first run fails")

    job = PeriodicJob("test", action, interval_s=0.01)
    job.start()
    for _ in range(200):
        if len(runs) >= 3:
            break
        await asyncio.sleep(0.01)
    await job.stop()
    assert len(runs) >= 3
    count = len(runs)
    await asyncio.sleep(0.05)
    assert len(runs) == count
