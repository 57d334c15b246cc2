"""Equal-time helpers: a response time floor and a total constant-time comparison."""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

from gateway.constant_time import ERR_NEGATIVE_FLOOR, response_time_floor, secrets_equal


class VirtualTime:
    """A clock that only ``sleep`` (and ``work``) moves forward."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def work(self, seconds: float) -> None:
        self.now += seconds


@pytest.mark.parametrize(
    ("floor", "work", "padding", "overrun"),
    [
        (0.05, 0.0, 0.05, False),
        (0.05, 0.02, 0.03, False),
        (0.05, 0.05, 0.0, False),
        (0.05, 0.08, None, True),
        (0.0, 0.01, None, True),
    ],
)
async def test_when_block_is_faster_than_floor_then_it_is_padded_to_the_floor(
    floor: float, work: float, padding: float | None, overrun: bool
) -> None:
    vt = VirtualTime()
    start = vt.now
    async with response_time_floor(floor, clock=vt.clock, sleep=vt.sleep) as result:
        vt.work(work)

    assert vt.slept == ([] if padding is None else [pytest.approx(padding)])
    assert vt.now - start == pytest.approx(max(floor, work))
    assert result.overrun is overrun
    assert result.elapsed_s == pytest.approx(work)


async def test_when_block_raises_then_it_is_padded_and_the_error_propagates() -> None:
    vt = VirtualTime()
    with pytest.raises(LookupError, match="no such decision"):
        async with response_time_floor(0.05, clock=vt.clock, sleep=vt.sleep):
            vt.work(0.01)
            raise LookupError("no such decision")
    assert vt.slept == [pytest.approx(0.04)]


async def test_when_block_is_cancelled_then_no_padding() -> None:
    vt = VirtualTime()
    with pytest.raises(asyncio.CancelledError):
        async with response_time_floor(0.05, clock=vt.clock, sleep=vt.sleep):
            raise asyncio.CancelledError
    assert vt.slept == []


async def test_when_floor_is_negative_then_value_error() -> None:
    with pytest.raises(ValueError, match=ERR_NEGATIVE_FLOOR):
        async with response_time_floor(-1):
            pass


async def _timed(path_s: float, floor_s: float | None) -> float:
    start = time.perf_counter()
    if floor_s is None:
        await asyncio.sleep(path_s)
    else:
        async with response_time_floor(floor_s):
            await asyncio.sleep(path_s)
    return time.perf_counter() - start


async def test_when_two_paths_differ_then_the_floor_hides_the_difference() -> None:
    # A "hit" path 8 ms slower than the "miss" path, measured for real.
    fast, slow = 0.0, 0.008
    unpadded = [await _timed(p, None) for _ in range(10) for p in (fast, slow)]
    padded = [await _timed(p, 0.02) for _ in range(15) for p in (fast, slow)]

    def median_gap(samples: list[float]) -> float:
        return abs(statistics.median(samples[1::2]) - statistics.median(samples[0::2]))

    assert median_gap(unpadded) > 0.006  # the measurement can see the difference...
    assert median_gap(padded) < 0.003  # ...and the floor removes it
    assert min(padded) >= 0.02


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("K7Q2M-X9D4P", "K7Q2M-X9D4P", True),
        ("K7Q2M-X9D4P", "K7Q2M-X9D4Q", False),
        ("K7Q2M", "K7Q2M-X9D4P", False),
        ("", "", True),
        ("äöü-Straße", "äöü-Straße", True),  # non-ASCII str: hmac.compare_digest would raise
        ("äöü", "aou", False),
        (b"\x00\xff", b"\x00\xff", True),
        ("abc", b"abc", True),
        ("\udcff", "x", False),  # lone surrogate from a badly decoded header
    ],
)
def test_when_secrets_compared_then_any_text_is_accepted(
    a: str | bytes, b: str | bytes, expected: bool
) -> None:
    assert secrets_equal(a, b) is expected
