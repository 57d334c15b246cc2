"""Equal-time answers for lookups whose timing must not tell the caller anything.

A citizen's ``GET /v1/citizen/decisions/{id}/explanation`` must answer an unknown id, a
wrong access code and an expired code with the same 404 *in the same time*. The stores do
equal work on every path (``explain.AccessCodeHasher.verify`` hashes against a dummy when
the id is unknown), but a database hit and a miss still differ by a little. Two helpers
close that gap:

* ``response_time_floor(seconds)``: the guarded block takes at least ``seconds``, whatever
  happens inside (an exception included), so every path ends at the same moment as long as
  the floor is above the slowest path;
* ``secrets_equal(a, b)``: constant-time comparison that accepts any ``str``/``bytes``
  (``hmac.compare_digest`` raises ``TypeError`` on non-ASCII ``str``, which a caller could
  turn into a 500).
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

ERR_NEGATIVE_FLOOR = "a response time floor cannot be negative"


@dataclass(slots=True)
class FloorResult:
    """Filled in when the guarded block ends (for metrics; never sent to the caller).

    Attributes:
        elapsed_s: how long the block itself ran.
        overrun: the block took longer than the floor (the floor should be raised).
    """

    elapsed_s: float = 0.0
    overrun: bool = False


@asynccontextmanager
async def response_time_floor(
    seconds: float,
    *,
    clock: Callable[[], float] = time.perf_counter,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AsyncIterator[FloorResult]:
    """Make the block take at least ``seconds``, also when it raises.

    Cancellation is not padded (the caller has gone). Usage::

        async with response_time_floor(0.05):
            record = await store.get_for_citizen(decision_id, code)  # may raise not-found

    Raises:
        ValueError: ``seconds`` is negative.
    """
    if seconds < 0:
        raise ValueError(ERR_NEGATIVE_FLOOR)
    result = FloorResult()
    start = clock()
    try:
        yield result
    except asyncio.CancelledError:
        raise
    except BaseException:
        await _pad(start, seconds, result, clock, sleep)
        raise
    await _pad(start, seconds, result, clock, sleep)


async def _pad(
    start: float,
    seconds: float,
    result: FloorResult,
    clock: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]],
) -> None:
    result.elapsed_s = clock() - start
    result.overrun = result.elapsed_s > seconds
    if not result.overrun:
        await sleep(seconds - result.elapsed_s)


def secrets_equal(a: str | bytes, b: str | bytes) -> bool:
    """Constant-time equality of two secrets given as ``str`` (any characters) or ``bytes``."""
    a_bytes = a.encode("utf-8", "surrogatepass") if isinstance(a, str) else bytes(a)
    b_bytes = b.encode("utf-8", "surrogatepass") if isinstance(b, str) else bytes(b)
    return hmac.compare_digest(a_bytes, b_bytes)
