"""Integration fixtures: one app built through ``create_app()`` per module, real engines.

The app talks to ``RecordingUpstream`` (a loopback test double of an OpenAI-compatible server)
and uses a copy of the shipped policy bundle with the test double's extra models added.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from app import create_app
from gateway.keys import open_key_store
from gateway.settings import Settings, settings_from_mapping
from tests.fakes import RecordingUpstream, recording_upstream

SHIPPED_BUNDLE = Path(__file__).resolve().parents[2] / "policies" / "bundle"
TEST_MODELS = ("slow-model", "broken-model", "external-model")
PEPPER = "integration-test-pepper"


def bundle_with_test_models(target: Path) -> Path:
    """The shipped bundle plus the test double's models, allowed like demo-model."""
    shutil.copytree(SHIPPED_BUNDLE, target)
    data_file = target / "data.json"
    data = json.loads(data_file.read_text())
    governance = data["governance"]
    demo_service = governance["services"]["demo-service"]["models"]
    for model in TEST_MODELS:
        governance["models"][model] = dict(governance["models"]["demo-model"])
        demo_service[model] = dict(demo_service["demo-model"])
    governance["models"]["external-model"]["hosting"] = "external"
    data_file.write_text(json.dumps(data))
    return target


def make_settings(tmp: Path, upstream_url: str, **overrides: Any) -> Settings:
    raw: dict[str, Any] = {
        "database": {"url": f"sqlite:///{tmp}/leitplanke.db"},
        "policy": {"bundle_dir": str(bundle_with_test_models(tmp / "bundle"))},
        "auth": {"key_pepper": PEPPER},
        "audit": {"signing_key_file": str(tmp / "audit-signing-key.pem")},
        "server": {"max_body_bytes": 64_000},
        # Generous limits so test modules never trip them; test_rate_limits.py sets tight ones.
        "rate_limit": {"roles": {}, "default": {"requests_per_minute": 60_000, "burst": 10_000}},
        "upstreams": [
            {
                "name": "test-double",
                "base_url": upstream_url,
                "models": ["demo-model", "slow-model", "broken-model"],
                "hosting": "internal",
                "timeout_s": 0.5,
            },
            {
                "name": "external-double",
                "base_url": upstream_url,
                "models": ["external-model"],
                "hosting": "external",
                "timeout_s": 0.5,
            },
        ],
    }
    for section, values in overrides.items():
        raw.setdefault(section, {}).update(values)
    return settings_from_mapping(raw)


def issue_key(
    settings: Settings, name: str, role: str, services: tuple[str, ...] | None = None
) -> str:
    async def create() -> str:
        store = open_key_store(settings.database.url, pepper=settings.auth.key_pepper)
        await store.open()
        try:
            issued = await store.create(name=name, role=role, services=services)  # type: ignore[arg-type]
            return issued.secret
        finally:
            await store.aclose()

    return asyncio.run(create())


class Gateway:
    """A running app with its upstream double and keys for each role."""

    def __init__(
        self,
        client: TestClient[Any],
        upstream: RecordingUpstream,
        keys: dict[str, str],
        settings: Settings,
    ) -> None:
        self.client = client
        self.upstream = upstream
        self.keys = keys
        self.settings = settings

    def headers(self, role: str = "ai-service", **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}", **extra}

    def chat(
        self, content: str, *, model: str = "demo-model", purpose: str = "demo", **extra: Any
    ) -> Any:
        body = {"model": model, "messages": [{"role": "user", "content": content}], **extra}
        return self.client.post(
            "/v1/chat/completions", json=body, headers=self.headers(**{"X-Purpose": purpose})
        )


@pytest.fixture(scope="module")
def settings_overrides() -> dict[str, Any]:
    """Per-module overrides of the integration settings (override the fixture in a module)."""
    return {}


@pytest.fixture(scope="module")
def gateway(
    tmp_path_factory: pytest.TempPathFactory, settings_overrides: dict[str, Any]
) -> Iterator[Gateway]:
    tmp = tmp_path_factory.mktemp("gateway")
    with recording_upstream(slow_seconds=2.0) as upstream:
        settings = make_settings(tmp, upstream.base_url, **settings_overrides)
        keys = {
            "ai-service": issue_key(settings, "demo-service", "ai-service"),
            "compliance-officer": issue_key(settings, "officer-1", "compliance-officer"),
            "unknown-service": issue_key(settings, "unlisted-service", "ai-service"),
            "admin": issue_key(settings, "admin-1", "admin"),
            "caseworker": issue_key(
                settings, "caseworker-1", "caseworker", services=("demo-service",)
            ),
        }
        with TestClient(app=create_app(settings)) as client:
            yield Gateway(client, upstream, keys, settings)
