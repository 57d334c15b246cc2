"""Wrong credentials are throttled per source address.

Every unknown API key or invalid token charges the source address's bucket (rate-limit role
``invalid-credentials``, shared through the rate-limit store). When the bucket is empty the
address is blocked until it refills: *every* bearer credential from it, right or wrong, is
answered 429, so guessing keys cannot go on at speed and a hit cannot be told from a miss.
The block itself is kept per process (the counts are shared); with several workers an
address is blocked by each worker at its next failure there.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from gateway.errors import RateLimitedError
from gateway.ratelimit import RateLimiter

ROLE = "invalid-credentials"
ERR_BLOCKED = "too many invalid credentials from this address; retry later"
MAX_BLOCKED_ADDRESSES = 10_000


class CredentialThrottle:
    """Counts failed credentials per address and blocks addresses over the limit."""

    def __init__(self, *, limiter: RateLimiter, enabled: bool = True) -> None:
        self._limiter = limiter
        self._enabled = enabled
        self._blocked: OrderedDict[str, float] = OrderedDict()  # address -> monotonic until

    def check(self, address: str) -> None:
        """Raise 429 if ``address`` is blocked (before any credential is looked up)."""
        until = self._blocked.get(address)
        if until is None:
            return
        remaining = until - time.monotonic()
        if remaining <= 0:
            del self._blocked[address]
            return
        raise RateLimitedError(ERR_BLOCKED, headers={"Retry-After": str(int(remaining) + 1)})

    async def failed(self, address: str) -> None:
        """Charge one failure; raise 429 (and block the address) when over the limit."""
        if not self._enabled:
            return
        decision = await self._limiter.hit(f"ip:{address}")
        if decision.allowed:
            return
        self._blocked[address] = time.monotonic() + max(1, decision.retry_after_s)
        self._blocked.move_to_end(address)
        while len(self._blocked) > MAX_BLOCKED_ADDRESSES:
            self._blocked.popitem(last=False)
        raise RateLimitedError(ERR_BLOCKED, headers=decision.headers())
