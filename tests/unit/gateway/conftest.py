"""Fixtures for gateway unit tests.

Redis tests read ``LEITPLANKE_TEST_REDIS_URL`` (e.g. ``redis://127.0.0.1:6379/0``). Without it
they are skipped with a clear message, unless ``LEITPLANKE_REQUIRE_REDIS=1`` (set by CI), in
which case a missing or unreachable server fails the run -- like PostgreSQL in tests/conftest.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

REDIS_URL_ENV = "LEITPLANKE_TEST_REDIS_URL"
REQUIRE_REDIS_ENV = "LEITPLANKE_REQUIRE_REDIS"
_redis_skipped: list[str] = []


@dataclass(frozen=True)
class RedisTarget:
    """A Redis server for one test, and a key prefix no other test (or process) uses."""

    url: str
    key_prefix: str


def _redis_required() -> bool:
    return os.environ.get(REQUIRE_REDIS_ENV, "") == "1"


def _skip_or_fail(reason: str) -> None:
    if _redis_required():
        pytest.fail(f"{reason} but {REQUIRE_REDIS_ENV}=1")
    _redis_skipped.append(reason)
    pytest.skip(f"Redis tests not run: {reason}")


@pytest.fixture
def redis_target() -> Iterator[RedisTarget]:
    """The test Redis with a fresh key prefix; the test's keys are deleted afterwards.

    The server is shared (other test runs may use it at the same time), so nothing is
    flushed: every test works under its own prefix.
    """
    url = os.environ.get(REDIS_URL_ENV, "")
    if not url:
        _skip_or_fail(f"{REDIS_URL_ENV} is not set")
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(
        url, socket_timeout=2, socket_connect_timeout=2, retry=Retry(NoBackoff(), retries=0)
    )
    try:
        client.ping()
    except (redis.exceptions.RedisError, OSError) as exc:
        client.close()
        _skip_or_fail(f"Redis at {REDIS_URL_ENV} unreachable ({type(exc).__name__})")
    prefix = f"leitplanke-test:{uuid.uuid4().hex[:12]}:"
    try:
        yield RedisTarget(url=url, key_prefix=prefix)
    finally:
        keys = list(client.scan_iter(match=prefix + "*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _redis_skipped:
        terminalreporter.write_sep(
            "!",
            f"{len(_redis_skipped)} Redis tests were NOT run "
            f"(set {REDIS_URL_ENV}=redis://127.0.0.1:6379/0)",
            yellow=True,
        )
