"""Shared fixtures.

PostgreSQL tests read ``LEITPLANKE_TEST_POSTGRES_URL``. Without it they are skipped with a
clear message, unless ``LEITPLANKE_REQUIRE_POSTGRES=1`` (set by ``.ci/run``), in which case a
missing or unreachable server fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

POSTGRES_URL_ENV = "LEITPLANKE_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "LEITPLANKE_REQUIRE_POSTGRES"
_postgres_skipped: list[str] = []


def _postgres_required() -> bool:
    return os.environ.get(REQUIRE_POSTGRES_ENV, "") == "1"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh, empty schema on the test PostgreSQL server, dropped afterwards.

    The schema is selected with ``options=-csearch_path=...`` so code under test needs no
    knowledge of it.
    """
    base = os.environ.get(POSTGRES_URL_ENV, "")
    if not base:
        if _postgres_required():
            pytest.fail(f"{POSTGRES_URL_ENV} is not set but {REQUIRE_POSTGRES_ENV}=1")
        _postgres_skipped.append("x")
        pytest.skip(f"PostgreSQL tests not run: set {POSTGRES_URL_ENV}")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as exc:
        if _postgres_required():
            pytest.fail(f"PostgreSQL at {POSTGRES_URL_ENV} unreachable: {exc}")
        _postgres_skipped.append("x")
        pytest.skip(f"PostgreSQL tests not run: server unreachable ({exc.__class__.__name__})")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """Runs a test once against SQLite and once against PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/leitplanke.db"
    return str(request.getfixturevalue("postgres_url"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _postgres_skipped:
        terminalreporter.write_sep(
            "!",
            f"{len(_postgres_skipped)} PostgreSQL tests were NOT run "
            f"(set {POSTGRES_URL_ENV}=postgresql://postgres@127.0.0.1:5432/test)",
            yellow=True,
        )
