"""Policies as code: the Rego bundle and the engines that evaluate it.

The gateway builds one engine at start-up and asks it for every request::

    engine = build_policy_engine(PolicyConfig(opa_url=settings.opa_url))
    await engine.start()
    decision = await engine.decide_access(access_input)
    if not decision.allow: ...   # decision.reasons, decision.unavailable

Error hierarchy:
    PolicyError              base of everything this package raises
    ├── PolicyCompileError   a Rego file does not compile (file, line, message)
    └── PolicyUnavailableError  evaluation failed, timed out or was undefined
"""

from policies.engines import PolicyEngine, PolicyStats, build_policy_engine
from policies.errors import PolicyCompileError, PolicyError, PolicyUnavailableError
from policies.types import POLICY_UNAVAILABLE, PolicyConfig, PolicyDecision, Reason

__all__ = [
    "POLICY_UNAVAILABLE",
    "PolicyCompileError",
    "PolicyConfig",
    "PolicyDecision",
    "PolicyEngine",
    "PolicyError",
    "PolicyStats",
    "PolicyUnavailableError",
    "Reason",
    "build_policy_engine",
]
