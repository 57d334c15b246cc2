"""Upstream reachability of /health/ready: a hanging probe ends as "timed out", and a
cancelled caller's cancellation is not swallowed (asyncio.wait_for on 3.11 could)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest

from gateway import startup, upstream_health
from gateway.settings import UpstreamSettings
from gateway.upstream_health import UpstreamReachability


@pytest.fixture()
def silent_upstream() -> Iterator[str]:
    """A loopback port that accepts connections and never answers (test double)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield f"http://127.0.0.1:{server.getsockname()[1]}/v1"
    server.close()


def upstream(base_url: str, timeout_s: float = 30.0) -> UpstreamSettings:
    return UpstreamSettings(name="u", base_url=base_url, models=["m"], timeout_s=timeout_s)


async def test_when_an_upstream_never_answers_then_it_is_reported_unreachable(
    silent_upstream: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The HTTP client's own limit is far away: only the probe's outer limit (0.3 s) ends it.
    monkeypatch.setattr(startup, "PROBE_TIMEOUT_S", 60.0)
    monkeypatch.setattr(upstream_health, "PROBE_TIMEOUT_S", -0.7)
    reachability = UpstreamReachability([upstream(silent_upstream, timeout_s=60.0)])

    statuses = await asyncio.wait_for(reachability.statuses(), 10)

    assert statuses["u"] == upstream_health.UpstreamStatus(
        reachable=False, detail="probe timed out"
    )


async def test_when_the_caller_is_cancelled_during_a_probe_then_the_cancellation_propagates(
    silent_upstream: str,
) -> None:
    reachability = UpstreamReachability([upstream(silent_upstream)])
    task = asyncio.create_task(reachability.statuses())
    await asyncio.sleep(0.2)  # the probe is connected and waiting

    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)
