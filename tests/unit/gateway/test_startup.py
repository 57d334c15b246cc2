"""Start-up checks: targets without credentials, one-line failures, uvicorn's traceback cut."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from gateway.startup import (
    Finding,
    OneLineStartupErrors,
    database_target,
    first_line,
    upstreams_configured,
)


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("postgresql://lp:s3cret@db.internal:5433/leitplanke", "db.internal:5433/leitplanke"),
        ("postgresql://lp@db/leitplanke?sslmode=require", "db/leitplanke"),
        ("sqlite:///var/leitplanke.db", "var/leitplanke.db"),
        ("sqlite:////var/lib/leitplanke/leitplanke.db", "/var/lib/leitplanke/leitplanke.db"),
    ],
)
def test_when_a_database_is_named_then_never_with_its_password(url: str, target: str) -> None:
    assert database_target(url) == target
    assert "s3cret" not in database_target(url)


def test_when_a_driver_message_has_several_lines_then_the_first_is_kept() -> None:
    message = 'connection failed: connection to server at "h", port 1 failed: refused\n\tIs it up?'
    assert first_line(message) == 'connection to server at "h", port 1 failed: refused'
    finding = Finding(key="database.url", target="h:1", ok=False, detail=first_line(message))
    assert "\n" not in finding.failure_line()
    assert finding.failure_line().startswith("leitplanke: cannot start: database.url: ")


def test_when_uvicorn_reports_a_failed_startup_then_one_line_without_traceback() -> None:
    records: list[logging.LogRecord] = []
    logger = logging.getLogger("test.uvicorn.error")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    logger.addFilter(OneLineStartupErrors())
    try:
        logger.error(
            'Traceback (most recent call last):\n  File "x.py", line 1\n'
            "gateway.keys.KeyStoreError: OperationalError\n"
        )
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            logger.error("Exception in 'lifespan' protocol\n", exc_info=exc)
        logger.error("Application startup failed. Exiting.")
        logger.info("Waiting for application startup.")
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in records] == [
        "leitplanke: cannot start: gateway.keys.KeyStoreError: OperationalError",
        "leitplanke: cannot start: RuntimeError: boom",
        "Waiting for application startup.",
    ]
    assert all(r.exc_info is None for r in records)


def test_when_upstreams_are_in_the_file_or_environment_then_they_count_as_configured(
    tmp_path: Path,
) -> None:
    with_upstreams = tmp_path / "a.toml"
    with_upstreams.write_text('[[upstreams]]\nname = "x"\n', encoding="utf-8")
    without = tmp_path / "b.toml"
    without.write_text("[server]\nport = 1\n", encoding="utf-8")
    assert upstreams_configured({"LEITPLANKE_CONFIG": str(with_upstreams)})
    assert not upstreams_configured({"LEITPLANKE_CONFIG": str(without)})
    assert not upstreams_configured({})
    assert upstreams_configured({"LEITPLANKE_UPSTREAMS": "[]"})
