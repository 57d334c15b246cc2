"""Per-caller rate limits (GCRA, the "generic cell rate algorithm").

GCRA is a token bucket kept as one number per caller: the *theoretical arrival time* (TAT)
at which the caller's bucket would be full again. A limit of ``requests_per_minute`` with
``burst`` B lets a rested caller make B requests at once, then one every ``60 / rpm``
seconds. One number per caller means one atomic read-modify-write, which Redis does in a
Lua script, so several gateway instances share one limit without races.

Stores (``RateLimitStore``): ``MemoryRateLimitStore`` (default; one process) and
``RedisRateLimitStore`` (several instances; uses the Redis server's clock).

Hierarchy:
    RateLimitError             base of this module's errors
    └── RateLimitStoreError    the store failed (Redis down): refuse the request, 503
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import msgspec

ERR_COST = "cost must be between 1 and the burst ({burst}), got {cost}"
ERR_STORE = "rate limit store unavailable"
ERR_UNKNOWN_STORE = "rate_limit.store must be 'memory' or 'redis'"
_MICROS = 1_000_000


class RoleLimit(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The limit for one role: sustained rate and the burst allowed on top of it."""

    requests_per_minute: int
    burst: int


def _default_roles() -> dict[str, RoleLimit]:
    return {
        "ai-service": RoleLimit(requests_per_minute=600, burst=60),
        "compliance-officer": RoleLimit(requests_per_minute=120, burst=30),
        "admin": RoleLimit(requests_per_minute=120, burst=30),
        "caseworker": RoleLimit(requests_per_minute=120, burst=30),
        "citizen": RoleLimit(requests_per_minute=20, burst=5),
        "anonymous": RoleLimit(requests_per_minute=60, burst=20),
        # Wrong API keys / tokens per source address (gateway/credential_throttle.py).
        "invalid-credentials": RoleLimit(requests_per_minute=30, burst=10),
    }


class RateLimitSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The ``[rate_limit]`` configuration table.

    Attributes:
        enabled: apply rate limits at all.
        store: ``memory`` (per process) or ``redis`` (shared by all instances).
        redis_url: used when ``store = "redis"``.
        key_prefix: prefix of every Redis key (several deployments can share one Redis).
        redis_timeout_s: socket timeout; a slower Redis counts as down.
        roles: limit per role; a role missing here gets ``default``.
        default: limit for roles not listed.
    """

    enabled: bool = True
    store: Literal["memory", "redis"] = "memory"
    redis_url: str = "redis://127.0.0.1:6379/0"
    key_prefix: str = "leitplanke:rl:"
    redis_timeout_s: float = 0.5
    roles: dict[str, RoleLimit] = msgspec.field(default_factory=_default_roles)
    default: RoleLimit = msgspec.field(
        default_factory=lambda: RoleLimit(requests_per_minute=60, burst=20)
    )


class RateLimitError(Exception):
    """Base of this module's errors."""


class RateLimitStoreError(RateLimitError):
    """The store could not be asked; fail closed (503)."""

    def __init__(self, detail: str = ERR_STORE) -> None:
        super().__init__(detail)


@dataclass(frozen=True, slots=True, kw_only=True)
class RateDecision:
    """The outcome of one ``hit``.

    Attributes:
        allowed: the request may proceed.
        retry_after_s: whole seconds until this request would be allowed (0 if allowed);
            use it as the ``Retry-After`` header of the 429.
        remaining: requests that would still be allowed right now.
        limit: the burst (requests a rested caller may make at once).
    """

    allowed: bool
    retry_after_s: int
    remaining: int
    limit: int

    def headers(self) -> dict[str, str]:
        """``Retry-After`` (when refused) and ``RateLimit-Limit``/``RateLimit-Remaining``."""
        headers = {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(self.remaining)}
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after_s)
        return headers


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreResult:
    """What a store's atomic GCRA step found (times in microseconds)."""

    allowed: bool
    retry_after_us: int
    remaining: int


class RateLimitStore(Protocol):
    """Performs one atomic GCRA step for a key."""

    async def take(self, key: str, *, interval_us: int, burst: int, cost: int) -> StoreResult:
        """Charge ``cost`` to ``key`` if its bucket allows it.

        Raises:
            RateLimitStoreError: the store is unavailable.
        """
        ...

    async def ping(self) -> bool: ...

    async def aclose(self) -> None: ...


def gcra_step(
    tat_us: int | None, now_us: int, *, interval_us: int, burst: int, cost: int
) -> tuple[StoreResult, int | None]:
    """One GCRA step: the result and the new TAT to store (None: leave the stored TAT).

    The Lua script in ``RedisRateLimitStore`` is the same computation; keep them in step.
    """
    tat = max(tat_us if tat_us is not None else now_us, now_us)
    tolerance = interval_us * burst
    new_tat = tat + interval_us * cost
    allow_at = new_tat - tolerance
    if now_us < allow_at:
        remaining = (now_us - (tat - tolerance)) // interval_us
        return StoreResult(
            allowed=False, retry_after_us=allow_at - now_us, remaining=remaining
        ), None
    remaining = (now_us - allow_at) // interval_us
    return StoreResult(allowed=True, retry_after_us=0, remaining=remaining), new_tat


