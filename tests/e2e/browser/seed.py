"""Test data and a light app for the dashboard tests (unit tests and the browser tests).

``build_ui_app`` wires the dashboard routes with the gateway's middleware, error handlers and
security headers over real SQLite stores, but without Presidio or the policy engine (the
dashboard only reads the active bundle's data, given by ``BundleDataOnly``), so the unit tests
start in well under a second after imports.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Litestar

from audit_log.stores import AuditStore
from audit_log.types import AuditEvent
from gateway.audit_store import open_audit_store_for
from gateway.error_map import EXCEPTION_HANDLERS
from gateway.keys import KeyStore, open_key_store
from gateway.logging import RequestContextMiddleware
from gateway.oidc import TokenValidator
from gateway.ratelimit import RoleRateLimits
from gateway.security_headers import security_headers_hook
from gateway.settings import Settings
from gateway.ui.routes import ROUTES, TEMPLATE_CONFIG, configure_ui
from gateway.ui.settings import UiSettings
from tests.unit.explain.conftest import case

DEMO_MODEL = "wohngeld-demo"
ACCESS_CODE_SECRET = b"ui-test-access-code-secret-32-bytes!"
SERVICES = ("demo-service", "other-service")


@dataclass(kw_only=True)
class SeededData:
    """What the seed wrote, for assertions."""

    audit_ids: list[str] = field(default_factory=list)
    decision_codes: dict[str, str] = field(default_factory=dict)  # decision id -> access code
    report_ids: list[str] = field(default_factory=list)


async def seed_audit(store: AuditStore, data: SeededData, *, n: int = 24) -> None:
    """``n`` proxy events over two services, with reasons, obligations and PII counts."""
    for i in range(n):
        service = SERVICES[i % 2]
        denied = i % 5 == 0
        record = await store.append(
            AuditEvent(
                event_type="proxy.call.completed" if not denied else "proxy.call.denied",
                request_id=f"req-{i:04d}",
                actor=service,
                service=service,
                model="demo-model",
                purpose="antragsbearbeitung",
                outcome="denied" if denied else "ok",
                policy_result="deny" if denied else "allow",
                policy_revision="rev-test",
                reason_codes=("external_hosting_forbidden",) if denied else (),
                pii_entities={"PERSON": 1 + i % 3, "IBAN_CODE": 1} if i % 3 == 0 else {},
                payload={
                    "obligations": ["redact_pii", "log_full"] if i % 2 == 0 else [],
                    # a prompt about an illness and a church tax question: Art. 9 data
                    "special_categories": ["health", "religion"] if i % 3 == 0 else [],
                    "redaction": "on",
                    "stream": False,
                },
            )
        )
        data.audit_ids.append(record.id)


def demo_case(**overrides: Any) -> dict[str, Any]:
    """A valid case of the demo housing-benefit model."""
    return case(**overrides)


async def seed_decisions(store: Any, registry: Any, data: SeededData) -> None:
    """A few decisions of the demo model; the first has a review request, the fifth is
    overdue."""
    from explain.access_codes import generate_access_code
    from explain.records import new_decision_record

    model = registry.get(DEMO_MODEL)
    for i, income in enumerate((900.0, 1500.0, 2300.0, 3200.0)):
        assessment = model.assess(demo_case(monthly_net_income=income))
        record = new_decision_record(
            assessment=assessment,
            service=SERVICES[i % 2],
            case_reference=f"WG-2026-{i + 1:04d}",
            subject_pseudonym=f"subj-{i:02d}",
            purpose="wohngeld",
            obligations=("human_review",) if i in (0, 2) else (),
            protected_attributes={"gender": "female"},
        )
        code = generate_access_code()
        await store.save(
            record, access_code=code, access_code_expires_at=datetime.now(UTC) + timedelta(days=30)
        )
        data.decision_codes[record.id] = code
    # WG-2026-0005: required a review 20 days ago, due 6 days ago, nobody took it (overdue)
    overdue = new_decision_record(
        assessment=model.assess(demo_case(monthly_net_income=1200.0)),
        service=SERVICES[0],
        case_reference="WG-2026-0005",
        subject_pseudonym="subj-04",
        purpose="wohngeld",
        obligations=("human_review",),
        protected_attributes={"gender": "male"},
        now=datetime.now(UTC) - timedelta(days=20),
    )
    code = generate_access_code()
    await store.save(
        overdue, access_code=code, access_code_expires_at=datetime.now(UTC) + timedelta(days=30)
    )
    data.decision_codes[overdue.id] = code
    first = next(iter(data.decision_codes))
    await store.add_review_request(
        first, "Bitte prüfen Sie meine Miete.", access_code=data.decision_codes[first]
    )


async def seed_fairness(store: Any, data: SeededData, *, n: int = 600) -> None:
    """``n`` decisions of the demo model with a gap between groups, and one stored audit."""
    from fairness.audit import run_audit
    from fairness.thresholds import FairnessThresholds
    from fairness.types import DecisionRecord

    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=10)
    rows = []
    for i in range(n):
        gender = ("female", "male")[i % 2]
        age = ("18-29", "30-49", "50-64")[i % 3]
        rate = 0.55 if gender == "male" else 0.4
        prediction = int(rng.random() < rate)
        rows.append(
            DecisionRecord(
                model_id=DEMO_MODEL,
                model_version="1.0.0",
                decision_id=f"fair-{i:05d}",
                decided_at=start + timedelta(minutes=i),
                prediction=prediction,
                score=None,
                outcome=prediction if rng.random() < 0.8 else 1 - prediction,
                attributes={"gender": gender, "age_group": age},
            )
        )
    await store.record_decisions(rows)
    for min_ratio in (0.6, 0.9):  # two audits: one passing, one failing -> a trend
        report = await run_audit(
            store,
            model_id=DEMO_MODEL,
            thresholds=FairnessThresholds(
                min_dp_ratio=min_ratio, max_equalized_odds_difference=0.5
            ),
            bootstrap_replicates=100,
            seed=11,
        )
        data.report_ids.append(report.report_id)


@dataclass(kw_only=True)
class UiComponents:
    """The parts of ``gateway.components.Components`` the dashboard uses."""

    settings: Settings
    audit: AuditStore
    keys: KeyStore
    rate_limits: RoleRateLimits
    oidc: TokenValidator | None = None
    decisions: Any = None
    models: Any = None
    fairness: Any = None
    policy: Any = None
    database: Any = None  # stores open their own; the sessions use the URL


@dataclass(frozen=True)
class BundleDataOnly:
    """TEST DOUBLE of the policy engine's one property the dashboard reads: ``data``, the
    active bundle's data document (thresholds, model scopes, records). It never decides."""

    data: Any
    revision: str


