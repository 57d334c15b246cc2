"""Gathers the facts of the deployer's records from the gateway's parts.

The policy bundle (services, purposes, data categories, models, automated decisions,
fairness, retention), the configuration (controller, upstreams, measures), the decision store
(volume, reviews, SHAP) and the fairness store (latest audit). The ``records`` package turns
them into documents; nothing here decides what a document says.
"""

from __future__ import annotations

import importlib.metadata
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from audit_log.retention import RetentionPolicy
from explain import DecisionStore
from explain.store import DecisionFilter
from fairness.store import FairnessStore
from fairness.types import AuditReport
from gateway.components import Components
from gateway.keys import ROLES
from gateway.policy_reload import bundle_governance, governance_of
from gateway.settings import Settings
from records import (
    ControllerInfo,
    DecisionVolume,
    Facts,
    FairnessFacts,
    GroupFinding,
    MeasuresFacts,
    ModelFacts,
    ModelRecordSettings,
    OversightFacts,
    RetentionFact,
    ServiceFacts,
    ServiceModelFact,
)

DECISION_PAGE = 500
TOP_FEATURES = 5
# What policies/bundle/automated_decision.rego applies when a model's configuration leaves a
# key out (its object.get defaults): the FRIA states what the policy does, not what is written.
POLICY_DEFAULTS: dict[str, Any] = {
    "on_fairness_failing": "deny",
    "on_fairness_unknown": "human_review",
    "require_fairness": "passing",
    "favourable_only": True,
    "min_margin": 0,
}


def retention_policy(
    settings: Settings, governance: dict[str, Any] | None = None
) -> RetentionPolicy:
    """The retention policy: the bundle's ``governance.retention``, else ``[audit]``.

    Raises:
        RetentionPolicyError: the policy is invalid (e.g. shorter than Art. 26(6) allows).
    """
    if governance is None:
        governance = bundle_governance(settings.policy.bundle_dir)
    data = governance.get("retention", {})
    return RetentionPolicy.from_mapping(
        data if isinstance(data, dict) else {}, fallback_days=settings.audit.retention_days
    )


async def gather_facts(components: Components, *, now: datetime) -> Facts:
    """Everything the records need, read now."""
    settings = components.settings
    governance = governance_of(components.policy)
    decisions_cfg = governance.get("automated_decisions", {}).get("models", {})
    services = tuple(
        _service(settings, governance, name, raw, decisions_cfg)
        for name, raw in sorted(governance.get("services", {}).items())
    )
    policy = retention_policy(settings, governance)
    retention = (
        *(
            RetentionFact(event_type=r.event_type, service=r.service, days=r.days, basis=r.basis)
            for r in policy.rules
        ),
        RetentionFact(
            event_type="*", service="*", days=policy.default_days,
            basis=policy.default_basis or "default",
        ),
    )
    models = []
    for model_id, raw in sorted(decisions_cfg.items()):
        models.append(await _model(components, governance, model_id, raw))
    return Facts(
        generated_at=now,
        policy_revision=components.policy.revision,
        controller=_controller(settings),
        services=services,
        retention=retention,
        measures=_measures(components),
        models=tuple(models),
        gateway_version=_version(),
    )


def _version() -> str:
    try:
        return importlib.metadata.version("leitplanke")
    except importlib.metadata.PackageNotFoundError:  # a source tree without installation
        return ""


def _controller(settings: Settings) -> ControllerInfo:
    r = settings.records
    return ControllerInfo(
        name=r.controller_name, address=r.controller_address, contact=r.controller_contact,
        joint_controllers=r.joint_controllers, representative=r.representative,
        dpo_contact=r.dpo_contact, country=r.country,
        submitter_name=r.submitter_name, submitter_address=r.submitter_address,
        submitter_contact=r.submitter_contact, dpia_reference=r.dpia_reference,
        dpia_summary=r.dpia_summary, decision_records_retention=r.decision_records_retention,
        internal_governance=r.internal_governance,
        complaint_mechanism=r.complaint_mechanism,
        market_surveillance_authority=r.market_surveillance_authority,
        website=r.website, area=r.area, organisational_measures=r.organisational_measures,
    )


