"""Plain data types of the policies package (frozen, typed, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Reason code of every fail-closed decision (engine error, timeout, undefined or malformed).
POLICY_UNAVAILABLE = "policy_unavailable"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reason:
    """Why a decision came out the way it did.

    Attributes:
        code: stable, machine-readable code (e.g. ``purpose_not_allowed``).
        message: human-readable text; never contains personal data.
    """

    code: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyDecision:
    """The one decision shape every caller gets.

    Attributes:
        allow: whether the request or decision may proceed.
        reasons: deny reasons when ``allow`` is False; otherwise the reasons behind
            obligations such as ``human_review`` (may be empty).
        obligations: what the caller must do, e.g. ``restore_pii``, ``human_review``,
            ``explain``.
        revision: content hash of the bundle that decided (written into audit records).
    """

    allow: bool
    reasons: tuple[Reason, ...]
    obligations: tuple[str, ...]
    revision: str

    @property
    def unavailable(self) -> bool:
        """True when the engine failed and the deny is a fail-closed one."""
        return any(reason.code == POLICY_UNAVAILABLE for reason in self.reasons)

    @property
    def reason_codes(self) -> tuple[str, ...]:
        """The reason codes, in order."""
        return tuple(reason.code for reason in self.reasons)


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyConfig:
    """How to build the policy engine.

    Attributes:
        opa_url: base URL of a remote OPA server (``http://host:8181``); empty means
            the in-process engine.
        bundle_dir: directory of the Rego bundle; empty means the bundle shipped in
            ``policies/bundle``.
        timeout_ms: longest time one decision may take before it fails closed.
        push_bundle: remote mode only: push the bundle (policies + data) at start-up and on
            reload; False when the OPA server has it pre-loaded.
        evaluation: in-process mode only: ``"inline"`` (default) evaluates on the event
            loop (about 0.4 ms of CPU per decision) and fails closed when the deadline was
            exceeded; ``"thread"`` evaluates on a dedicated worker thread, so the loop stays
            free and the timeout interrupts the wait, at about 0.2 ms more latency
            (bench/RESULTS_POLICY.md).
        in_process_engine: in-process mode only: ``"regorus"`` (default) or ``"opa"`` (OPA's
            Go engine). OPA's Go engine compiles the bundle in both cases; the conformance
            test checks both decide identically (docs/decisions/0001).
        go_memory_limit_mib: in-process mode only: run OPA's Go runtime with
            ``GOGC=off`` and ``GOMEMLIMIT=<n>MiB``, so it collects garbage only when its
            heap reaches n MiB (the live heap is a few MiB). Set before the engine library
            is first loaded in this process; an operator's GOGC or GOMEMLIMIT wins; 0 keeps
            Go's defaults. Halves the p99 tail (bench/RESULTS_POLICY.md).
        decision_cache_size: in-process mode only: most results kept per loaded bundle,
            keyed by entry point and input (``DecisionCache``); 0 evaluates every decision.
            Ignored for a bundle that calls an impure built-in such as ``time.now_ns``.
    """

    opa_url: str = ""
    bundle_dir: str = ""
    timeout_ms: int = 50
    push_bundle: bool = True
    evaluation: Literal["inline", "thread"] = "inline"
    in_process_engine: Literal["regorus", "opa"] = "regorus"
    go_memory_limit_mib: int = 128
    decision_cache_size: int = 4096


TestOutcome = Literal["PASS", "FAIL", "ERROR"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TestResult:
    """One Rego unit test (a ``test_*`` rule in a ``*_test.rego`` file)."""

    __test__ = False  # not a pytest test class

    file: str
    name: str
    outcome: TestOutcome
    duration_ms: float
    message: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TestReport:
    """Result of ``run_policy_tests``: one entry per Rego test, in file order."""

    __test__ = False

    results: tuple[TestResult, ...]
    revision: str

    @property
    def passed(self) -> int:
        """Number of passing tests."""
        return sum(1 for r in self.results if r.outcome == "PASS")

    @property
    def failed(self) -> int:
        """Number of failing or erroring tests."""
        return len(self.results) - self.passed

    @property
    def ok(self) -> bool:
        """True when there is at least one test and all pass."""
        return bool(self.results) and self.failed == 0
