"""Without OPA's Go engine (a plain ``pip install``): regorus alone compiles and decides.

docs/decisions/0060. The switch is ``opa_go_engine_available``; the wheel test
(tests/e2e/test_wheel_install.py) checks the same in a venv that really lacks the module.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from policies import PolicyConfig, build_policy_engine
from policies import engines as engines_module
from policies.engines import MESSAGE_OPA_ABSENT, MESSAGE_OPA_REQUIRED, check_bundle
from policies.errors import PolicyCompileError, PolicyError
from policies.loader import load_bundle
from policies.tooling import evaluate, run_policy_tests
from tests.unit.policies.conftest import access_input


@pytest.fixture(autouse=True)
def no_opa(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines_module, "opa_go_engine_available", lambda: False)


async def test_when_opa_is_absent_then_regorus_decides_and_one_notice_is_logged() -> None:
    with capture_logs() as logs:
        engine = build_policy_engine(PolicyConfig())
    await engine.start()
    try:
        decision = await engine.decide_access(access_input())
    finally:
        await engine.aclose()
    assert decision.allow is True
    notices = [log for log in logs if log["event"] == "policy_opa_engine_absent"]
    assert len(notices) == 1
    assert notices[0]["notice"] == MESSAGE_OPA_ABSENT


def test_when_opa_is_absent_then_the_opa_engine_is_refused_with_the_fix() -> None:
    with pytest.raises(PolicyError, match="opa-golib-python-bindings") as caught:
        build_policy_engine(PolicyConfig(in_process_engine="opa"))
    assert str(caught.value) == MESSAGE_OPA_REQUIRED


def test_when_opa_is_absent_then_policy_test_and_eval_run_on_regorus() -> None:
    out = io.StringIO()
    report = run_policy_tests(out=out)
    assert report.ok, out.getvalue()
    assert report.passed >= 40
    result = evaluate(access_input())
    assert result.defined and result.decision is not None and result.decision.allow


@pytest.mark.parametrize(
    ("source", "file"),
    [
        ("package leitplanke.access\n\ndecision := {\n", "access.rego"),
        ("package leitplanke.other\n\nx := 1\n", ""),  # no decision entry points
    ],
)
def test_when_opa_is_absent_then_a_broken_bundle_is_still_refused(
    tmp_path: Path, source: str, file: str
) -> None:
    (tmp_path / "access.rego").write_text(source, encoding="utf-8")
    with pytest.raises(PolicyCompileError) as caught:
        check_bundle(load_bundle(tmp_path))
    assert caught.value.file == file