async def open_domain_stores(settings: Settings, tmp_db_dir: str) -> tuple[Any, Any, Any]:
    """Decision store, model registry and fairness store next to the gateway database."""
    from explain import default_registry, open_decision_store
    from fairness.store import open_fairness_store

    decisions = await open_decision_store(
        f"sqlite:///{tmp_db_dir}/decisions.db", access_code_secret=ACCESS_CODE_SECRET
    )
    fairness = await open_fairness_store(f"sqlite:///{tmp_db_dir}/fairness.db")
    return decisions, default_registry(), fairness


def build_ui_app(
    settings: Settings,
    ui: UiSettings,
    *,
    data: SeededData,
    tmp_db_dir: str,
    with_domain: bool = True,
) -> Litestar:
    """The dashboard over real SQLite stores, seeded at start-up."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        from policies.loader import load_bundle

        bundle = load_bundle(settings.policy.bundle_dir)
        audit = open_audit_store_for(settings)
        await audit.open()
        keys = open_key_store(settings.database.url, pepper=settings.auth.key_pepper)
        await keys.open()
        components = UiComponents(
            settings=settings,
            audit=audit,
            keys=keys,
            rate_limits=RoleRateLimits.from_settings(settings.rate_limit),
            oidc=TokenValidator.from_settings(settings.oidc) if settings.oidc.enabled else None,
            policy=BundleDataOnly(bundle.data, bundle.revision),
        )
        if with_domain:
            components.decisions, components.models, components.fairness = await open_domain_stores(
                settings, tmp_db_dir
            )
        app.state.components = components
        if not data.audit_ids:
            await seed_audit(audit, data)
            if with_domain:
                await seed_decisions(components.decisions, components.models, data)
                await seed_fairness(components.fairness, data)
        try:
            yield
        finally:
            if components.oidc is not None:
                await components.oidc.aclose()
            if with_domain:
                await components.decisions.aclose()
                await components.fairness.close()
            await components.rate_limits.aclose()
            await keys.aclose()
            await audit.aclose()

    app = Litestar(
        route_handlers=ROUTES,
        lifespan=[lifespan],
        middleware=[RequestContextMiddleware],
        before_send=[security_headers_hook(settings.security_headers)],  # type: ignore[list-item]
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        template_config=TEMPLATE_CONFIG,
        debug=False,
    )
    configure_ui(app, ui)
    return app
