"""The bundle loader, compile errors, ``run_policy_tests`` and ``evaluate``."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from policies.errors import PolicyCompileError, PolicyError
from policies.loader import DEFAULT_BUNDLE_DIR, MESSAGE_NO_REGO, load_bundle
from policies.tooling import MESSAGE_BAD_QUERY, evaluate, run_policy_tests
from tests.unit.policies.conftest import ACCESS_INPUT, DECISION_INPUT


def test_when_shipped_bundle_tests_run_then_all_pass_and_output_is_opa_like() -> None:
    out = io.StringIO()
    report = run_policy_tests(out=out)
    text = out.getvalue()
    assert report.ok
    assert report.passed == len(report.results) >= 30
    assert text.strip().splitlines()[-1] == f"PASS: {report.passed}/{report.passed}"
    assert "FAIL" not in text


def test_when_verbose_then_every_test_is_listed_per_file() -> None:
    out = io.StringIO()
    report = run_policy_tests(verbose=True, out=out)
    lines = out.getvalue().splitlines()
    assert "access_test.rego:" in lines
    pattern = re.compile(r"^data\.leitplanke\.\w+_test\.test_\w+: PASS \(\d+(\.\d+)?(µs|ms|s)\)$")
    assert sum(1 for line in lines if pattern.match(line)) == len(report.results)
    assert lines[-2] == "-" * 80


def test_when_a_rego_test_fails_then_report_and_output_show_it(bundle_dir: Path) -> None:
    (bundle_dir / "extra_test.rego").write_text(
        "package leitplanke.extra_test\n\n"
        "import data.leitplanke.access\n\n"
        "test_demo_is_denied if {\n\taccess.decision.allow == false with input as {}\n}\n\n"
        "test_demo_is_allowed if {\n\taccess.decision.allow == true with input as {}\n}\n"
    )
    out = io.StringIO()
    report = run_policy_tests(str(bundle_dir), out=out)
    text = out.getvalue()
    assert not report.ok
    assert report.failed == 1
    assert "extra_test.rego:\ndata.leitplanke.extra_test.test_demo_is_allowed: FAIL (" in text
    assert text.splitlines()[-1] == f"FAIL: 1/{len(report.results)}"


@pytest.mark.parametrize(
    ("file", "source", "line", "fragment"),
    [
        ("broken.rego", "package broken\n\nallow if {\n\tinput.x ==\n}\n", 5, "rego_parse_error"),
        ("v0.rego", "package v0\n\nallow {\n\tinput.x == 1\n}\n", 3, "`if` keyword is required"),
        ("unsafe.rego", "package unsafe\n\nallow if {\n\tinput.x == y\n}\n", 4, "var y is unsafe"),
        (
            "types.rego",
            "package types\n\nx := 1\n\ny if {\n\tx == 1\n\tcount(5) > 1\n}\n",
            7,
            "rego_type_error",
        ),
    ],
)
def test_when_a_policy_does_not_compile_then_file_line_and_message_are_given(
    bundle_dir: Path, file: str, source: str, line: int, fragment: str
) -> None:
    (bundle_dir / file).write_text(source)
    with pytest.raises(PolicyCompileError) as info:
        run_policy_tests(str(bundle_dir), out=io.StringIO())
    assert (info.value.file, info.value.line) == (file, line)
    assert fragment in info.value.message
    assert str(info.value).startswith(f"{file}:{line}: ")


def test_when_data_json_is_invalid_then_file_and_line_are_given(bundle_dir: Path) -> None:
    (bundle_dir / "data.json").write_text('{\n  "governance": {\n    "x": ,\n  }\n}\n')
    with pytest.raises(PolicyCompileError) as info:
        load_bundle(str(bundle_dir))
    assert (info.value.file, info.value.line) == ("data.json", 3)


@pytest.mark.parametrize("content", ["[]", '"text"'])
def test_when_data_json_is_not_an_object_then_compile_error(bundle_dir: Path, content: str) -> None:
    (bundle_dir / "data.json").write_text(content)
    with pytest.raises(PolicyCompileError) as info:
        load_bundle(str(bundle_dir))
    assert info.value.file == "data.json"


def test_when_bundle_has_no_rego_then_compile_error(tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text("{}")
    with pytest.raises(PolicyCompileError, match=MESSAGE_NO_REGO):
        load_bundle(str(tmp_path))


def test_when_any_bundle_file_changes_then_revision_changes(bundle_dir: Path) -> None:
    first = load_bundle(str(bundle_dir)).revision
    assert first == load_bundle(str(DEFAULT_BUNDLE_DIR)).revision
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", first)
    data = json.loads((bundle_dir / "data.json").read_text())
    data["governance"]["services"]["demo-service"]["restore_pii_purposes"] = []
    (bundle_dir / "data.json").write_text(json.dumps(data))
    second = load_bundle(str(bundle_dir)).revision
    (bundle_dir / "access_test.rego").write_text(
        (bundle_dir / "access_test.rego").read_text() + "\n"
    )
    third = load_bundle(str(bundle_dir)).revision
    assert len({first, second, third}) == 3


def test_when_subdirectory_has_data_json_then_it_is_placed_at_that_path(bundle_dir: Path) -> None:
    (bundle_dir / "extra").mkdir()
    (bundle_dir / "extra" / "data.json").write_text('{"limit": 3}')
    bundle = load_bundle(str(bundle_dir))
    assert bundle.data["extra"] == {"limit": 3}
    assert "governance" in bundle.data


@pytest.mark.parametrize(
    ("input_doc", "query", "expected_query"),
    [
        (ACCESS_INPUT, "", "data.leitplanke.access.decision"),
        (DECISION_INPUT, "", "data.leitplanke.automated_decision.decision"),
        (ACCESS_INPUT, "data.leitplanke.data_protection.restore_allowed", None),
    ],
)
def test_when_evaluating_then_the_entry_point_follows_the_input(
    input_doc: dict[str, object], query: str, expected_query: str | None
) -> None:
    result = evaluate(input_doc, query=query)
    assert result.defined
    if expected_query is None:
        assert result.query == query
        assert result.value is True
        assert result.decision is None
    else:
        assert result.query == expected_query
        assert result.decision is not None and result.decision.allow
        assert result.decision.revision == load_bundle().revision


def test_when_evaluated_document_is_undefined_then_result_says_so() -> None:
    result = evaluate({"purpose": ""}, query="data.leitplanke.data_protection.restore_allowed")
    assert (result.defined, result.value, result.decision) == (False, None, None)


@pytest.mark.parametrize("query", ["data.x; true", "input.purpose", "data.", "x := 1"])
def test_when_query_is_not_a_data_reference_then_policy_error(query: str) -> None:
    with pytest.raises(PolicyError, match=re.escape(MESSAGE_BAD_QUERY)):
        evaluate(ACCESS_INPUT, query=query)


def test_when_a_rego_test_errors_then_it_is_reported_as_error(bundle_dir: Path) -> None:
    (bundle_dir / "boom_test.rego").write_text(
        "package leitplanke.boom_test\n\n"
        'test_ok if { 1 == 1 }\n\ntest_boom if { to_number("x") > 1 }\n'
    )
    out = io.StringIO()
    report = run_policy_tests(str(bundle_dir), out=out)
    outcomes = {r.name: r.outcome for r in report.results if "boom_test" in r.name}
    assert outcomes == {
        "data.leitplanke.boom_test.test_ok": "PASS",
        "data.leitplanke.boom_test.test_boom": "ERROR",
    }
    assert "data.leitplanke.boom_test.test_boom: ERROR (" in out.getvalue()
