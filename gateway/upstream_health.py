"""Upstream reachability for ``/health/ready``, reported apart from the gateway's readiness.

Readiness says whether *this gateway* can serve: its engines and stores. An unreachable
upstream does not make it unready: every instance shares the upstreams, so taking them all
out of a load balancer would turn a 502/504 for one model into no service at all (the
citizen pages, decisions and the audit API do not need an upstream). The reachability of
each upstream is therefore listed beside the checks, cached for ``TTL_S`` so frequent
probes by an orchestrator do not become load on the model servers.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from gateway.settings import UpstreamSettings
from gateway.startup import Finding, probe_upstream

TTL_S = 10.0
PROBE_TIMEOUT_S = 2.0


@dataclass(frozen=True, slots=True, kw_only=True)
class UpstreamStatus:
    reachable: bool
    detail: str


async def _probe_within_timeout(upstream: UpstreamSettings, index: int) -> Finding:
    # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation
    async with asyncio.timeout(PROBE_TIMEOUT_S + 1):
        return await probe_upstream(upstream, index)


class UpstreamReachability:
    """Probes every upstream at most once per ``ttl_s`` (concurrent callers share a probe)."""

    def __init__(self, upstreams: list[UpstreamSettings], *, ttl_s: float = TTL_S) -> None:
        self._upstreams = upstreams
        self._ttl_s = ttl_s
        self._checked_at = float("-inf")
        self._last: dict[str, UpstreamStatus] = {}
        self._lock = asyncio.Lock()

    async def statuses(self) -> dict[str, UpstreamStatus]:
        async with self._lock:
            if time.monotonic() - self._checked_at >= self._ttl_s:
                findings = await asyncio.gather(
                    *(
                        _probe_within_timeout(u, i)
                        for i, u in enumerate(self._upstreams)
                    ),
                    return_exceptions=True,
                )
                self._last = {
                    u.name: (
                        UpstreamStatus(reachable=False, detail="probe timed out")
                        if isinstance(f, BaseException)
                        else UpstreamStatus(reachable=f.ok, detail=f.detail)
                    )
                    for u, f in zip(self._upstreams, findings, strict=True)
                }
                self._checked_at = time.monotonic()
            return dict(self._last)
