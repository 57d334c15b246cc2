"""The ``[records]`` configuration table: what only the deployer can state in its records.

Everything else in the records comes from the policy bundle, the configuration and the logs.
An empty value is reported as ``to_be_completed`` with its key, never guessed.
"""

from __future__ import annotations

import msgspec


class RecordsServiceSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``[records.services.<service>]``: GDPR Art. 30(1)(c) and (e) in the deployer's words."""

    data_subjects: str = ""
    transfer_safeguards: str = ""


class RecordsModelSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``[records.models.<model>]``: the AI Act facts about one decision model."""

    system_name: str = ""
    provider: str = ""
    eu_database_url: str = ""
    intended_period: str = ""
    affected_persons: str = ""
    lawful_basis: str = ""
    provider_risks: str = ""
    oversight_instructions: str = ""
    status: str = ""  # algorithm register: e.g. "In gebruik"; the deployer's to say
    domain: str = ""


class RecordsSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``[records]``: the authority as controller and deployer.

    Attributes:
        controller_name, controller_address, controller_contact: GDPR Art. 30(1)(a), Annex
            VIII C.1 of the AI Act.
        joint_controllers, representative, dpo_contact: GDPR Art. 30(1)(a), "where
            applicable" (empty: none).
        submitter_name, submitter_address, submitter_contact: Annex VIII C.2.
        dpia_reference, dpia_summary: Art. 35 GDPR assessment (Annex VIII C.5).
        decision_records_retention: GDPR Art. 30(1)(f), the period after which the authority
            deletes stored decisions (the gateway keeps them until deleted).
        internal_governance, complaint_mechanism: AI Act Art. 27(1)(f).
        market_surveillance_authority: receives the FRIA results (Art. 27(3)).
        organisational_measures: GDPR Art. 32 measures beyond what the gateway enforces.
        country, website, area: public algorithm register entry.
    """

    controller_name: str = ""
    controller_address: str = ""
    controller_contact: str = ""
    joint_controllers: str = ""
    representative: str = ""
    dpo_contact: str = ""
    country: str = ""
    submitter_name: str = ""
    submitter_address: str = ""
    submitter_contact: str = ""
    dpia_reference: str = ""
    dpia_summary: str = ""
    decision_records_retention: str = ""
    internal_governance: str = ""
    complaint_mechanism: str = ""
    market_surveillance_authority: str = ""
    organisational_measures: str = ""
    website: str = ""
    area: str = ""
    services: dict[str, RecordsServiceSettings] = msgspec.field(default_factory=dict)
    models: dict[str, RecordsModelSettings] = msgspec.field(default_factory=dict)
