"""Rate limits: one suite for the in-memory and the Redis store, plus Redis specifics."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.ratelimit import (
    MemoryRateLimitStore,
    RateDecision,
    RateLimiter,
    RateLimitSettings,
    RateLimitStore,
    RateLimitStoreError,
    RedisRateLimitStore,
    RoleLimit,
    RoleRateLimits,
)
from tests.unit.gateway.conftest import RedisTarget


class FakeClock:
    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


StoreFactory = Callable[[FakeClock | None], RateLimitStore]


@pytest.fixture(params=["memory", "redis"])
async def make_store(request: pytest.FixtureRequest) -> AsyncIterator[StoreFactory]:
    """Builds stores of one kind; all are closed after the test."""
    created: list[RateLimitStore] = []
    target: RedisTarget | None = (
        request.getfixturevalue("redis_target") if request.param == "redis" else None
    )

    def factory(clock: FakeClock | None) -> RateLimitStore:
        store: RateLimitStore
        if target is None:
            store = MemoryRateLimitStore(clock=clock) if clock else MemoryRateLimitStore()
        else:
            # A generous timeout: these tests are about the limiter's arithmetic and atomicity
            # (200 hits opening connections at once on a busy CI host took > 0.5 s once);
            # the timeout itself is tested against an unreachable Redis below.
            store = RedisRateLimitStore(
                url=target.url, key_prefix=target.key_prefix, clock=clock, timeout_s=5.0
            )
        created.append(store)
        return store

    yield factory
    for store in created:
        await store.aclose()


def limiter(store: RateLimitStore, rpm: int, burst: int) -> RateLimiter:
    return RateLimiter(store=store, limit=RoleLimit(requests_per_minute=rpm, burst=burst))


async def test_when_burst_is_used_up_then_next_hit_is_refused(make_store: StoreFactory) -> None:
    clock = FakeClock()
    rl = limiter(make_store(clock), rpm=60, burst=5)

    decisions = [await rl.hit("svc-a") for _ in range(6)]

    assert [d.allowed for d in decisions] == [True] * 5 + [False]
    assert [d.remaining for d in decisions] == [4, 3, 2, 1, 0, 0]
    assert decisions[-1] == RateDecision(allowed=False, retry_after_s=1, remaining=0, limit=5)


@pytest.mark.parametrize(
    ("rpm", "burst", "wait_s", "allowed", "retry_after_s"),
    [
        (6, 2, 0.0, False, 10),  # one request per 10 s
        (6, 2, 9.0, False, 1),
        (6, 2, 9.5, False, 1),  # 0.5 s left: Retry-After rounds up, never to 0
        (6, 2, 9.999, False, 1),
        (6, 2, 10.0, True, 0),
        (1, 1, 30.0, False, 30),
        (1, 1, 60.0, True, 0),
        (120, 3, 0.25, False, 1),
        (120, 3, 0.5, True, 0),
    ],
)
async def test_when_bucket_is_empty_then_retry_after_says_when_it_refills(
    make_store: StoreFactory,
    rpm: int,
    burst: int,
    wait_s: float,
    allowed: bool,
    retry_after_s: int,
) -> None:
    clock = FakeClock()
    rl = limiter(make_store(clock), rpm=rpm, burst=burst)
    for _ in range(burst):
        assert (await rl.hit("svc")).allowed
    clock.now += wait_s

    decision = await rl.hit("svc")

    assert (decision.allowed, decision.retry_after_s) == (allowed, retry_after_s)


async def test_when_caller_keeps_to_the_rate_then_every_request_passes(
    make_store: StoreFactory,
) -> None:
    clock = FakeClock()
    rl = limiter(make_store(clock), rpm=30, burst=2)  # one per 2 s
    for _ in range(2):
        await rl.hit("svc")
    for _ in range(10):
        clock.now += 2.0
        assert (await rl.hit("svc")).allowed
    assert not (await rl.hit("svc")).allowed


async def test_when_one_caller_is_limited_then_others_are_not(make_store: StoreFactory) -> None:
    clock = FakeClock()
    rl = limiter(make_store(clock), rpm=60, burst=2)
    for _ in range(3):
        await rl.hit("noisy")
    assert not (await rl.hit("noisy")).allowed
    assert (await rl.hit("quiet")).allowed


@pytest.mark.parametrize(
    ("costs", "expected"),
    [
        ([3], [(True, 2)]),
        ([3, 2], [(True, 2), (True, 0)]),
        ([3, 3], [(True, 2), (False, 2)]),  # refused: only 2 left, nothing charged
        ([3, 3, 2], [(True, 2), (False, 2), (True, 0)]),
        ([5, 1], [(True, 0), (False, 0)]),
    ],
)
async def test_when_hits_cost_more_than_one_then_they_draw_that_many(
    make_store: StoreFactory, costs: list[int], expected: list[tuple[bool, int]]
) -> None:
    rl = limiter(make_store(FakeClock()), rpm=60, burst=5)
    got = []
    for cost in costs:
        decision = await rl.hit("svc", cost)
        got.append((decision.allowed, decision.remaining))
    assert got == expected


@pytest.mark.parametrize("cost", [0, -1, 6])
async def test_when_cost_is_impossible_then_value_error(
    make_store: StoreFactory, cost: int
) -> None:
    rl = limiter(make_store(FakeClock()), rpm=60, burst=5)
    with pytest.raises(ValueError, match="cost must be between 1 and the burst"):
        await rl.hit("svc", cost)


async def test_when_hits_arrive_concurrently_then_never_more_than_the_burst_passes(
    make_store: StoreFactory,
) -> None:
    clock = FakeClock()
    # Several gateway instances: separate store objects (for Redis: separate connections).
    stores = [make_store(clock) for _ in range(4)]
    if isinstance(stores[0], MemoryRateLimitStore):
        stores = [stores[0]] * 4  # in-memory state is per process by design
    limiters = [limiter(store, rpm=60, burst=20) for store in stores]

    decisions = await asyncio.gather(*(limiters[i % 4].hit("svc") for i in range(200)))

    assert sum(d.allowed for d in decisions) == 20
    assert sorted(d.remaining for d in decisions if d.allowed) == list(range(20))


async def test_when_hits_come_from_threads_then_memory_store_stays_exact() -> None:
    clock = FakeClock()
    rl = limiter(MemoryRateLimitStore(clock=clock), rpm=60, burst=50)

    def burst_in_thread() -> list[RateDecision]:
        return asyncio.run(_hits(rl, 40))

    results = await asyncio.gather(*(asyncio.to_thread(burst_in_thread) for _ in range(5)))

    assert sum(d.allowed for batch in results for d in batch) == 50


async def _hits(rl: RateLimiter, n: int) -> list[RateDecision]:
    return [await rl.hit("svc") for _ in range(n)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rpm=st.integers(min_value=1, max_value=600),
    burst=st.integers(min_value=1, max_value=8),
    steps=st.lists(
        st.tuples(st.floats(min_value=0, max_value=5, allow_nan=False), st.integers(1, 3)),
        max_size=25,
    ),
)
async def test_when_any_sequence_of_hits_then_window_never_exceeds_burst_plus_rate(
    make_store: StoreFactory, rpm: int, burst: int, steps: list[tuple[float, int]]
) -> None:
    clock = FakeClock()
    rl = limiter(make_store(clock), rpm=rpm, burst=burst)
    caller = uuid.uuid4().hex
    admitted: list[tuple[float, int]] = []
    for wait, cost in steps:
        clock.now += wait
        if cost > burst:
            continue
        decision = await rl.hit(caller, cost)
        if decision.allowed:
            admitted.append((clock.now, cost))
            assert decision.retry_after_s == 0
        else:
            assert decision.retry_after_s >= 1
    interval = 60 / rpm
    for i, (start, _) in enumerate(admitted):
        for end, _ in admitted[i:]:
            window_cost = sum(c for t, c in admitted if start <= t <= end)
            assert window_cost <= burst + (end - start) / interval + 1e-6


async def test_when_redis_and_memory_see_the_same_hits_then_they_decide_the_same(
    redis_target: RedisTarget,
) -> None:
    clock = FakeClock()
    memory = MemoryRateLimitStore(clock=clock)
    redis_store = RedisRateLimitStore(
        url=redis_target.url, key_prefix=redis_target.key_prefix, clock=clock
    )
    try:
        pattern = [0.0, 0.0, 0.0, 0.3, 0.0, 1.7, 0.05, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.5]
        for rpm, burst in [(7, 1), (60, 3), (600, 4), (45, 2)]:
            mem_rl, red_rl = limiter(memory, rpm, burst), limiter(redis_store, rpm, burst)
            caller = f"c-{rpm}-{burst}"
            for i, wait in enumerate(pattern):
                clock.now += wait
                cost = 1 + i % burst
                assert await mem_rl.hit(caller, cost) == await red_rl.hit(caller, cost)
    finally:
        await redis_store.aclose()


async def test_when_redis_uses_its_own_clock_then_limits_hold_and_keys_expire(
    redis_target: RedisTarget,
) -> None:
    import redis

    store = RedisRateLimitStore(url=redis_target.url, key_prefix=redis_target.key_prefix)
    try:
        rl = RateLimiter(store=store, limit=RoleLimit(requests_per_minute=60, burst=3), name="r")
        decisions = [await rl.hit("svc") for _ in range(4)]
        assert [d.allowed for d in decisions] == [True, True, True, False]
        assert decisions[-1].retry_after_s == 1
        assert await store.ping()
    finally:
        await store.aclose()
    client = redis.Redis.from_url(redis_target.url)
    try:
        ttl_ms = client.pttl(redis_target.key_prefix + "r:svc")
    finally:
        client.close()
    assert 0 < ttl_ms <= 3000  # a full bucket needs no key: it expires when refilled


async def test_when_redis_is_unreachable_then_store_error_and_ping_false() -> None:
    store = RedisRateLimitStore(url="redis://127.0.0.1:1/0", timeout_s=0.2)
    try:
        with pytest.raises(RateLimitStoreError, match="rate limit store unavailable"):
            await limiter(store, rpm=60, burst=5).hit("svc")
        assert not await store.ping()
    finally:
        await store.aclose()


async def test_when_memory_entries_are_idle_then_sweep_drops_them() -> None:
    clock = FakeClock()
    store = MemoryRateLimitStore(clock=clock, sweep_every=10)
    rl = limiter(store, rpm=60, burst=5)
    for i in range(9):
        await rl.hit(f"caller-{i}")
    assert len(store) == 9
    clock.now += 2  # every bucket is full again
    await rl.hit("last")
    assert len(store) == 1


@pytest.mark.parametrize(
    ("role", "burst"),
    [("citizen", 2), ("ai-service", 4), ("caseworker", 3), ("never-configured", 3)],
)
async def test_when_roles_have_their_own_limits_then_each_role_gets_its_burst(
    role: str, burst: int
) -> None:
    settings_ = msgspec.convert(
        {
            "roles": {
                "citizen": {"requests_per_minute": 6, "burst": 2},
                "ai-service": {"requests_per_minute": 600, "burst": 4},
            },
            "default": {"requests_per_minute": 60, "burst": 3},
        },
        RateLimitSettings,
    )
    limits = RoleRateLimits.from_settings(settings_)
    try:
        decisions = [await limits.hit(role, "same-caller-key") for _ in range(burst + 1)]
        assert [d.allowed for d in decisions] == [True] * burst + [False]
        assert decisions[0].limit == burst
        # The same caller key under another role has its own bucket.
        other = "citizen" if role != "citizen" else "ai-service"
        assert (await limits.hit(other, "same-caller-key")).allowed
    finally:
        await limits.aclose()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"store": "memcached"}, "store"),
        ({"roles": {"citizen": {"requests_per_minute": 5}}}, "burst"),
        ({"burst": 5}, "burst"),
    ],
)
def test_when_rate_limit_settings_are_invalid_then_validation_names_the_key(
    values: dict[str, Any], field: str
) -> None:
    with pytest.raises(msgspec.ValidationError, match=field):
        msgspec.convert(values, RateLimitSettings)


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (
            RateDecision(allowed=False, retry_after_s=7, remaining=0, limit=5),
            {"Retry-After": "7", "RateLimit-Limit": "5", "RateLimit-Remaining": "0"},
        ),
        (
            RateDecision(allowed=True, retry_after_s=0, remaining=3, limit=5),
            {"RateLimit-Limit": "5", "RateLimit-Remaining": "3"},
        ),
    ],
)
def test_when_decision_becomes_headers_then_retry_after_only_on_refusal(
    decision: RateDecision, expected: dict[str, str]
) -> None:
    assert decision.headers() == expected


@pytest.mark.parametrize(("rpm", "burst"), [(0, 1), (1, 0)])
def test_when_limit_is_zero_then_limiter_refuses_to_build(rpm: int, burst: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        limiter(MemoryRateLimitStore(), rpm=rpm, burst=burst)
