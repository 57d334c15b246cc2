"""Command-line tooling behind ``leitplanke policy test`` and ``leitplanke policy eval``.

Both compile the bundle in-process (no server needed) with OPA's Go engine when it is
installed, else with regorus (docs/decisions/0060), and are synchronous: the CLI calls
them directly.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from policies import engines
from policies.engines import MalformedDecisionError, parse_decision
from policies.errors import PolicyError
from policies.loader import ACCESS_PATH, AUTOMATED_DECISION_PATH, Bundle, load_bundle
from policies.types import PolicyDecision, TestOutcome, TestReport, TestResult

MESSAGE_BAD_QUERY = "query must be a data reference such as data.leitplanke.access.decision"
SEPARATOR = "-" * 80

_PACKAGE = re.compile(r"^package\s+([A-Za-z_][\w.]*)", re.MULTILINE)
_TEST_RULE = re.compile(r"^(test_\w+)\b", re.MULTILINE)
_DATA_REF = re.compile(r"^data(\.[A-Za-z_]\w*)+$")


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluationResult:
    """What ``evaluate`` found.

    Attributes:
        query: the data reference evaluated.
        defined: False when the document is undefined for this input.
        value: the document's JSON value (None when undefined).
        decision: the value as a PolicyDecision when it has the decision shape.
        revision: the bundle revision.
    """

    query: str
    defined: bool
    value: Any
    decision: PolicyDecision | None
    revision: str


class _Undefined(Exception):
    """The queried document is undefined."""


class _EvaluationFailed(Exception):
    """The engine raised while evaluating; ``code`` and ``message`` say why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class _DocumentEngine:
    """One compiled bundle that evaluates ``data.<dotted>`` documents.

    OPA's Go engine when installed, else regorus (docs/decisions/0060); the caller sees
    one interface and two exceptions whichever library answers.
    """

    def __init__(self, bundle: Bundle, *, include_tests: bool) -> None:
        self._opa: Any = None
        self._regorus: Any = None
        if engines.opa_go_engine_available():
            self._opa = engines.compile_bundle(bundle, include_tests=include_tests)
        else:
            engines.check_bundle(bundle, include_tests=include_tests)
            self._regorus = engines.regorus_engine(bundle, include_tests=include_tests)

    def eval_document(self, dotted: str, input: Mapping[str, Any] | None = None) -> Any:
        if self._opa is not None:
            return self._eval_opa(dotted, input)
        try:
            if input is not None:
                self._regorus.set_input_json(json.dumps(dict(input)))
            result = self._regorus.eval_query(f"data.{dotted}")
        except RuntimeError as exc:
            raise _EvaluationFailed("eval_error", str(exc).split("\n", 1)[0]) from None
        rows = result.get("result") or []
        if not rows:
            raise _Undefined(dotted)
        return rows[0]["expressions"][0]["value"]

    def _eval_opa(self, dotted: str, input: Mapping[str, Any] | None) -> Any:
        from opa_bindings import OpaError, OpaUndefinedError

        try:
            if input is None:
                return self._opa.eval_document(dotted)
            return self._opa.eval_document(dotted, dict(input))
        except OpaUndefinedError:
            raise _Undefined(dotted) from None
        except OpaError as exc:
            raise _EvaluationFailed(exc.code, exc.message) from None

    def close(self) -> None:
        if self._opa is not None:
            self._opa.close()


def run_policy_tests(
    bundle_dir: str = "", *, verbose: bool = False, out: TextIO | None = None
) -> TestReport:
    """Runs the bundle's Rego unit tests (``test_*`` rules in ``*_test.rego``).

    Prints like ``opa test``: failing tests (every test with ``verbose``) grouped by
    file, a separator, then ``PASS: n/m`` and, if any failed, ``FAIL: k/m``.

    Args:
        bundle_dir: bundle directory; empty for the shipped bundle.
        verbose: print passing tests too.
        out: where to print; None prints to stdout.

    Returns:
        The report; ``report.ok`` is the exit status the CLI should use.

    Raises:
        PolicyCompileError: a policy or test file does not compile.
    """
    bundle = load_bundle(bundle_dir)
    opa = _DocumentEngine(bundle, include_tests=True)
    results: list[TestResult] = []
    try:
        for module in bundle.modules:
            package = _PACKAGE.search(module.source)
            if not module.is_test or package is None:
                continue
            names = list(dict.fromkeys(_TEST_RULE.findall(module.source)))
            results.extend(_run_module_tests(opa, module.path, package.group(1), names))
    finally:
        opa.close()
    report = TestReport(results=tuple(results), revision=bundle.revision)
    print(format_test_report(report, verbose=verbose), file=out or sys.stdout)
    return report


