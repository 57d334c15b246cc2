"""Fixtures of the policies tests: inputs, bundle copies, the OPA test server."""

from __future__ import annotations

import copy
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from policies.engines import InProcessPolicyEngine
from policies.loader import DEFAULT_BUNDLE_DIR
from policies.types import PolicyConfig
from tests.unit.policies.opa_test_server import OpaTestServer, running_opa_test_server

ACCESS_INPUT: dict[str, Any] = {
    "service": {"name": "demo-service", "role": "ai-service"},
    "model": {"name": "demo-model", "hosting": "internal", "upstream": "demo"},
    "purpose": "buergerservice",
    "pii": {"entity_types": ["PERSON", "EMAIL_ADDRESS"], "count": 4, "special_categories": []},
    "request": {"kind": "chat.completions", "stream": False},
}

DECISION_INPUT: dict[str, Any] = {
    "service": {"name": "demo-service", "role": "ai-service"},
    "model": {"id": "wohngeld-demo", "version": "1.0.0"},
    "purpose": "antragsbearbeitung",
    "decision": {"score": 0.62, "threshold": 0.5, "grey_zone": [0.4, 0.6], "legal_effect": True},
    "fairness": {"status": "passing"},
}


def access_input(**changes: Any) -> dict[str, Any]:
    """The demo access input with top-level keys replaced."""
    value = copy.deepcopy(ACCESS_INPUT)
    value.update(changes)
    return value


def decision_input(**decision_changes: Any) -> dict[str, Any]:
    """The demo automated-decision input with fields of ``decision`` replaced."""
    value = copy.deepcopy(DECISION_INPUT)
    value["decision"].update(decision_changes)
    return value


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Path:
    """A writable copy of the shipped bundle."""
    target = tmp_path / "bundle"
    shutil.copytree(DEFAULT_BUNDLE_DIR, target)
    return target


@pytest.fixture
async def engine() -> AsyncIterator[InProcessPolicyEngine]:
    """The shipped bundle in-process; a generous timeout keeps functional tests stable."""
    built = InProcessPolicyEngine(config=PolicyConfig(timeout_ms=2000))
    try:
        yield built
    finally:
        await built.aclose()


@pytest.fixture
def opa_server() -> Iterator[OpaTestServer]:
    with running_opa_test_server() as server:
        yield server