def _service(
    settings: Settings, governance: dict[str, Any], name: str, raw: dict[str, Any],
    decisions_cfg: dict[str, Any],
) -> ServiceFacts:
    models = []
    for model, cfg in sorted(raw.get("models", {}).items()):
        upstream = settings.upstream_for_model(model)
        bundle_hosting = governance.get("models", {}).get(model, {}).get("hosting", "")
        hosting = bundle_hosting or (upstream.hosting if upstream else "")
        if upstream is not None and "external" in (bundle_hosting, upstream.hosting):
            hosting = "external"  # the stricter claim wins, as in the policy
        models.append(
            ServiceModelFact(
                model=model,
                purposes=tuple(sorted(cfg.get("purposes", []))),
                hosting=hosting,
                upstream=upstream.name if upstream else "",
                country=upstream.country if upstream else "",
            )
        )
    extra = settings.records.services.get(name)
    return ServiceFacts(
        name=name,
        description=str(raw.get("description", "")),
        models=tuple(models),
        data_categories=tuple(raw.get("data_categories", [])),
        special_categories=tuple(raw.get("special_categories", [])),
        restore_pii_purposes=tuple(raw.get("restore_pii_purposes", [])),
        decision_models=tuple(
            sorted(m for m, cfg in decisions_cfg.items() if name in cfg.get("services", []))
        ),
        data_subjects=extra.data_subjects if extra else "",
        transfer_safeguards=extra.transfer_safeguards if extra else "",
    )


def _measures(components: Components) -> MeasuresFacts:
    settings = components.settings
    return MeasuresFacts(
        redaction_enabled=settings.pii.enabled,
        redaction_languages=tuple(settings.pii.languages),
        pii_entity_types=tuple(sorted(components.redactor.entity_types())),
        personal_fields_encrypted=True,  # audit_log encrypts ``personal`` per subject
        decision_store_encrypted=True,  # docs/decisions/0003
        access_control=tuple(ROLES),
        oidc_enabled=settings.oidc.enabled,
        rate_limits_enabled=settings.rate_limit.enabled,
        audit_chain=True,
        checkpoint_every=settings.audit.checkpoint_every,
        checkpoint_interval_s=settings.audit.checkpoint_interval_s,
        anchors=checkpoint_anchors(settings),
    )


def checkpoint_anchors(settings: Settings) -> tuple[str, ...]:
    """Where signed checkpoints are anchored outside the gateway ([audit] configuration)."""
    anchors = []
    if settings.audit.tsa_url:
        anchors.append("RFC 3161")
    if settings.audit.witnesses:
        anchors.append(f"witness ({len(settings.audit.witnesses)})")
    if settings.audit.publish_dir:
        anchors.append("publication")
    return tuple(anchors)


async def _model(
    components: Components, governance: dict[str, Any], model_id: str, raw: dict[str, Any]
) -> ModelFacts:
    spec = next((s for s in components.models.specs() if s.id == model_id), None)
    fairness_cfg = governance.get("fairness", {}).get("models", {}).get(model_id, {})
    usage = await _usage(components.decisions, model_id)
    report = await _latest_report(components.fairness, model_id)
    extra = components.settings.records.models.get(model_id)
    automation = raw.get("automation", {})
    grey = raw.get("grey_zone")
    return ModelFacts(
        model_id=model_id,
        versions=tuple(raw.get("versions", [])),
        services=tuple(raw.get("services", [])),
        purposes=tuple(raw.get("purposes", [])),
        kind=spec.kind if spec else "",
        features=tuple(f.name for f in spec.features) if spec else (),
        protected_attributes=tuple(p.name for p in spec.protected_attributes) if spec else (),
        audited_attributes=tuple(fairness_cfg.get("attributes", [])),
        intersections=tuple(tuple(i) for i in fairness_cfg.get("intersections", [])),
        legal_effect=spec.legal_effect if spec else True,
        top_features=usage.top_features,
        volume=usage.volume,
        fairness=_fairness(report, governance, model_id),
        oversight=OversightFacts(
            grey_zone=(float(grey[0]), float(grey[1])) if grey else None,
            automation_permitted=bool(automation.get("permitted", False)),
            automation_conditions=automation_conditions(automation),
            legal_basis=str(automation.get("legal_basis", "")),
            on_fairness_failing=str(
                raw.get("on_fairness_failing", POLICY_DEFAULTS["on_fairness_failing"])
            ),
            on_fairness_unknown=str(
                raw.get("on_fairness_unknown", POLICY_DEFAULTS["on_fairness_unknown"])
            ),
            decisions_total=usage.volume.total,
            decisions_with_human_review=usage.with_review,
            review_requests=usage.review_requests,
            reviewed=usage.reviewed,
        ),
        settings=ModelRecordSettings(**_builtins(extra)) if extra else ModelRecordSettings(),
    )


