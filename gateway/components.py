"""Builds every engine and store once at start-up and closes them at shutdown.

Heavy engines (Presidio, the policy bundle) are built in worker threads so start-up does not
block the event loop for other apps in tests. Nothing here runs at import time.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, cast

import structlog
from litestar.connection import ASGIConnection

from audit_log.stores import AuditStore
from explain import DecisionStore, ModelRegistry, default_registry, open_decision_store
from fairness.store import FairnessStore, open_fairness_store
from gateway.audit_store import open_audit_store_for
from gateway.credential_throttle import ROLE as INVALID_CREDENTIALS
from gateway.credential_throttle import CredentialThrottle
from gateway.keys import KeyStore, open_key_store
from gateway.metrics import GatewayMetrics
from gateway.oidc import TokenValidator
from gateway.purposes import PurposeTokens
from gateway.ratelimit import RoleRateLimits
from gateway.settings import Settings
from gateway.upstream import Upstream, build_upstream
from pii.engine import Redactor, build_redactor
from pii.types import PiiConfig
from policies.engines import PolicyEngine, build_policy_engine
from policies.types import PolicyConfig
from storage.database import Database, open_database

log = structlog.get_logger("leitplanke.components")
# Connections of the shared PostgreSQL pool (the audit group commit holds one per batch).
DATABASE_POOL_SIZE = 8


@dataclass(kw_only=True)
class Components:
    """The long-lived parts the request pipelines use."""

    settings: Settings
    redactor: Redactor
    policy: PolicyEngine
    audit: AuditStore
    keys: KeyStore
    models: ModelRegistry
    decisions: DecisionStore
    fairness: FairnessStore
    rate_limits: RoleRateLimits
    # The decision and fairness stores' shared connections (None where they own theirs).
    database: Database | None = None
    oidc: TokenValidator | None = None
    metrics: GatewayMetrics | None = None  # the server's; None in CLI tools
    upstreams: dict[str, Upstream] = field(default_factory=dict)  # by upstream name
    purposes: PurposeTokens = field(default_factory=PurposeTokens)
    credential_throttle: CredentialThrottle | None = None  # None: rate limits switched off

    async def purpose_known(self, purpose: str) -> bool:
        """Is ``purpose`` one of the loaded policy bundle's purpose tokens?"""
        return await self.purposes.known(self.settings, self.policy.revision, purpose)

    def upstream_for(self, model: str) -> Upstream | None:
        upstream_settings = self.settings.upstream_for_model(model)
        if upstream_settings is None:
            return None
        return self.upstreams.get(upstream_settings.name)

    async def readiness(self) -> dict[str, bool]:
        """Each component's health; the gateway is ready only if all are True."""

        async def guarded(check: Any) -> bool:
            try:
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation
                async with asyncio.timeout(2.0):
                    return bool(await check)
            except Exception:  # readiness must answer, never raise
                return False

        checks = {
            "pii": guarded(asyncio.to_thread(self.redactor.ping)),
            "policy": guarded(self.policy.ready()),
            "audit_store": guarded(self.audit.ping()),
            "key_store": guarded(self.keys.ping()),
            "decision_store": guarded(_decision_store_ok(self.decisions)),
            "fairness_store": guarded(_fairness_store_ok(self.fairness)),
        }
        if self.oidc is not None:
            checks["oidc_keys"] = guarded(self.oidc.ping())
        if self.settings.rate_limit.enabled and self.settings.rate_limit.store == "redis":
            checks["rate_limit_store"] = guarded(self.rate_limits.store.ping())
        results = await asyncio.gather(*checks.values())
        return dict(zip(checks, results, strict=True))


async def _decision_store_ok(store: DecisionStore) -> bool:
    await store.ping()  # raises when unreachable
    return True


async def _fairness_store_ok(store: FairnessStore) -> bool:
    await store.list_models()
    return True


