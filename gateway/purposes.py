"""Declared purposes: only the policy bundle's purpose tokens are accepted.

A purpose is caller-typed text that ends up in the append-only audit log, where
crypto-erasure cannot reach it. So a value that is not one of the bundle's tokens is never
stored or echoed: the call is refused (403, reason ``purpose_unknown``) and the audit record
holds the fixed marker ``invalid``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from gateway.settings import Settings
from policies.loader import load_bundle
from policies.types import PolicyDecision, Reason

INVALID_PURPOSE = "invalid"
PURPOSE_UNKNOWN = "purpose_unknown"
ERR_PURPOSE_UNKNOWN = "the declared purpose is not one of the policy's purpose tokens"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))


def purpose_tokens(governance: Mapping[str, Any]) -> frozenset[str]:
    """Every purpose the policy data names (services' models, decision models, ``purposes``)."""
    found: set[str] = set(_strings(governance.get("purposes")))
    services = governance.get("services", {})
    for service in services.values() if isinstance(services, dict) else ():
        if not isinstance(service, dict):
            continue
        found.update(_strings(service.get("restore_pii_purposes")))
        models = service.get("models", {})
        for entry in models.values() if isinstance(models, dict) else ():
            if isinstance(entry, dict):
                found.update(_strings(entry.get("purposes")))
    decisions = governance.get("automated_decisions", {})
    models = decisions.get("models", {}) if isinstance(decisions, dict) else {}
    for entry in models.values() if isinstance(models, dict) else ():
        if isinstance(entry, dict):
            found.update(_strings(entry.get("purposes")))
    return frozenset(found)


def unknown_purpose_decision(revision: str) -> PolicyDecision:
    """The refusal recorded for a purpose outside the tokens (the value is not in it)."""
    return PolicyDecision(
        allow=False,
        reasons=(Reason(code=PURPOSE_UNKNOWN, message=ERR_PURPOSE_UNKNOWN),),
        obligations=(),
        revision=revision,
    )


@dataclass
class PurposeTokens:
    """The tokens of the loaded bundle, re-read when the policy revision changes."""

    _revision: str = ""
    _tokens: frozenset[str] = field(default_factory=frozenset)

    async def known(self, settings: Settings, revision: str, purpose: str) -> bool:
        if revision != self._revision or not self._tokens:
            bundle = await asyncio.to_thread(load_bundle, settings.policy.bundle_dir)
            governance = bundle.data.get("governance", {})
            self._tokens = purpose_tokens(governance if isinstance(governance, dict) else {})
            self._revision = revision
        return purpose in self._tokens
