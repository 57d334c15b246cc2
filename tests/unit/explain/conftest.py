"""Fixtures for the explain tests: the shipped demo model, loaded once per session."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from explain import (
    DecisionStore,
    LoadedModel,
    ModelRegistry,
    default_registry,
    open_decision_store,
)

ROOT = Path(__file__).resolve().parents[3]
DEMO_ID = "wohngeld-demo"


def _load_train_script() -> ModuleType:
    path = ROOT / "scripts" / "train_demo_model.py"
    spec = importlib.util.spec_from_file_location("train_demo_model", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_demo_model", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def train_script() -> ModuleType:
    return _load_train_script()


@pytest.fixture(scope="session")
def registry() -> ModelRegistry:
    return default_registry()


@pytest.fixture(scope="session")
def demo(registry: ModelRegistry) -> LoadedModel:
    return registry.get(DEMO_ID)


def case(**overrides: Any) -> dict[str, Any]:
    """A valid demo case (a two-person household in Mietstufe IV), with overrides."""
    base: dict[str, Any] = {
        "monthly_net_income": 1500.0,
        "household_size": 2,
        "children": 1,
        "monthly_rent": 700.0,
        "rent_level": "IV",
        "assets": 5000.0,
        "receives_transfer_benefits": False,
    }
    base.update(overrides)
    return base


#: The access-code secret of the decision stores these tests open.
STORE_SECRET = b"s" * 32


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[DecisionStore]:
    """An opened decision store on the test database (SQLite, and PostgreSQL when set)."""
    opened = await open_decision_store(database_url, access_code_secret=STORE_SECRET)
    try:
        yield opened
    finally:
        await opened.aclose()
