"""The facts a document is built from, gathered by the gateway (plain, frozen data).

Every configured text is optional: an empty string means "the deployer has not said", and the
document marks the field ``to_be_completed`` with the key that would fill it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Status = Literal["complete", "to_be_completed"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ControllerInfo:
    """The authority as controller (GDPR Art. 4(7)) and deployer (AI Act Art. 3(4)).

    Attributes mirror the ``[records]`` configuration table.
    """

    name: str = ""
    address: str = ""
    contact: str = ""
    joint_controllers: str = ""  # Art. 30(1)(a) "where applicable": name and contact
    representative: str = ""
    dpo_contact: str = ""
    country: str = ""
    # Art. 49(3) / Annex VIII C.2: who submits the registration on the deployer's behalf.
    submitter_name: str = ""
    submitter_address: str = ""
    submitter_contact: str = ""
    # Art. 30(1)(d), (g) and Art. 27: references to documents kept elsewhere.
    dpia_reference: str = ""
    dpia_summary: str = ""
    # Art. 30(1)(f): the period of the decision records, which the gateway never deletes.
    decision_records_retention: str = ""
    internal_governance: str = ""
    complaint_mechanism: str = ""
    market_surveillance_authority: str = ""
    website: str = ""
    area: str = ""
    organisational_measures: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelRecordSettings:
    """What the deployer states about one decision model (``[records.models.<id>]``)."""

    system_name: str = ""
    provider: str = ""
    eu_database_url: str = ""  # Annex VIII C.3: the provider's entry in the EU database
    intended_period: str = ""  # Art. 27(1)(b): intended period of use
    affected_persons: str = ""  # Art. 27(1)(c): in words, beyond the audited attributes
    lawful_basis: str = ""
    provider_risks: str = ""  # Art. 27(1)(d): risks from the provider's Art. 13 information
    oversight_instructions: str = ""  # Art. 27(1)(e): oversight per the instructions for use
    status: str = ""  # algorithm register: e.g. "In gebruik"; the deployer's to say
    domain: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceModelFact:
    """A model a service may call, with the purposes the bundle allows and its hosting."""

    model: str
    purposes: tuple[str, ...]
    hosting: str  # "internal", "external" or "" when no upstream serves it
    upstream: str = ""
    country: str = ""  # where the upstream processes data; "" = not configured


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceFacts:
    """One service of the bundle: the unit of a processing activity."""

    name: str
    description: str
    models: tuple[ServiceModelFact, ...]
    data_categories: tuple[str, ...]  # "*" = any PII type may be sent (redacted)
    special_categories: tuple[str, ...]  # GDPR Art. 9 categories the service may process
    restore_pii_purposes: tuple[str, ...]
    decision_models: tuple[str, ...] = ()
    # From ``[records.services.<name>]``: what only the deployer can say.
    data_subjects: str = ""
    transfer_safeguards: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetentionFact:
    """One retention rule as the deployer configured it."""

    event_type: str
    service: str
    days: int  # 0 keeps the payloads
    basis: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MeasuresFacts:
    """Technical and organisational measures the gateway itself enforces (Art. 32 GDPR)."""

    redaction_enabled: bool
    redaction_languages: tuple[str, ...]
    pii_entity_types: tuple[str, ...]
    personal_fields_encrypted: bool  # crypto-erasable personal fields, keys per subject
    decision_store_encrypted: bool
    access_control: tuple[str, ...]  # roles
    oidc_enabled: bool
    rate_limits_enabled: bool
    audit_chain: bool
    checkpoint_every: int
    checkpoint_interval_s: float
    anchors: tuple[str, ...] = ()  # e.g. "rfc3161", "witness"


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionVolume:
    """How much a model was used, from the decision store."""

    total: int
    first_at: datetime | None
    last_at: datetime | None
    per_month: tuple[tuple[str, int], ...] = ()  # ("2026-11", 123), oldest first


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupFinding:
    """A group of a bias audit (counts only for groups large enough to publish)."""

    attribute: str
    group: str
    sufficient: bool
    selection_rate: str = ""  # formatted, "" for suppressed groups
    interval: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FairnessFacts:
    """The latest bias audit of a model, reduced to what a FRIA states."""

    report_id: str
    status: str  # passing / failing / insufficient_data / ...
    created_at: datetime
    window_start: datetime | None
    window_end: datetime
    n_decisions: int
    violations: tuple[str, ...]
    attributes: tuple[str, ...]
    groups: tuple[GroupFinding, ...] = ()
    min_group_size: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class OversightFacts:
    """Human oversight as configured in the policy and as it happened."""

    grey_zone: tuple[float, float] | None
    automation_permitted: bool
    # (condition, value) as the policy applies them: ("favourable_only", ""),
    # ("min_margin", "0.1"), ("require_fairness", "passing"); worded by the FRIA.
    automation_conditions: tuple[tuple[str, str], ...]
    legal_basis: str
    on_fairness_failing: str
    on_fairness_unknown: str
    decisions_total: int = 0
    decisions_with_human_review: int = 0
    review_requests: int = 0
    reviewed: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelFacts:
    """An automated-decision model with everything a FRIA and a registration need."""

    model_id: str
    versions: tuple[str, ...]
    services: tuple[str, ...]
    purposes: tuple[str, ...]
    kind: str = ""  # "tree" / "linear"
    features: tuple[str, ...] = ()
    protected_attributes: tuple[str, ...] = ()
    audited_attributes: tuple[str, ...] = ()
    intersections: tuple[tuple[str, ...], ...] = ()
    legal_effect: bool = True
    top_features: tuple[tuple[str, str], ...] = ()  # (feature, mean |SHAP| formatted)
    volume: DecisionVolume = field(
        default_factory=lambda: DecisionVolume(total=0, first_at=None, last_at=None)
    )
    fairness: FairnessFacts | None = None
    oversight: OversightFacts | None = None
    settings: ModelRecordSettings = field(default_factory=ModelRecordSettings)


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """Everything the gateway knows that the records need."""

    generated_at: datetime
    policy_revision: str
    controller: ControllerInfo
    services: tuple[ServiceFacts, ...]
    retention: tuple[RetentionFact, ...]
    measures: MeasuresFacts
    models: tuple[ModelFacts, ...] = ()
    gateway_version: str = ""

    def model(self, model_id: str) -> ModelFacts | None:
        """The facts of one decision model, or None."""
        return next((m for m in self.models if m.model_id == model_id), None)
