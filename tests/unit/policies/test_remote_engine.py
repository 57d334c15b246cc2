"""The remote engine over real HTTP against the OPA test server (a test fixture)."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from policies import PolicyConfig, Reason, build_policy_engine
from policies.engines import (
    MESSAGE_ERROR,
    MESSAGE_TIMEOUT,
    MESSAGE_UNDEFINED,
    REMOTE_POLICY_PREFIX,
    RemotePolicyEngine,
)
from policies.errors import PolicyCompileError, PolicyError, PolicyUnavailableError
from policies.loader import load_bundle
from policies.types import POLICY_UNAVAILABLE
from tests.unit.policies.conftest import access_input, decision_input
from tests.unit.policies.opa_test_server import OpaTestServer


@pytest.fixture
async def remote(opa_server: OpaTestServer) -> AsyncIterator[RemotePolicyEngine]:
    engine = build_policy_engine(PolicyConfig(opa_url=opa_server.url, timeout_ms=2000))
    assert isinstance(engine, RemotePolicyEngine)
    try:
        await engine.start()
        yield engine
    finally:
        await engine.aclose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_when_started_then_bundle_policies_and_data_are_pushed(
    remote: RemotePolicyEngine, opa_server: OpaTestServer
) -> None:
    bundle = load_bundle()
    assert sorted(opa_server.modules) == sorted(
        f"{REMOTE_POLICY_PREFIX}/{m.path}" for m in bundle.policy_modules
    )
    assert opa_server.data == json.loads(json.dumps(bundle.data))
    assert remote.revision == bundle.revision
    assert await remote.ready()


@pytest.mark.parametrize(
    ("changes", "allow", "codes", "obligations"),
    [
        ({}, True, (), ("restore_pii",)),
        ({"purpose": ""}, False, ("purpose_missing",), ()),
        ({"service": {"name": "x", "role": "ai-service"}}, False, ("service_unknown",), ()),
    ],
)
async def test_when_access_is_decided_remotely_then_result_matches_in_process(
    remote: RemotePolicyEngine,
    changes: dict[str, object],
    allow: bool,
    codes: tuple[str, ...],
    obligations: tuple[str, ...],
) -> None:
    decision = await remote.decide_access(access_input(**changes))
    assert (decision.allow, decision.reason_codes, decision.obligations) == (
        allow,
        codes,
        obligations,
    )
    assert decision.revision == remote.revision


async def test_when_automated_decision_is_decided_remotely_then_explain_is_required(
    remote: RemotePolicyEngine,
) -> None:
    decision = await remote.decide_automated_decision(decision_input(score=0.2))
    assert decision.allow
    assert decision.obligations == ("explain", "human_review")


async def test_when_many_decisions_are_made_then_one_connection_is_reused(
    remote: RemotePolicyEngine, opa_server: OpaTestServer
) -> None:
    await remote.decide_access(access_input())
    before = opa_server.connections
    for _ in range(25):
        assert (await remote.decide_access(access_input())).allow
    assert opa_server.connections == before


async def test_when_server_is_slow_then_fail_closed_with_timeout(
    opa_server: OpaTestServer,
) -> None:
    engine = build_policy_engine(PolicyConfig(opa_url=opa_server.url, timeout_ms=50))
    try:
        await engine.start()
        opa_server.delay_s = 0.3
        decision = await engine.decide_access(access_input())
    finally:
        await engine.aclose()
    assert decision.reasons == (Reason(code=POLICY_UNAVAILABLE, message=MESSAGE_TIMEOUT),)
    assert engine.stats.unavailable == 1


@pytest.mark.parametrize("status", [500, 503, 400])
async def test_when_server_answers_with_an_error_then_fail_closed(
    remote: RemotePolicyEngine, opa_server: OpaTestServer, status: int
) -> None:
    opa_server.fail_status = status
    decision = await remote.decide_access(access_input())
    assert decision.reasons == (Reason(code=POLICY_UNAVAILABLE, message=MESSAGE_ERROR),)
    assert not await remote.ready()


async def test_when_document_is_undefined_remotely_then_fail_closed(
    remote: RemotePolicyEngine, opa_server: OpaTestServer
) -> None:
    opa_server.delete_policy(f"{REMOTE_POLICY_PREFIX}/access.rego")
    decision = await remote.decide_access(access_input())
    assert decision.reasons == (Reason(code=POLICY_UNAVAILABLE, message=MESSAGE_UNDEFINED),)


async def test_when_server_is_unreachable_then_not_ready_and_fail_closed() -> None:
    engine = build_policy_engine(
        PolicyConfig(opa_url=f"http://127.0.0.1:{_free_port()}", timeout_ms=500)
    )
    try:
        assert not await engine.ready()
        decision = await engine.decide_access(access_input())
    finally:
        await engine.aclose()
    assert decision.unavailable and not decision.allow


async def test_when_server_is_unreachable_at_start_then_policy_unavailable_error() -> None:
    engine = build_policy_engine(PolicyConfig(opa_url=f"http://127.0.0.1:{_free_port()}"))
    try:
        with pytest.raises(PolicyUnavailableError, match="could not push the policy bundle"):
            await engine.start()
    finally:
        await engine.aclose()


async def test_when_server_reports_unhealthy_then_not_ready(
    remote: RemotePolicyEngine, opa_server: OpaTestServer
) -> None:
    opa_server.healthy = False
    assert not await remote.ready()


async def test_when_bundle_is_preloaded_then_nothing_is_pushed(
    opa_server: OpaTestServer,
) -> None:
    bundle = load_bundle()
    opa_server.preload(
        {f"preloaded/{m.path}": m.source for m in bundle.policy_modules}, dict(bundle.data)
    )
    engine = build_policy_engine(
        PolicyConfig(opa_url=opa_server.url, push_bundle=False, timeout_ms=2000)
    )
    try:
        await engine.start()
        decision = await engine.decide_access(access_input())
    finally:
        await engine.aclose()
    assert decision.allow
    assert not any(method == "PUT" for method, _ in opa_server.requests)


async def test_when_reloaded_then_new_bundle_is_pushed_and_stale_policies_removed(
    opa_server: OpaTestServer, bundle_dir: Path
) -> None:
    engine = build_policy_engine(
        PolicyConfig(opa_url=opa_server.url, bundle_dir=str(bundle_dir), timeout_ms=2000)
    )
    try:
        await engine.start()
        before = engine.revision
        (bundle_dir / "extra.rego").write_text("package leitplanke.extra\n\nx := 1\n")
        await engine.reload()
        assert f"{REMOTE_POLICY_PREFIX}/extra.rego" in opa_server.modules
        (bundle_dir / "extra.rego").unlink()
        data = json.loads((bundle_dir / "data.json").read_text())
        data["governance"]["services"]["demo-service"]["restore_pii_purposes"] = []
        (bundle_dir / "data.json").write_text(json.dumps(data))
        revision = await engine.reload()
        decision = await engine.decide_access(access_input())
    finally:
        await engine.aclose()
    assert revision != before
    assert decision.revision == revision
    assert decision.obligations == ()
    assert f"{REMOTE_POLICY_PREFIX}/extra.rego" not in opa_server.modules


async def test_when_remote_reload_does_not_compile_then_previous_bundle_stays(
    opa_server: OpaTestServer, bundle_dir: Path
) -> None:
    engine = build_policy_engine(
        PolicyConfig(opa_url=opa_server.url, bundle_dir=str(bundle_dir), timeout_ms=2000)
    )
    try:
        await engine.start()
        before = engine.revision
        pushed = dict(opa_server.modules)
        (bundle_dir / "access.rego").write_text("package leitplanke.access\n\ndecision if {\n")
        with pytest.raises(PolicyCompileError) as info:
            await engine.reload()
        decision = await engine.decide_access(access_input())
    finally:
        await engine.aclose()
    assert info.value.file == "access.rego"
    assert engine.revision == before == decision.revision
    assert opa_server.modules == pushed
    assert decision.allow


async def test_when_server_rejects_a_pushed_module_then_compile_error_names_it(
    opa_server: OpaTestServer, bundle_dir: Path
) -> None:
    # Valid for the local engine, but the server already has a conflicting data document.
    opa_server.put_data("leitplanke/access", {"decision": 1})
    engine = build_policy_engine(
        PolicyConfig(opa_url=opa_server.url, bundle_dir=str(bundle_dir), timeout_ms=2000)
    )
    try:
        with pytest.raises((PolicyCompileError, PolicyError)):
            await engine.start()
    finally:
        await engine.aclose()


@pytest.mark.parametrize("url", ["localhost:8181", "ftp://opa:1", "http://"])
def test_when_opa_url_is_malformed_then_config_is_refused(url: str) -> None:
    with pytest.raises(PolicyError):
        build_policy_engine(PolicyConfig(opa_url=url))
