"""Fixtures of the fairness tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fairness import FairnessStore, open_fairness_store


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[FairnessStore]:
    """A migrated fairness store, once on SQLite and once on PostgreSQL."""
    opened = await open_fairness_store(database_url)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[FairnessStore]:
    """A SQLite store, for behaviour that does not depend on the database."""
    opened = await open_fairness_store(f"sqlite:///{tmp_path}/fairness.db")
    try:
        yield opened
    finally:
        await opened.close()
