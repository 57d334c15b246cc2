"""Policy engines: the ``PolicyEngine`` protocol and its two implementations.

- ``InProcessPolicyEngine`` evaluates the bundle in this process with regorus (default) or
  OPA's own Go engine through ``opa_bindings``; OPA's engine always compiles it (see
  docs/decisions/0001-in-process-policy-engine.md).
- ``RemotePolicyEngine`` asks an OPA server over its REST API through opa-python-client's
  ``AsyncOpaClient``; it pushes the bundle at start-up unless the server has it pre-loaded.

Both fail closed: ``decide_*`` never raise for evaluation problems. An engine error, a
timeout, an undefined or a malformed result give ``allow=False`` with the single reason
``policy_unavailable``; such decisions are counted apart from real denials (``stats``).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

import structlog

from policies.errors import PolicyCompileError, PolicyError, PolicyUnavailableError
from policies.loader import (
    ACCESS_PATH,
    AUTOMATED_DECISION_PATH,
    ENTRYPOINTS,
    MESSAGE_ENTRYPOINT_UNDEFINED,
    Bundle,
    RegoModule,
    compile_error_from_message,
    load_bundle,
)
from policies.types import POLICY_UNAVAILABLE, PolicyConfig, PolicyDecision, Reason

_log = structlog.get_logger("policies")

MESSAGE_ERROR = "the policy engine failed; the request is refused"
MESSAGE_TIMEOUT = "the policy decision timed out; the request is refused"
MESSAGE_UNDEFINED = "the policy gave no decision; the request is refused"
MESSAGE_MALFORMED = "the policy gave a malformed decision; the request is refused"
MESSAGE_BAD_INPUT = "the policy input is not a JSON object; the request is refused"
MESSAGE_CLOSED = "the policy engine is closed"
MESSAGE_THREAD_NEEDS_OPA = (
    'evaluation = "thread" needs in_process_engine = "opa": regorus holds the GIL while it '
    "evaluates, so a worker thread would not keep the event loop free"
)
MESSAGE_BAD_OPA_URL = "opa_url must look like http://host:port"
MESSAGE_OPA_ABSENT = (
    "OPA's Go engine (opa-golib-python-bindings) is not installed: the policy bundle is "
    "compiled and evaluated by regorus alone (docs/decisions/0060)"
)
MESSAGE_OPA_REQUIRED = (
    'in_process_engine = "opa" needs OPA\'s Go engine, which is not installed: '
    'use "regorus" or install opa-golib-python-bindings (docs/decisions/0060)'
)

MESSAGE_PUSH_FAILED = "could not push the policy bundle to OPA ({cause})"

#: Policy id prefix under which the bundle's modules are pushed to a remote OPA.
REMOTE_POLICY_PREFIX = "leitplanke"
#: Waits between push attempts at start-up; None marks the last attempt.
PUSH_RETRY_DELAYS_S: tuple[float | None, ...] = (0.2, 0.5, None)


@runtime_checkable
class PolicyEngine(Protocol):
    """What the gateway calls. Build one with ``build_policy_engine``."""

    @property
    def revision(self) -> str:
        """Content hash of the active bundle (``sha256:<hex>``)."""
        ...

    @property
    def stats(self) -> PolicyStats:
        """Decision counters since start (fail-closed counted apart from denials)."""
        ...

    @property
    def data(self) -> Mapping[str, Any]:
        """The active bundle's data document: what the engine decides with (read-only)."""
        ...

    async def start(self) -> None:
        """Connects and (remote) pushes the bundle. Idempotent; decide_* call it lazily."""
        ...

    async def decide_access(self, input: Mapping[str, Any]) -> PolicyDecision:
        """Decides a request to an AI model (``data.leitplanke.access.decision``)."""
        ...

    async def decide_automated_decision(self, input: Mapping[str, Any]) -> PolicyDecision:
        """Decides an eligibility decision (``data.leitplanke.automated_decision.decision``)."""
        ...

    async def ready(self) -> bool:
        """True when the engine can decide now."""
        ...

    async def reload(self) -> str:
        """Re-reads and recompiles the bundle and returns the new revision.

        Raises:
            PolicyCompileError: the new bundle does not compile; the previous one stays.
        """
        ...

    async def aclose(self) -> None:
        """Releases the engine; later decisions fail closed."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyStats:
    """Counters of one engine since it was built."""

    decisions: int
    allowed: int
    denied: int
    unavailable: int
    reloads: int


def build_policy_engine(
    config: PolicyConfig, *, on_cache_lookup: Callable[[bool], None] | None = None
) -> PolicyEngine:
    """Builds the engine selected by the configuration.

    The bundle is always read and compiled in-process first, so a broken policy file
    stops start-up with file, line and message, in remote mode as well.

    Args:
        config: ``opa_url`` empty selects the in-process engine.
        on_cache_lookup: in-process engine only: told ``True`` (hit) or ``False`` (miss) for
            every decision looked up in its ``DecisionCache`` (the server's metrics).

    Returns:
        A ready-to-use engine; call ``await engine.start()`` in the application lifespan.

    Raises:
        PolicyCompileError: a bundle file does not compile.
        PolicyError: the configuration is invalid.
    """
    if config.opa_url:
        return RemotePolicyEngine(config=config)
    return InProcessPolicyEngine(config=config, on_cache_lookup=on_cache_lookup)


def unavailable_decision(revision: str, message: str) -> PolicyDecision:
    """The fail-closed decision."""
    return PolicyDecision(
        allow=False,
        reasons=(Reason(code=POLICY_UNAVAILABLE, message=message),),
        obligations=(),
        revision=revision,
    )


class MalformedDecisionError(PolicyUnavailableError):
    """The policy's result does not have the decision shape."""


def parse_decision(value: object, revision: str) -> PolicyDecision:
    """Validates a rule set's result and turns it into a ``PolicyDecision``.

    Raises:
        MalformedDecisionError: anything but ``{"allow": bool, "reasons": [{"code": str,
            "message": str}], "obligations": [str]}``.
    """
    if not isinstance(value, dict):
        raise MalformedDecisionError("result is not an object")
    allow = value.get("allow")
    reasons = value.get("reasons")
    obligations = value.get("obligations")
    if not isinstance(allow, bool):
        raise MalformedDecisionError("allow is not a boolean")
    if not isinstance(reasons, list) or not isinstance(obligations, list):
        raise MalformedDecisionError("reasons or obligations is not a list")
    parsed: list[Reason] = []
    for item in reasons:
        if not isinstance(item, dict):
            raise MalformedDecisionError("a reason is not an object")
        code, message = item.get("code"), item.get("message")
        if not isinstance(code, str) or not code or not isinstance(message, str):
            raise MalformedDecisionError("a reason lacks code or message")
        parsed.append(Reason(code=code, message=message))
    if not all(isinstance(o, str) and o for o in obligations):
        raise MalformedDecisionError("an obligation is not a string")
    if not allow and not parsed:
        raise MalformedDecisionError("a denial without reasons")
    return PolicyDecision(
        allow=allow, reasons=tuple(parsed), obligations=tuple(obligations), revision=revision
    )


@dataclass(frozen=True, slots=True)
class PolicyInput:
    """A decision's input, checked once: the plain object and its JSON text."""

    document: dict[str, Any]
    json_text: str


def _plain_input(input: Mapping[str, Any]) -> PolicyInput:
    """A JSON-proof copy of the input (raises TypeError/ValueError if it is not JSON)."""
    if not isinstance(input, Mapping):
        raise TypeError("input is not a mapping")
    plain = dict(input)
    return PolicyInput(plain, json.dumps(plain, allow_nan=False, separators=(",", ":")))


class _Counters:
    def __init__(self) -> None:
        self.decisions = 0
        self.allowed = 0
        self.denied = 0
        self.unavailable = 0
        self.reloads = 0

    def count(self, decision: PolicyDecision) -> None:
        self.decisions += 1
        if decision.unavailable:
            self.unavailable += 1
        elif decision.allow:
            self.allowed += 1
        else:
            self.denied += 1

    def snapshot(self) -> PolicyStats:
        return PolicyStats(
            decisions=self.decisions,
            allowed=self.allowed,
            denied=self.denied,
            unavailable=self.unavailable,
            reloads=self.reloads,
        )


class _FailClosedEngine:
    """Shared decide_* logic: timeout, validation, fail-closed mapping, counters."""

    def __init__(self, *, config: PolicyConfig, bundle: Bundle) -> None:
        if config.timeout_ms <= 0:
            raise PolicyError("timeout_ms must be positive")
        self._config = config
        self._timeout_s = config.timeout_ms / 1000
        self._revision = bundle.revision
        self._data: Mapping[str, Any] = MappingProxyType(dict(bundle.data))
        self._counters = _Counters()
        self._closed = False

    @property
    def revision(self) -> str:
        return self._revision

    @property
    def stats(self) -> PolicyStats:
        return self._counters.snapshot()

    @property
    def data(self) -> Mapping[str, Any]:
        return self._data

    async def decide_access(self, input: Mapping[str, Any]) -> PolicyDecision:
        return await self._decide(ACCESS_PATH, input)

    async def decide_automated_decision(self, input: Mapping[str, Any]) -> PolicyDecision:
        return await self._decide(AUTOMATED_DECISION_PATH, input)

    async def _evaluate(self, path: str, input: PolicyInput) -> tuple[object, str]:
        """Returns (result document, revision it was evaluated with); raises on failure."""
        raise NotImplementedError

    async def _decide(self, path: str, input: Mapping[str, Any]) -> PolicyDecision:
        revision = self._revision
        started = time.perf_counter()
        try:
            plain = _plain_input(input)
        except (TypeError, ValueError):
            return self._fail(path, revision, "bad_input", MESSAGE_BAD_INPUT)
        try:
            async with asyncio.timeout(self._timeout_s):
                value, revision = await self._evaluate(path, plain)
        except TimeoutError:
            return self._fail(path, revision, "timeout", MESSAGE_TIMEOUT)
        except _Undefined:
            return self._fail(path, revision, "undefined", MESSAGE_UNDEFINED)
        except Exception as exc:  # fail closed on anything the engine throws
            return self._fail(path, revision, type(exc).__name__, MESSAGE_ERROR)
        # A CPU-bound inline evaluation cannot be interrupted; enforce the deadline after.
        if time.perf_counter() - started > self._timeout_s:
            return self._fail(path, revision, "timeout", MESSAGE_TIMEOUT)
        try:
            decision = parse_decision(value, revision)
        except MalformedDecisionError as exc:
            return self._fail(path, revision, f"malformed: {exc}", MESSAGE_MALFORMED)
        self._counters.count(decision)
        return decision

    async def _probe(self) -> bool:
        """Evaluates the access entry point on an empty input, uncounted."""
        try:
            async with asyncio.timeout(max(self._timeout_s, 1.0)):
                value, revision = await self._evaluate(ACCESS_PATH, PolicyInput({}, "{}"))
            parse_decision(value, revision)
        except Exception:
            return False
        return True

    def _fail(self, path: str, revision: str, cause: str, message: str) -> PolicyDecision:
        decision = unavailable_decision(revision, message)
        self._counters.count(decision)
        # Only the cause class is logged: engine messages may quote input values.
        _log.warning("policy_unavailable", entrypoint=path, cause=cause, revision=revision)
        return decision


class _Undefined(PolicyUnavailableError):
    """The queried document is undefined."""


# --- in-process (OPA Go engine via opa_bindings) ---------------------------------------


def configure_go_runtime(memory_limit_mib: int) -> None:
    """Tunes the garbage collector of OPA's Go runtime before its library is loaded.

    With ``GOGC=off`` and ``GOMEMLIMIT`` the Go runtime collects only when its heap
    reaches the limit, instead of every time it doubles a live heap of a few MiB; that
    removes most collections from the decision path. The runtime reads both variables
    once, when ``libopabridge.so`` is loaded by the first ``OpaEngine()``; later calls
    have no effect, and values an operator has set are kept.
    """
    if memory_limit_mib <= 0 or "GOGC" in os.environ or "GOMEMLIMIT" in os.environ:
        return
    os.environ["GOGC"] = "off"
    os.environ["GOMEMLIMIT"] = f"{memory_limit_mib}MiB"


def opa_go_engine_available() -> bool:
    """True when OPA's Go engine (module ``opa_bindings``) can be imported.

    It is an optional extra (docs/decisions/0060): a plain ``pip install leitplanke`` has
    regorus only, and OPA's engine adds its compiler as a second check when present.
    """
    return importlib.util.find_spec("opa_bindings") is not None


def check_bundle(bundle: Bundle, *, include_tests: bool = False) -> str:
    """Compiles ``bundle`` once to find errors; returns the checking engine's name.

    OPA's Go engine when installed (OPA v1 rules, safety and type checks, ``file:line``
    messages), regorus otherwise. Both check that the decision entry points are declared.

    Raises:
        PolicyCompileError: with the first error's file, line and message.
    """
    if opa_go_engine_available():
        compile_bundle(bundle, include_tests=include_tests).close()
        return "opa"
    _log.warning("policy_opa_engine_absent", notice=MESSAGE_OPA_ABSENT)
    regorus_engine(bundle, include_tests=include_tests)
    _require_entrypoints(bundle)
    return "regorus"


def regorus_engine(bundle: Bundle, *, include_tests: bool = False) -> Any:
    """A fresh ``regorus.Engine`` with the bundle's modules and data loaded.

    Raises:
        PolicyCompileError: regorus refuses a module.
    """
    import regorus

    engine = regorus.Engine()
    try:
        for module in bundle.modules:
            if include_tests or not module.is_test:
                engine.add_policy(module.path, module.source)
        engine.add_data_json(json.dumps(dict(bundle.data)))
    except RuntimeError as exc:
        raise regorus_compile_error(str(exc)) from None
    return engine


_REGORUS_LOCATION = re.compile(r"-->\s*(?P<file>[^\s:][^:\n]*):(?P<line>\d+):\d+")
_REGORUS_MESSAGE = re.compile(r"^error:\s*(?P<message>.+)$", re.MULTILINE)


def regorus_compile_error(text: str) -> PolicyCompileError:
    """regorus reports ``--> file:line:col``, a source excerpt and ``error: message``."""
    text = _first_line(text)
    location = _REGORUS_LOCATION.search(text)
    message = _REGORUS_MESSAGE.search(text)
    if location is None or message is None:
        return compile_error_from_message(text)
    return PolicyCompileError(
        location.group("file"), int(location.group("line")), message.group("message").strip()
    )


def _require_entrypoints(bundle: Bundle) -> None:
    missing = [path for path in ENTRYPOINTS if not _defines(bundle, path)]
    if missing:
        dotted = missing[0].replace("/", ".")
        raise PolicyCompileError("", 0, MESSAGE_ENTRYPOINT_UNDEFINED.format(path=dotted))


def compile_bundle(bundle: Bundle, *, include_tests: bool = False) -> Any:
    """Compiles a bundle into a fresh ``opa_bindings.OpaEngine``.

    Every module is parsed and the whole bundle is compiled (type check, safety) under
    OPA v1 rules; both decision entry points must be declared.

    Returns:
        The engine (an ``opa_bindings.OpaEngine``); the caller closes it.

    Raises:
        PolicyCompileError: with the first error's file, line and message.
    """
    from opa_bindings import OpaEngine, OpaError

    engine = OpaEngine()
    engine.print_handler = _drop_print
    try:
        for module in bundle.modules:
            if include_tests or not module.is_test:
                engine.add_policy(module.path, module.source)
        engine.add_data(dict(bundle.data))
        engine.eval_query("true")  # activates (compiles) the whole bundle
    except OpaError as exc:
        engine.close()
        if exc.code in ("parse_error", "prepare_error", "compile_error"):
            raise compile_error_from_message(exc.message) from None
        raise compile_error_from_message(f"{exc.code}: {exc.message}") from None
    except BaseException:
        engine.close()
        raise
    try:
        _require_entrypoints(bundle)
    except PolicyCompileError:
        engine.close()
        raise
    for path in ENTRYPOINTS:  # prepares (and caches) the queries: first decisions are fast
        try:
            engine.eval_document(path.replace("/", "."), {})
        except OpaError:
            pass
    return engine


def _defines(bundle: Bundle, path: str) -> bool:
    """True when a policy module of the bundle declares the rule at ``path``."""
    package, _, rule = path.rpartition("/")
    package_line = re.compile(rf"^package\s+{re.escape(package.replace('/', '.'))}\s*$", re.M)
    rule_head = re.compile(rf"^(default\s+)?{re.escape(rule)}\b", re.M)
    return any(
        package_line.search(m.source) and rule_head.search(m.source) for m in bundle.policy_modules
    )


def _drop_print(message: str, location: str) -> None:
    """Rego print() output may contain input values; it is never written anywhere."""


class _Evaluator(Protocol):
    """One compiled bundle in one in-process engine library."""

    def evaluate(self, path: str, input: PolicyInput) -> object:
        """The document at ``data.<path>``; raises ``_Undefined`` when it is undefined."""
        ...

    def warm_up(self) -> None:
        """Prepares the calling thread, so its first decision is as fast as later ones."""
        ...

    def close(self) -> None: ...


class _OpaEvaluator:
    """OPA's Go engine (``opa_bindings``): the reference semantics."""

    def __init__(self, opa: Any) -> None:
        self._opa = opa

    def evaluate(self, path: str, input: PolicyInput) -> object:
        from opa_bindings import OpaUndefinedError

        try:
            return self._opa.eval_document(path.replace("/", "."), input.document)
        except OpaUndefinedError:
            raise _Undefined(path) from None

    def warm_up(self) -> None:
        return None  # compile_bundle prepared the entry points already

    def close(self) -> None:
        self._opa.close()


class _RegorusEvaluator:
    """regorus, the Rust Rego interpreter (``gordon-to-regorus``).

    A regorus engine may only be used by the thread that created it, and it keeps the
    input as state between ``set_input_json`` and ``eval_rule``. So every evaluating
    thread gets its own engine, compiled on its first decision (``warm_up`` does that
    ahead of time): the event loop in inline mode, the one policy worker in thread mode.
    """

    def __init__(self, bundle: Bundle) -> None:
        self._bundle = bundle
        self._rules = {path: "data." + path.replace("/", ".") for path in ENTRYPOINTS}
        self._local = threading.local()
        self._new_engine()  # accepted by OPA but refused by regorus: fail here, not later

    def _new_engine(self) -> Any:
        return regorus_engine(self._bundle)

    def _engine(self) -> Any:
        engine = getattr(self._local, "engine", None)
        if engine is None:
            engine = self._local.engine = self._new_engine()
        return engine

    def warm_up(self) -> None:
        """Compiles this thread's engine and evaluates each entry point once."""
        for path in ENTRYPOINTS:
            with contextlib.suppress(Exception):
                self.evaluate(path, PolicyInput({}, "{}"))

    def evaluate(self, path: str, input: PolicyInput) -> object:
        engine = self._engine()
        engine.set_input_json(input.json_text)
        value = engine.eval_rule(self._rules.get(path) or "data." + path.replace("/", "."))
        if value is None:  # regorus returns None for an undefined document
            raise _Undefined(path)
        return value

    def close(self) -> None:
        """Drops this thread's engine (other threads' engines go with their thread)."""
        self._local.__dict__.pop("engine", None)


def _first_line(message: str) -> str:
    """regorus appends a Rust backtrace to its messages when RUST_BACKTRACE is set."""
    return message.split("\nStack backtrace:", 1)[0].strip()


def build_evaluator(bundle: Bundle, engine: str) -> _Evaluator:
    """Compiles ``bundle`` for the in-process engine named ``engine`` ("regorus" or "opa").

    OPA's Go engine, when installed, compiles the bundle first, so a broken file stops
    start-up or a reload with OPA's file, line and message, whichever engine then
    evaluates. Without it regorus alone compiles and evaluates (docs/decisions/0060): a
    one-line notice says so, and ``"opa"`` is refused with a message naming the fix.
    """
    if engine not in ("regorus", "opa"):
        raise PolicyError(f"unknown in-process policy engine {engine!r}")
    if not opa_go_engine_available():
        if engine == "opa":
            raise PolicyError(MESSAGE_OPA_REQUIRED)
        _log.warning("policy_opa_engine_absent", notice=MESSAGE_OPA_ABSENT)
        evaluator = _RegorusEvaluator(bundle)
        _require_entrypoints(bundle)
        return evaluator
    opa = compile_bundle(bundle)
    if engine == "opa":
        return _OpaEvaluator(opa)
    opa.close()
    return _RegorusEvaluator(bundle)


#: Rego built-ins whose result depends on something besides input and data (the clock, the
#: network, randomness, the runtime). A bundle that calls one is never served from the cache.
_IMPURE_BUILTIN = re.compile(
    r"\b(?:time\.now_ns|http\.send|rand\.intn|uuid\.rfc4122|opa\.runtime|net\.lookup_ip_addr"
    r"|io\.jwt\.decode_verify|crypto\.x509\.parse_and_verify_certificates\w*)\s*\("
)


def is_deterministic(bundle: Bundle) -> bool:
    """True when the bundle's decisions depend only on input and data (no impure built-in)."""
    return not any(_IMPURE_BUILTIN.search(m.source) for m in bundle.policy_modules)


class DecisionCache:
    """Results of one compiled bundle, keyed by entry point and the input's JSON text.

    Exact by construction: a deterministic bundle maps the same input and data to the same
    result, and a reload brings a new cache with the new evaluator. Requests of one service,
    model and purpose without personal data send identical access inputs, so most access
    decisions are lookups (bench/RESULTS_POLICY.md); decision inputs carry a score and
    mostly miss. When full, the oldest entry goes (insertion order). Policy inputs carry
    entity types and counts, never personal values, so the cache holds none either.
    """

    def __init__(self, max_entries: int) -> None:
        self._max = max_entries
        self._values: dict[tuple[str, str], object] = {}
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self._max > 0

    def get(self, path: str, input: PolicyInput) -> object | None:
        value = self._values.get((path, input.json_text))
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, path: str, input: PolicyInput, value: object) -> None:
        if not self.enabled:
            return
        if len(self._values) >= self._max:
            del self._values[next(iter(self._values))]
        self._values[(path, input.json_text)] = value


