"""One version everywhere; readiness and upstream reachability reported apart."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from tests.e2e.conftest import LEITPLANKE
from tests.integration.conftest import Gateway

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def test_when_asked_then_cli_openapi_and_pyproject_give_the_same_version(
    gateway: Gateway,
) -> None:
    cli = subprocess.run([LEITPLANKE, "--version"], capture_output=True, text=True, check=True)
    schema = gateway.client.get("/schema/openapi.json").json()
    assert cli.stdout.split() == ["leitplanke", _pyproject_version()]
    assert schema["info"]["version"] == _pyproject_version()


def test_when_the_changelog_has_entries_then_the_newest_is_not_above_the_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    changelog = readme.split("## Changelog", 1)[1]
    versions = [
        tuple(int(part) for part in match.split("."))
        for match in re.findall(r"^- (\d+\.\d+\.\d+):", changelog, flags=re.MULTILINE)
    ]
    current = tuple(int(part) for part in _pyproject_version().split("."))
    assert versions, "no changelog entries found"
    assert max(versions) <= current, (max(versions), current)


def test_when_the_upstream_is_up_or_down_then_readiness_stays_and_reachability_tells(
    gateway: Gateway,
) -> None:
    ready = gateway.client.get("/health/ready").json()
    assert ready["status"] == "ready"
    assert ready["upstreams"]["test-double"]["reachable"] is True
    state = gateway.client.app.state
    reachability = state.upstream_reachability
    upstreams = list(state.components.settings.upstreams)
    dead = upstreams[0].__class__(
        name="test-double", base_url="http://127.0.0.1:9/v1", models=["demo-model"]
    )
    state.upstream_reachability = reachability.__class__([dead], ttl_s=0)
    try:
        down = gateway.client.get("/health/ready")
    finally:
        state.upstream_reachability = reachability
    assert down.status_code == 200
    assert down.json()["status"] == "ready"
    assert down.json()["upstreams"]["test-double"]["reachable"] is False


def test_when_the_citizen_page_is_served_then_the_content_type_names_the_charset_once(
    gateway: Gateway,
) -> None:
    page = gateway.client.get("/erklaerung/does-not-exist")
    assert page.headers["content-type"] == "text/html; charset=utf-8"


def test_when_a_tool_result_comes_back_then_the_demo_model_echoes_the_tool_message() -> None:
    import asyncio

    from gateway.settings import BUILTIN_DEMO_URL, UpstreamSettings
    from gateway.upstream import DemoUpstream

    demo = DemoUpstream(UpstreamSettings(name="demo", base_url=BUILTIN_DEMO_URL, models=["m"]))
    messages = [
        {"role": "user", "content": "Wie ist das Wetter?"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function"}]},
        {"role": "tool", "tool_call_id": "c1", "content": "Sonnig, 21 Grad"},
    ]
    after_tool = asyncio.run(demo.chat_completion({"model": "m", "messages": messages}))
    before_tool = asyncio.run(demo.chat_completion({"model": "m", "messages": messages[:1]}))
    assert after_tool["choices"][0]["message"]["content"].endswith(
        "The tool result, as the model saw it: Sonnig, 21 Grad"
    )
    assert before_tool["choices"][0]["message"]["content"].endswith(
        "The last one, as the model saw it: Wie ist das Wetter?"
    )
