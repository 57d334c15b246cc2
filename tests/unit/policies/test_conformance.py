"""Conformance: the shipped bundle under OPA v1 rules, and identical decisions from OPA's
Go engine (reference), the in-process engines (regorus, the default, and OPA's Go engine)
and the remote engine (over HTTP to the OPA test server) for generated inputs."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from opa_bindings import OpaEngine, OpaError

from policies import PolicyConfig, PolicyDecision, build_policy_engine
from policies.engines import parse_decision
from policies.loader import ACCESS_PATH, AUTOMATED_DECISION_PATH, load_bundle
from tests.unit.policies import generators
from tests.unit.policies.opa_test_server import OpaTestServer

SEED = 20261123
CASES = 250


def test_when_each_shipped_module_is_compiled_alone_under_opa_v1_then_it_parses() -> None:
    bundle = load_bundle()
    assert {m.path for m in bundle.modules} >= {
        "access.rego",
        "data_protection.rego",
        "automated_decision.rego",
        "lib.rego",
        "access_test.rego",
        "data_protection_test.rego",
        "automated_decision_test.rego",
    }
    for module in bundle.modules:
        assert "import rego.v1" not in module.source  # plain v1, no compatibility import
        engine = OpaEngine()
        try:
            engine.add_policy(module.path, module.source)  # parses under v1 rules
        finally:
            engine.close()


def test_when_the_whole_bundle_is_compiled_by_opa_then_there_is_no_error() -> None:
    bundle = load_bundle()
    engine = OpaEngine()
    try:
        for module in bundle.modules:
            engine.add_policy(module.path, module.source)
        engine.add_data(dict(bundle.data))
        engine.eval_query("true")  # raises OpaError on any compile error
    except OpaError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"bundle does not compile under OPA v1: {exc}")
    finally:
        engine.close()


def _reference() -> Callable[[str, Any], PolicyDecision | None]:
    """OPA's Go engine with the bundle loaded as `opa eval -b bundle` would: no wrapper."""
    bundle = load_bundle()
    engine = OpaEngine()
    for module in bundle.policy_modules:
        engine.add_policy(module.path, module.source)
    engine.add_data(json.loads(json.dumps(bundle.data)))

    def decide(path: str, input_doc: Any) -> PolicyDecision | None:
        try:
            value = engine.eval_document(path.replace("/", "."), input_doc)
        except OpaError:
            return None
        return parse_decision(value, bundle.revision)

    return decide


@pytest.mark.parametrize(
    ("path", "generate", "decide"),
    [
        (ACCESS_PATH, generators.access_input, "decide_access"),
        (AUTOMATED_DECISION_PATH, generators.decision_input, "decide_automated_decision"),
    ],
)
async def test_when_generated_inputs_are_decided_then_all_engines_agree(
    opa_server: OpaTestServer, path: str, generate: Callable[[random.Random], Any], decide: str
) -> None:
    rng = random.Random(SEED)
    inputs = [generate(rng) for _ in range(CASES)]
    reference = _reference()
    in_process = build_policy_engine(PolicyConfig(timeout_ms=5000))  # regorus, the default
    in_process_opa = build_policy_engine(PolicyConfig(timeout_ms=5000, in_process_engine="opa"))
    remote = build_policy_engine(PolicyConfig(opa_url=opa_server.url, timeout_ms=5000))
    outcomes: Counter[str] = Counter()
    compared = 0
    try:
        await remote.start()
        for input_doc in inputs:
            expected = reference(path, input_doc)
            if not isinstance(input_doc, dict):
                # The engines refuse non-object input before evaluation (fail closed);
                # the policy itself also denies it as input_invalid.
                assert expected is not None and not expected.allow
                for engine in (in_process, in_process_opa, remote):
                    assert (await getattr(engine, decide)(input_doc)).unavailable
                continue
            local = await getattr(in_process, decide)(input_doc)
            local_opa = await getattr(in_process_opa, decide)(input_doc)
            far = await getattr(remote, decide)(input_doc)
            assert expected is not None, input_doc
            assert local == expected, input_doc
            assert local_opa == expected, input_doc
            assert far == expected, input_doc
            compared += 1
            outcomes.update(local.reason_codes or ("allow",))
            outcomes.update(local.obligations)
    finally:
        await in_process.aclose()
        await in_process_opa.aclose()
        await remote.aclose()
    assert compared >= 200
    # The generator must reach allows, denials and most reason codes, or agreement is vacuous.
    assert outcomes["allow"] >= 10
    assert outcomes["input_invalid"] >= 10
    assert len(outcomes) >= 8, outcomes