class InProcessPolicyEngine(_FailClosedEngine):
    """Evaluates the bundle inside this process.

    The evaluating library is ``PolicyConfig.in_process_engine``: regorus by default
    (p99 below 1 ms on our 2-core VM, where OPA's Go engine misses it), or OPA's Go
    engine; docs/decisions/0001 has the evidence. OPA's Go engine compiles the bundle
    in both cases, and CI's conformance test checks that both give identical decisions.

    By default a decision is evaluated on the event loop: it takes about 0.4-0.7 ms of
    CPU, and a hop to a worker thread adds about 0.2 ms (bench/RESULTS_POLICY.md). The
    deadline is then checked afterwards. With ``PolicyConfig.evaluation="thread"`` it
    runs on one dedicated worker thread instead: the loop stays free and the timeout
    interrupts the wait.
    """

    def __init__(
        self,
        *,
        config: PolicyConfig,
        on_cache_lookup: Callable[[bool], None] | None = None,
    ) -> None:
        if config.evaluation == "thread" and config.in_process_engine != "opa":
            raise PolicyError(MESSAGE_THREAD_NEEDS_OPA)
        bundle = load_bundle(config.bundle_dir)
        configure_go_runtime(config.go_memory_limit_mib)
        self._evaluator = build_evaluator(bundle, config.in_process_engine)
        super().__init__(config=config, bundle=bundle)
        self._cache = self._new_cache(bundle)
        self._on_cache_lookup = on_cache_lookup
        self._executor: ThreadPoolExecutor | None = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="leitplanke-policy")
            if config.evaluation == "thread"
            else None
        )
        self._reload_lock = asyncio.Lock()
        self._warmed = False

    async def start(self) -> None:
        if not self._warmed:
            await self._run(self._evaluator.warm_up)
            self._warmed = True

    async def ready(self) -> bool:
        if self._closed:
            return False
        return await self._probe()

    async def reload(self) -> str:
        async with self._reload_lock:
            if self._closed:
                raise PolicyError(MESSAGE_CLOSED)
            loop = asyncio.get_running_loop()
            bundle = await loop.run_in_executor(None, load_bundle, self._config.bundle_dir)
            new = await loop.run_in_executor(
                None, build_evaluator, bundle, self._config.in_process_engine
            )
            await self._run(new.warm_up)  # on the thread that will evaluate with it
            old, self._evaluator, self._revision = self._evaluator, new, bundle.revision
            self._data = MappingProxyType(dict(bundle.data))
            self._cache = self._new_cache(bundle)
            self._counters.reloads += 1
            await self._run(old.close)  # after evaluations already queued on the old engine
            _log.info("policy_reloaded", revision=bundle.revision)
            return bundle.revision

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        await self._run(self._evaluator.close)
        if self._executor is not None:
            self._executor.shutdown(wait=False)

    def _new_cache(self, bundle: Bundle) -> DecisionCache:
        deterministic = is_deterministic(bundle)
        if not deterministic:
            _log.info("policy_decision_cache_off", reason="impure_builtin")
        return DecisionCache(self._config.decision_cache_size if deterministic else 0)

    @property
    def cache(self) -> DecisionCache:
        return self._cache

    async def _evaluate(self, path: str, input: PolicyInput) -> tuple[object, str]:
        if self._closed:
            raise PolicyUnavailableError(MESSAGE_CLOSED)
        # Taken together, so a result of the old bundle never lands in the new bundle's cache.
        evaluator, revision, cache = self._evaluator, self._revision, self._cache
        value = cache.get(path, input)
        if self._on_cache_lookup is not None and cache.enabled:
            # Observability must never change a decision: a failing hook is ignored.
            with contextlib.suppress(Exception):
                self._on_cache_lookup(value is not None)
        if value is None:
            value = await self._run(lambda: evaluator.evaluate(path, input))
            cache.put(path, input, value)
        return value, revision

    async def _run(self, fn: Callable[[], Any]) -> Any:
        if self._executor is None:
            return fn()
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)


