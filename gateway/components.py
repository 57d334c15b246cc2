"""Builds every engine and store once at start-up and closes them at shutdown.

Heavy engines (Presidio, the policy bundle) are built in worker threads so start-up does not
block the event loop for other apps in tests. Nothing here runs at import time.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import structlog

from audit_log.stores import AuditStore
from gateway.audit_store import open_audit_store_for
from gateway.keys import KeyStore, open_key_store
from gateway.settings import Settings
from gateway.upstream import Upstream, build_upstream
from pii.engine import PresidioRedactor, build_redactor
from pii.types import PiiConfig
from policies.engines import PolicyEngine, build_policy_engine
from policies.types import PolicyConfig

log = structlog.get_logger("leitplanke.components")


@dataclass(kw_only=True)
class Components:
    """The long-lived parts the request pipelines use."""

    settings: Settings
    redactor: PresidioRedactor
    policy: PolicyEngine
    audit: AuditStore
    keys: KeyStore
    upstreams: dict[str, Upstream] = field(default_factory=dict)  # by upstream name

    def upstream_for(self, model: str) -> Upstream | None:
        upstream_settings = self.settings.upstream_for_model(model)
        if upstream_settings is None:
            return None
        return self.upstreams.get(upstream_settings.name)

    async def readiness(self) -> dict[str, bool]:
        """Each component's health; the gateway is ready only if all are True."""

        async def guarded(check: Any) -> bool:
            try:
                return bool(await asyncio.wait_for(check, timeout=2.0))
            except Exception:  # readiness must answer, never raise
                return False

        pii_ok, policy_ok, audit_ok, keys_ok = await asyncio.gather(
            guarded(asyncio.to_thread(self.redactor.ping)),
            guarded(self.policy.ready()),
            guarded(self.audit.ping()),
            guarded(self.keys.ping()),
        )
        return {"pii": pii_ok, "policy": policy_ok, "audit_store": audit_ok, "key_store": keys_ok}


def pii_config(settings: Settings) -> PiiConfig:
    pii = settings.pii
    return PiiConfig(
        languages=tuple(pii.languages),
        score_threshold=pii.score_threshold,
        phone_regions=tuple(pii.phone_regions),
        max_text_chars=pii.max_text_chars,
        nlp_cache_dir=pii.nlp_cache_dir,
        spacy_ner_model=pii.spacy_ner_model,
    )


def policy_config(settings: Settings) -> PolicyConfig:
    return PolicyConfig(
        opa_url=settings.policy.opa_url,
        bundle_dir=settings.policy.bundle_dir,
        timeout_ms=settings.policy.timeout_ms,
    )


async def build_components(settings: Settings) -> Components:
    """Build everything; a failure here stops start-up with a clear message."""
    redactor_task = asyncio.create_task(asyncio.to_thread(build_redactor, pii_config(settings)))
    policy = await asyncio.to_thread(build_policy_engine, policy_config(settings))
    await policy.start()
    audit = open_audit_store_for(settings)
    await audit.open()
    keys = open_key_store(settings.database.url, pepper=settings.auth.key_pepper)
    await keys.open()
    upstreams = {u.name: build_upstream(u) for u in settings.upstreams}
    redactor = await redactor_task
    log.info("components.ready", upstreams=sorted(upstreams), policy_revision=policy.revision)
    return Components(
        settings=settings,
        redactor=redactor,
        policy=policy,
        audit=audit,
        keys=keys,
        upstreams=upstreams,
    )


async def close_components(components: Components) -> None:
    for upstream in components.upstreams.values():
        await upstream.aclose()
    await components.keys.aclose()
    await components.audit.aclose()
    await components.policy.aclose()