def _run_module_tests(
    opa: _DocumentEngine, file: str, package: str, names: list[str]
) -> list[TestResult]:
    """Evaluates a test package in one query (one query preparation, fast).

    Passing tests are ``true`` in the package document; a test whose rule is undefined
    or not ``true`` fails. If the package evaluation errors, each test is evaluated on
    its own so the error is attributed. The duration is the package's, shared evenly.
    """
    started = time.perf_counter()
    try:
        document = opa.eval_document(package)
    except _Undefined:
        document = {}
    except _EvaluationFailed:
        return [_run_single_test(opa, file, package, name) for name in names]
    share = (time.perf_counter() - started) * 1000 / max(len(names), 1)
    return [
        TestResult(
            file=file,
            name=f"data.{package}.{name}",
            outcome="PASS" if isinstance(document, dict) and document.get(name) is True else "FAIL",
            duration_ms=share,
        )
        for name in names
    ]


def _run_single_test(opa: _DocumentEngine, file: str, package: str, name: str) -> TestResult:
    started = time.perf_counter()
    message = ""
    outcome: TestOutcome
    try:
        outcome = "PASS" if opa.eval_document(f"{package}.{name}") is True else "FAIL"
    except _Undefined:
        outcome = "FAIL"
    except _EvaluationFailed as exc:
        outcome, message = "ERROR", exc.message
    return TestResult(
        file=file,
        name=f"data.{package}.{name}",
        outcome=outcome,
        duration_ms=(time.perf_counter() - started) * 1000,
        message=message,
    )


def format_test_report(report: TestReport, *, verbose: bool = False) -> str:
    """Formats a report the way ``opa test`` prints one."""
    lines: list[str] = []
    current_file = ""
    for result in report.results:
        if result.outcome == "PASS" and not verbose:
            continue
        if result.file != current_file:
            if current_file:
                lines.append("")
            lines.append(f"{result.file}:")
            current_file = result.file
        line = f"{result.name}: {result.outcome} ({_duration(result.duration_ms)})"
        if result.message:
            line += f"\n  {result.message}"
        lines.append(line)
    if lines:
        lines.append(SEPARATOR)
    total = len(report.results)
    if total == 0:
        lines.append("no tests found")
        return "\n".join(lines)
    if report.passed:
        lines.append(f"PASS: {report.passed}/{total}")
    if report.failed:
        lines.append(f"FAIL: {report.failed}/{total}")
    return "\n".join(lines)


def evaluate(
    input: Mapping[str, Any], *, query: str = "", bundle_dir: str = ""
) -> EvaluationResult:
    """Evaluates one input against the bundle, for ``leitplanke policy eval``.

    Args:
        input: the input document (e.g. read from case.json).
        query: a data reference such as ``data.leitplanke.access.decision``; empty picks
            the automated-decision entry point when the input has a ``decision`` key,
            else the access entry point.
        bundle_dir: bundle directory; empty for the shipped bundle.

    Raises:
        PolicyCompileError: the bundle does not compile.
        PolicyError: the query is not a data reference or evaluation failed.
    """
    if not query:
        path = AUTOMATED_DECISION_PATH if "decision" in input else ACCESS_PATH
        query = "data." + path.replace("/", ".")
    if not _DATA_REF.match(query):
        raise PolicyError(MESSAGE_BAD_QUERY)
    bundle = load_bundle(bundle_dir)
    opa = _DocumentEngine(bundle, include_tests=False)
    try:
        value = opa.eval_document(query.removeprefix("data."), input)
        defined = True
    except _Undefined:
        value, defined = None, False
    except _EvaluationFailed as exc:
        raise PolicyError(f"evaluation failed: {exc.code}") from None
    finally:
        opa.close()
    decision: PolicyDecision | None
    try:
        decision = parse_decision(value, bundle.revision) if defined else None
    except MalformedDecisionError:
        decision = None
    return EvaluationResult(
        query=query, defined=defined, value=value, decision=decision, revision=bundle.revision
    )


def _duration(ms: float) -> str:
    if ms < 1:
        return f"{ms * 1000:.1f}µs"
    if ms < 1000:
        return f"{ms:.1f}ms"
    return f"{ms / 1000:.2f}s"