# --- remote (OPA REST API via AsyncOpaClient) ------------------------------------------


class RemotePolicyEngine(_FailClosedEngine):
    """Asks a remote OPA server; one ``AsyncOpaClient`` (one HTTP connection pool).

    At start-up (and on reload) the bundle's policies are pushed with
    ``PUT /v1/policies/leitplanke/<file>`` and its data with ``PUT /v1/data/<key>``,
    unless ``PolicyConfig.push_bundle`` is False (the server has the bundle pre-loaded).
    The bundle is compiled locally first, so the revision is the hash of the bundle
    this gateway pushed or expects.
    """

    def __init__(self, *, config: PolicyConfig) -> None:
        parts = urlsplit(config.opa_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PolicyError(MESSAGE_BAD_OPA_URL)
        bundle = load_bundle(config.bundle_dir)
        check_bundle(bundle)  # file/line errors at start-up, as in-process
        super().__init__(config=config, bundle=bundle)
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 8181)
        self._ssl = parts.scheme == "https"
        self._bundle = bundle
        self._pushed_ids: tuple[str, ...] = ()
        self._client: Any = None
        self._started = False
        self._start_lock = asyncio.Lock()

    async def start(self) -> None:
        async with self._start_lock:
            if self._started:
                return
            if self._closed:
                raise PolicyError(MESSAGE_CLOSED)
            from opa_client import AsyncOpaClient

            client = AsyncOpaClient(
                host=self._host,
                port=self._port,
                ssl=self._ssl,
                retries=0,  # decisions have a 50 ms budget; the push retries below
                timeout=max(5.0, self._timeout_s),
            )
            await client.__aenter__()  # opens the client's one aiohttp session (pool)
            self._client = client
            try:
                if self._config.push_bundle:
                    await self._push_with_retries(self._bundle)
            except BaseException:
                self._client = None
                await client.close_connection()
                raise
            self._started = True

    async def _push_with_retries(self, bundle: Bundle) -> None:
        """Pushes the bundle; an unreachable server is retried a few times (start-up races)."""
        for delay in PUSH_RETRY_DELAYS_S:
            try:
                await self._push(bundle)
                return
            except PolicyError:
                raise
            except Exception as exc:
                if delay is None:
                    raise PolicyUnavailableError(
                        MESSAGE_PUSH_FAILED.format(cause=type(exc).__name__)
                    ) from exc
                await asyncio.sleep(delay)

    async def ready(self) -> bool:
        if self._closed:
            return False
        try:
            await self.start()
            healthy = bool(await self._client.check_health())
        except Exception:
            return False
        if not healthy:
            return False
        return await self._probe()

    async def reload(self) -> str:
        async with self._start_lock:
            if self._closed:
                raise PolicyError(MESSAGE_CLOSED)
            loop = asyncio.get_running_loop()
            bundle = await loop.run_in_executor(None, load_bundle, self._config.bundle_dir)
            await loop.run_in_executor(None, check_bundle, bundle)
            if self._started and self._config.push_bundle:
                try:
                    await self._push(bundle)
                except Exception as exc:
                    with contextlib.suppress(Exception):
                        await self._push(self._bundle)  # restore what was active
                    if isinstance(exc, PolicyError):
                        raise
                    raise PolicyUnavailableError(
                        MESSAGE_PUSH_FAILED.format(cause=type(exc).__name__)
                    ) from exc
            self._bundle, self._revision = bundle, bundle.revision
            self._data = MappingProxyType(dict(bundle.data))
            self._counters.reloads += 1
            _log.info("policy_reloaded", revision=bundle.revision, remote=True)
            return bundle.revision

    async def aclose(self) -> None:
        self._closed = True
        if self._client is not None:
            await self._client.close_connection()
            self._client = None

    async def _evaluate(self, path: str, input: PolicyInput) -> tuple[object, str]:
        if self._closed:
            raise PolicyUnavailableError(MESSAGE_CLOSED)
        if not self._started:
            await self.start()
        revision = self._revision
        package, _, rule = path.rpartition("/")
        response = await self._client.query_rule(
            input_data=input.document, package_path=package, rule_name=rule
        )
        if not isinstance(response, dict) or "result" not in response:
            raise _Undefined(path)
        return response["result"], revision

    async def _push(self, bundle: Bundle) -> None:
        """Pushes data, then policies; removes policies of the previous push.

        OPA compiles every ``PUT /v1/policies`` against the modules it already has, so a
        module whose imports are not there yet is retried after the others (passes
        until no progress; the first remaining error is raised).
        """
        from opa_client.errors import RegoParseError

        for key, value in bundle.data.items():
            await self._client.update_or_create_data(value, key)
        pending = _dependency_order(bundle.policy_modules)
        while pending:
            failed: list[tuple[RegoModule, Exception]] = []
            for module in pending:
                try:
                    await self._client.update_policy_from_string(
                        module.source, f"{REMOTE_POLICY_PREFIX}/{module.path}", rego_compat=False
                    )
                except RegoParseError as exc:
                    failed.append((module, exc))
            if len(failed) == len(pending):
                first_module, first_error = failed[0]
                raise _remote_compile_error(first_module.path, first_error) from None
            pending = [module for module, _ in failed]
        ids = [f"{REMOTE_POLICY_PREFIX}/{m.path}" for m in bundle.policy_modules]
        for stale in set(self._pushed_ids) - set(ids):
            await self._client.delete_policy(stale)
        self._pushed_ids = tuple(ids)