def pii_config(settings: Settings) -> PiiConfig:
    pii = settings.pii
    return PiiConfig(
        languages=tuple(pii.languages),
        score_threshold=pii.score_threshold,
        phone_regions=tuple(pii.phone_regions),
        max_text_chars=pii.max_text_chars,
        nlp_cache_dir=pii.nlp_cache_dir,
        spacy_ner_model=pii.spacy_ner_model,
        name_detector=pii.name_detector,
    )


def policy_config(settings: Settings) -> PolicyConfig:
    return PolicyConfig(
        opa_url=settings.policy.opa_url,
        bundle_dir=settings.policy.bundle_dir,
        timeout_ms=settings.policy.timeout_ms,
        in_process_engine=settings.policy.in_process_engine,
        evaluation=settings.policy.evaluation,
        decision_cache_size=settings.policy.decision_cache_size,
    )


def _model_registry(settings: Settings) -> ModelRegistry:
    if settings.decisions.models:
        return ModelRegistry.from_config(settings.decisions.models)
    return default_registry()


async def build_components(
    settings: Settings, *, metrics: GatewayMetrics | None = None
) -> Components:
    """Build everything; a failure here stops start-up with a clear message.

    ``metrics`` (the server's) is told about every audit group commit and every lookup in
    the policy decision cache.
    """
    redactor_task = asyncio.create_task(asyncio.to_thread(build_redactor, pii_config(settings)))
    policy = await asyncio.to_thread(
        build_policy_engine,
        policy_config(settings),
        on_cache_lookup=metrics.on_policy_cache_lookup if metrics is not None else None,
    )
    await policy.start()
    # One connection kit (writer thread and readers, or one pool) for the stores of this
    # process: the audit log, decisions and fairness share it, so a decision commits with its
    # audit record in one transaction.
    database = await open_database(settings.database.url, pool_size=DATABASE_POOL_SIZE)
    audit = open_audit_store_for(
        settings,
        on_commit=metrics.on_audit_commit if metrics is not None else None,
        database=database,
        checkpoint_at_first_commit=True,
    )
    await audit.open()
    keys = open_key_store(database, pepper=settings.auth.key_pepper)
    await keys.open()
    upstreams = {u.name: build_upstream(u) for u in settings.upstreams}
    decisions = await open_decision_store(
        database, access_code_secret=settings.decisions.access_code_secret.encode()
    )
    fairness = await open_fairness_store(database)
    redactor = await redactor_task
    # Not beside the redactor's thread: loading the models parses numpy headers with
    # ast.literal_eval, and CPython 3.11.7 can fail ("AST constructor recursion depth
    # mismatch", gh-106905) when two threads build Python ASTs at once.
    models = await asyncio.to_thread(_model_registry, settings)
    log.info("components.ready", upstreams=sorted(upstreams), policy_revision=policy.revision)
    rate_limits = RoleRateLimits.from_settings(settings.rate_limit)
    return Components(
        settings=settings,
        redactor=redactor,
        policy=policy,
        audit=audit,
        keys=keys,
        models=models,
        decisions=decisions,
        fairness=fairness,
        database=database,
        rate_limits=rate_limits,
        credential_throttle=CredentialThrottle(limiter=rate_limits.for_role(INVALID_CREDENTIALS))
        if settings.rate_limit.enabled
        else None,
        oidc=TokenValidator.from_settings(settings.oidc) if settings.oidc.enabled else None,
        metrics=metrics,
        upstreams=upstreams,
    )


async def close_components(components: Components) -> None:
    for upstream in components.upstreams.values():
        await upstream.aclose()
    await components.keys.aclose()
    await components.decisions.aclose()
    await components.fairness.close()
    await components.rate_limits.aclose()
    if components.oidc is not None:
        await components.oidc.aclose()
    await components.audit.aclose()  # flushes the group-commit queue
    if components.database is not None:
        await components.database.close()  # last: the stores above wrote through it
    await components.policy.aclose()
    log.info("components.closed")


def components_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Components:
    """The application's components, typed (``app.state`` is untyped)."""
    return cast(Components, connection.app.state.components)
