"""The in-process decision cache: exact, bounded, and off for bundles that read the clock."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from policies.engines import DecisionCache, InProcessPolicyEngine, PolicyInput
from policies.types import PolicyConfig, PolicyDecision
from tests.unit.policies import generators
from tests.unit.policies.conftest import access_input


async def _decide_all(engine: InProcessPolicyEngine, inputs: list[Any]) -> list[PolicyDecision]:
    decided = []
    for kind, value in inputs:
        if kind == "access":
            decided.append(await engine.decide_access(value))
        else:
            decided.append(await engine.decide_automated_decision(value))
    return decided


@pytest.mark.parametrize(
    ("in_process_engine", "evaluation"), [("regorus", "inline"), ("opa", "thread")]
)
async def test_when_inputs_repeat_then_cached_decisions_equal_evaluated_ones(
    in_process_engine: str, evaluation: str
) -> None:
    rng = random.Random(20261123)
    inputs = [
        ("access", generators.access_input(rng))
        if rng.random() < 0.6
        else ("decision", generators.decision_input(rng))
        for _ in range(300)
    ]
    # A realistic share of repeats: every input once, then all of them again in another order.
    repeated = inputs + rng.sample(inputs, len(inputs))

    def config(size: int) -> PolicyConfig:
        return PolicyConfig(
            timeout_ms=2000,
            decision_cache_size=size,
            in_process_engine=in_process_engine,  # type: ignore[arg-type]
            evaluation=evaluation,  # type: ignore[arg-type]
        )

    cached = InProcessPolicyEngine(config=config(4096))
    uncached = InProcessPolicyEngine(config=config(0))
    try:
        with_cache = await _decide_all(cached, repeated)
        without_cache = await _decide_all(uncached, repeated)
    finally:
        await cached.aclose()
        await uncached.aclose()

    assert with_cache == without_cache
    # The whole second pass hits, except inputs that never reach the engine (not JSON objects)
    # or that it cannot decide (undefined): those fail closed each time and are not cached.
    failed_closed = sum(d.unavailable for d in with_cache[: len(inputs)])
    assert failed_closed < len(inputs) / 4
    assert cached.cache.hits >= len(inputs) - failed_closed
    assert uncached.cache.hits == 0
    assert cached.stats == uncached.stats  # decisions are counted whether cached or not


async def test_when_the_bundle_reads_the_clock_then_nothing_is_cached(bundle_dir: Path) -> None:
    (bundle_dir / "clock.rego").write_text(
        "package leitplanke.clock\n\nimport rego.v1\n\nnow_ns := time.now_ns()\n"
    )
    engine = InProcessPolicyEngine(config=PolicyConfig(bundle_dir=str(bundle_dir)))
    try:
        first = await engine.decide_access(access_input())
        second = await engine.decide_access(access_input())
    finally:
        await engine.aclose()
    assert first == second
    assert first.allow
    assert (engine.cache.hits, engine.cache.misses) == (0, 2)


def test_when_the_cache_is_full_then_the_oldest_entry_goes() -> None:
    cache = DecisionCache(2)
    inputs = [PolicyInput({"i": i}, f'{{"i":{i}}}') for i in range(3)]
    for i, value in enumerate(inputs):
        cache.put("leitplanke/access/decision", value, {"i": i})

    assert cache.get("leitplanke/access/decision", inputs[0]) is None
    assert cache.get("leitplanke/access/decision", inputs[1]) == {"i": 1}
    assert cache.get("leitplanke/access/decision", inputs[2]) == {"i": 2}
    # The key includes the entry point: the same input under another rule is a miss.
    assert cache.get("leitplanke/automated_decision/decision", inputs[2]) is None


async def test_when_decisions_are_looked_up_then_the_hook_hears_hits_and_misses() -> None:
    heard: list[bool] = []
    engine = InProcessPolicyEngine(
        config=PolicyConfig(timeout_ms=2000), on_cache_lookup=heard.append
    )
    try:
        for purpose in ("buergerservice", "buergerservice", "werbung", "buergerservice"):
            await engine.decide_access(access_input(purpose=purpose))
    finally:
        await engine.aclose()
    assert heard == [False, True, False, True]


async def test_when_the_lookup_hook_fails_then_decisions_do_not() -> None:
    def broken(hit: bool) -> None:
        raise RuntimeError("metrics backend gone")

    engine = InProcessPolicyEngine(config=PolicyConfig(timeout_ms=2000), on_cache_lookup=broken)
    try:
        decisions = [await engine.decide_access(access_input()) for _ in range(2)]
    finally:
        await engine.aclose()
    assert all(d.allow for d in decisions)
    assert engine.cache.hits == 1