_IMPORT = re.compile(r"^import\s+data\.([\w.]+)", re.MULTILINE)
_PACKAGE_DECL = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)


def _dependency_order(modules: tuple[RegoModule, ...]) -> list[RegoModule]:
    """Modules ordered so that imported packages come first (ties: path order)."""
    package_of = {m.path: (_PACKAGE_DECL.findall(m.source) or [""])[0] for m in modules}
    ordered: list[RegoModule] = []
    placed: set[str] = set()
    remaining = list(modules)
    while remaining:
        for module in remaining:
            needs = {
                p
                for p in package_of.values()
                if p
                and p != package_of[module.path]
                and any(i == p or i.startswith(p + ".") for i in _IMPORT.findall(module.source))
            }
            if needs <= placed:
                break
        else:
            module = remaining[0]  # a cycle: the retry loop in _push sorts it out
        remaining.remove(module)
        ordered.append(module)
        placed.add(package_of[module.path])
    return ordered


def _remote_compile_error(path: str, exc: Exception) -> PolicyCompileError:
    errors = getattr(exc, "errors", None) or []
    for error in errors:
        if isinstance(error, dict):
            location = error.get("location") or {}
            return PolicyCompileError(
                path, int(location.get("row", 0) or 0), str(error.get("message", ""))
            )
    return PolicyCompileError(path, 0, str(getattr(exc, "message", exc)))