class MemoryRateLimitStore:
    """GCRA state in a dict; for one gateway process. Idle entries are swept periodically."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, sweep_every: int = 4096
    ) -> None:
        self._clock = clock
        self._tats: dict[str, int] = {}
        self._lock = threading.Lock()
        self._sweep_every = sweep_every
        self._ops = 0

    async def take(self, key: str, *, interval_us: int, burst: int, cost: int) -> StoreResult:
        now_us = int(self._clock() * _MICROS)
        with self._lock:
            result, new_tat = gcra_step(
                self._tats.get(key), now_us, interval_us=interval_us, burst=burst, cost=cost
            )
            if new_tat is not None:
                self._tats[key] = new_tat
            self._ops += 1
            if self._ops % self._sweep_every == 0:
                # A TAT in the past means a full bucket: the same as no entry.
                self._tats = {k: tat for k, tat in self._tats.items() if tat > now_us}
        return result

    def __len__(self) -> int:
        return len(self._tats)

    async def ping(self) -> bool:
        return True

    async def aclose(self) -> None:
        return None


# KEYS[1] = bucket key; ARGV = interval_us, burst, cost, now_us (0: use the server's clock).
# Integers travel as strings and are formatted with %.0f: Lua numbers are doubles (exact to
# 2^53 us, about 285 years) and tostring() would write large ones in exponent notation.
_GCRA_LUA = """
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if now == 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local tolerance = interval * burst
local new_tat = tat + interval * cost
local allow_at = new_tat - tolerance
if now < allow_at then
  local remaining = math.floor((now - (tat - tolerance)) / interval)
  return {0, string.format('%.0f', allow_at - now), remaining}
end
local ttl_ms = math.max(1, math.ceil((new_tat - now) / 1000))
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', ttl_ms)
return {1, '0', math.floor((now - allow_at) / interval)}
"""


class RedisRateLimitStore:
    """GCRA state in Redis, one key per caller with a TTL, updated by one Lua script.

    Time comes from the Redis server (``TIME``), so instances with skewed clocks agree;
    ``clock`` overrides it (tests only).
    """

    def __init__(
        self,
        *,
        url: str,
        key_prefix: str = "leitplanke:rl:",
        timeout_s: float = 0.5,
        clock: Callable[[], float] | None = None,
    ) -> None:
        import redis.asyncio as redis_asyncio
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff

        # One immediate retry (a pooled connection may have been closed by the server), no
        # backoff: a request must not wait seconds for a Redis that is down.
        self._redis: Any = redis_asyncio.Redis.from_url(
            url,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry=Retry(NoBackoff(), retries=1),
        )
        self._script = self._redis.register_script(_GCRA_LUA)
        self._prefix = key_prefix
        self._clock = clock

    async def take(self, key: str, *, interval_us: int, burst: int, cost: int) -> StoreResult:
        import redis.exceptions

        now_us = int(self._clock() * _MICROS) if self._clock is not None else 0
        try:
            allowed, retry_after, remaining = await self._script(
                keys=[self._prefix + key], args=[interval_us, burst, cost, now_us]
            )
        except (redis.exceptions.RedisError, OSError) as exc:
            raise RateLimitStoreError(f"{ERR_STORE} ({type(exc).__name__})") from None
        return StoreResult(
            allowed=bool(int(allowed)), retry_after_us=int(retry_after), remaining=int(remaining)
        )

    async def ping(self) -> bool:
        import redis.exceptions

        try:
            return bool(await self._redis.ping())
        except (redis.exceptions.RedisError, OSError):
            return False

    async def aclose(self) -> None:
        await self._redis.aclose()


class RateLimiter:
    """One limit (rate and burst) applied per caller key."""

    def __init__(self, *, store: RateLimitStore, limit: RoleLimit, name: str = "default") -> None:
        if limit.requests_per_minute < 1 or limit.burst < 1:
            raise ValueError("requests_per_minute and burst must be at least 1")
        self._store = store
        self._name = name
        self._burst = limit.burst
        self._interval_us = max(1, round(60 * _MICROS / limit.requests_per_minute))

    async def hit(self, caller_key: str, cost: int = 1) -> RateDecision:
        """Count one request of ``caller_key`` (``cost`` units) and decide.

        Raises:
            ValueError: ``cost`` is below 1 or above the burst (it could never pass).
            RateLimitStoreError: the store is unavailable (refuse the request: 503).
        """
        if not 1 <= cost <= self._burst:
            raise ValueError(ERR_COST.format(burst=self._burst, cost=cost))
        result = await self._store.take(
            f"{self._name}:{caller_key}",
            interval_us=self._interval_us,
            burst=self._burst,
            cost=cost,
        )
        return RateDecision(
            allowed=result.allowed,
            retry_after_s=math.ceil(result.retry_after_us / _MICROS) if not result.allowed else 0,
            remaining=max(0, min(result.remaining, self._burst)),
            limit=self._burst,
        )


class RoleRateLimits:
    """A ``RateLimiter`` per role, sharing one store. Build once at start-up."""

    def __init__(self, *, settings: RateLimitSettings, store: RateLimitStore) -> None:
        self._settings = settings
        self.store = store
        self._limiters = {
            role: RateLimiter(store=store, limit=limit, name=role)
            for role, limit in settings.roles.items()
        }
        self._default = RateLimiter(store=store, limit=settings.default, name="_default")

    @classmethod
    def from_settings(cls, settings: RateLimitSettings) -> RoleRateLimits:
        store: RateLimitStore
        if settings.store == "memory":
            store = MemoryRateLimitStore()
        elif settings.store == "redis":
            store = RedisRateLimitStore(
                url=settings.redis_url,
                key_prefix=settings.key_prefix,
                timeout_s=settings.redis_timeout_s,
            )
        else:  # pragma: no cover - the Literal type rejects anything else at load time
            raise RateLimitError(ERR_UNKNOWN_STORE)
        return cls(settings=settings, store=store)

    def for_role(self, role: str) -> RateLimiter:
        return self._limiters.get(role, self._default)

    async def hit(self, role: str, caller_key: str, cost: int = 1) -> RateDecision:
        """``for_role(role).hit(caller_key, cost)``."""
        return await self.for_role(role).hit(caller_key, cost)

    async def aclose(self) -> None:
        await self.store.aclose()