def _builtins(extra: Any) -> dict[str, Any]:
    import msgspec

    result: dict[str, Any] = msgspec.structs.asdict(extra)
    return result


def automation_conditions(automation: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The conditions under which the policy lets a decision with legal effect go unreviewed.

    Keys the configuration leaves out count with the policy's defaults (``POLICY_DEFAULTS``):
    without ``favourable_only`` only favourable outcomes are automated, without
    ``require_fairness`` only with a passing bias audit.
    """
    conditions: list[tuple[str, str]] = []
    if automation.get("favourable_only", POLICY_DEFAULTS["favourable_only"]):
        conditions.append(("favourable_only", str(automation.get("favourable_when", ""))))
    margin = automation.get("min_margin", POLICY_DEFAULTS["min_margin"])
    if margin:
        conditions.append(("min_margin", str(margin)))
    conditions.append(
        ("require_fairness", str(automation.get("require_fairness",
                                                POLICY_DEFAULTS["require_fairness"])))
    )
    return tuple(conditions)


class _Usage:
    def __init__(self) -> None:
        self.volume = DecisionVolume(total=0, first_at=None, last_at=None)
        self.with_review = 0
        self.review_requests = 0
        self.reviewed = 0
        self.top_features: tuple[tuple[str, str], ...] = ()


async def _usage(store: DecisionStore, model_id: str) -> _Usage:
    """Volume, review figures and mean |SHAP| per feature over every stored decision."""
    usage = _Usage()
    months: Counter[str] = Counter()
    shap_sum: defaultdict[str, float] = defaultdict(float)
    total = 0
    first: datetime | None = None
    last: datetime | None = None
    after: str | None = None
    while True:
        page = await store.list(
            DecisionFilter(model_id=model_id, after_id=after, limit=DECISION_PAGE)
        )
        for record in page:
            total += 1
            first = record.created_at if first is None else min(first, record.created_at)
            last = record.created_at if last is None else max(last, record.created_at)
            months[record.created_at.strftime("%Y-%m")] += 1
            usage.with_review += "human_review" in record.obligations
            usage.review_requests += len(record.review_requests)
            usage.reviewed += record.final_outcome is not None
            for contribution in record.explanation.contributions:
                shap_sum[contribution.name] += abs(contribution.contribution)
        if len(page) < DECISION_PAGE:
            break
        after = page[-1].id
    usage.volume = DecisionVolume(
        total=total, first_at=first, last_at=last, per_month=tuple(sorted(months.items()))
    )
    if total:
        ranked = sorted(shap_sum.items(), key=lambda item: -item[1])[:TOP_FEATURES]
        usage.top_features = tuple((name, f"{value / total:.3f}") for name, value in ranked)
    return usage


async def _latest_report(store: FairnessStore, model_id: str) -> AuditReport | None:
    return await store.latest_report(model_id)


def _fairness(
    report: AuditReport | None, governance: dict[str, Any], model_id: str
) -> FairnessFacts | None:
    if report is None:
        return None
    groups = []
    for attribute in report.attributes:
        for group in attribute.groups:
            rate = group.selection_rate
            interval = (
                f"{rate.ci_low:.3f}–{rate.ci_high:.3f}"
                if rate.ci_low is not None and rate.ci_high is not None
                else ""
            )
            groups.append(
                GroupFinding(
                    attribute=attribute.attribute,
                    group=group.group,
                    sufficient=group.sufficient,
                    selection_rate=f"{rate.value:.3f}" if group.sufficient else "",
                    interval=interval if group.sufficient else "",
                )
            )
    violations = tuple(v for a in report.attributes for v in a.violations)
    return FairnessFacts(
        report_id=report.report_id,
        status=str(report.status),
        created_at=report.created_at,
        window_start=report.window_start,
        window_end=report.window_end,
        n_decisions=report.n_decisions,
        violations=violations,
        attributes=tuple(a.attribute for a in report.attributes),
        groups=tuple(groups),
        min_group_size=report.thresholds.min_group_size,
    )
