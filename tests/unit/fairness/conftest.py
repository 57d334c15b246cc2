"""Fixtures of the fairness tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

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
