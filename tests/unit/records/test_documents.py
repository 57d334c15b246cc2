"""The deployer's records, field by field against the provisions they implement.

GDPR Art. 30(1)(a)-(g) for the record of processing activities, AI Act Art. 27(1)(a)-(f) and
27(3) for the FRIA, AI Act Annex VIII Section C points 1-5 for the registration. A field the
facts cannot answer must be ``to_be_completed`` with its configuration key, never invented.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Literal

import pytest

from audit_log import AuditEvent
from audit_log.canonical import check_event, payload_digest
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
    UnknownModelError,
    build_algorithm_register,
    build_fria,
    build_registration,
    build_ropa,
    render_markdown,
    render_pdf,
)

NOW = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)
FULL_CONTROLLER = ControllerInfo(
    name="Stadt Musterstadt, Sozialamt",
    address="Markt 1, 12345 Musterstadt",
    contact="sozialamt@musterstadt.example",
    dpo_contact="datenschutz@musterstadt.example",
    country="DE",
    submitter_name="Referat KI-Governance",
    submitter_address="Markt 1, 12345 Musterstadt",
    submitter_contact="ki@musterstadt.example",
    dpia_reference="DSFA-2026-04",
    dpia_summary="Hohe Risiken durch Pseudonymisierung und menschliche Prüfung gemindert.",
    decision_records_retention="5 Jahre nach Bestandskraft (Aktenordnung)",
    internal_governance="KI-Board, monatlich",
    complaint_mechanism="Widerspruch beim Sozialamt",
    market_surveillance_authority="Bundesnetzagentur",
    organisational_measures="Schulung, Vier-Augen-Prinzip",
)
MODEL_SETTINGS = ModelRecordSettings(
    system_name="Wohngeld-Vorprüfung",
    provider="Anbieter GmbH",
    eu_database_url="https://eu-database.example/entry/1",
    intended_period="2026-2028, werktäglich",
    affected_persons="Wohngeld-Antragstellende",
    provider_risks="Schwächen bei sehr hohen Mieten (Gebrauchsanweisung Abschn. 4)",
    oversight_instructions="Gebrauchsanweisung Abschn. 6: Prüfung jeder Ablehnung",
)


def make_facts(
    *, controller: ControllerInfo = FULL_CONTROLLER, model: ModelFacts | None = None,
    country: str = "DE",
) -> Facts:
    return Facts(
        generated_at=NOW,
        policy_revision="sha256:abc",
        controller=controller,
        services=(
            ServiceFacts(
                name="wohngeld",
                description="Wohngeldstelle",
                models=(
                    ServiceModelFact(model="chat-model", purposes=("antragsbearbeitung",),
                                     hosting="external", upstream="cloud", country=country),
                ),
                data_categories=("*",),
                special_categories=("health",),
                restore_pii_purposes=(),
                decision_models=("wohngeld-demo",),
                data_subjects="Antragstellende und Haushaltsangehörige",
                transfer_safeguards="Standardvertragsklauseln 2021/914",
            ),
            ServiceFacts(
                name="statistik", description="Statistikstelle",
                models=(ServiceModelFact(model="chat-model", purposes=("statistik",),
                                         hosting="internal", upstream="local", country="DE"),),
                data_categories=("DATE_TIME",), special_categories=(),
                restore_pii_purposes=(), data_subjects="keine Einzelpersonen",
            ),
        ),
        retention=(
            RetentionFact(event_type="proxy.*", service="*", days=365, basis="Art. 26(6)"),
            RetentionFact(event_type="*", service="*", days=0, basis="default"),
        ),
        measures=MeasuresFacts(
            redaction_enabled=True, redaction_languages=("de", "en"),
            pii_entity_types=("PERSON", "IBAN_CODE"), personal_fields_encrypted=True,
            decision_store_encrypted=True, access_control=("ai-service", "compliance-officer"),
            oidc_enabled=True, rate_limits_enabled=True, audit_chain=True,
            checkpoint_every=1000, checkpoint_interval_s=60.0, anchors=("rfc3161",),
        ),
        models=(model or full_model(),),
    )


def full_model() -> ModelFacts:
    return ModelFacts(
        model_id="wohngeld-demo",
        versions=("1.0.0",),
        services=("wohngeld",),
        purposes=("antragsbearbeitung",),
        kind="tree",
        features=("monthly_net_income", "monthly_rent"),
        protected_attributes=("gender", "age_group"),
        audited_attributes=("gender", "age_group"),
        intersections=(("gender", "age_group"),),
        top_features=(("monthly_net_income", "0.812"), ("monthly_rent", "0.301")),
        volume=DecisionVolume(
            total=240, first_at=datetime(2026, 10, 1, tzinfo=UTC),
            last_at=datetime(2026, 11, 30, tzinfo=UTC),
            per_month=(("2026-10", 100), ("2026-11", 140)),
        ),
        fairness=FairnessFacts(
            report_id="rep-1", status="failing", created_at=NOW,
            window_start=datetime(2026, 10, 1, tzinfo=UTC), window_end=NOW, n_decisions=240,
            violations=("demographic_parity_ratio < 0.8",), attributes=("gender",),
            groups=(
                GroupFinding(attribute="gender", group="female", sufficient=True,
                             selection_rate="0.410", interval="0.350–0.470"),
                GroupFinding(attribute="gender", group="diverse", sufficient=False),
            ),
            min_group_size=30,
        ),
        oversight=OversightFacts(
            grey_zone=(0.4, 0.6), automation_permitted=True,
            automation_conditions=(
                ("favourable_only", "score_at_or_above_threshold"), ("min_margin", "0.1"),
                ("require_fairness", "passing"),
            ),
            legal_basis="§ 35a VwVfG", on_fairness_failing="human_review",
            on_fairness_unknown="allow", decisions_total=240, decisions_with_human_review=90,
            review_requests=7, reviewed=60,
        ),
        settings=MODEL_SETTINGS,
    )


# ---- FRIA: AI Act Art. 27(1)(a)-(f) -------------------------------------------------------

FRIA_ITEMS = {
    "process": "a",
    "period_and_frequency": "b",
    "affected_groups": "c",
    "risks_of_harm": "d",
    "human_oversight": "e",
    "measures": "f",
}


@pytest.mark.parametrize(("key", "letter"), FRIA_ITEMS.items())
def test_when_fria_is_built_then_each_item_of_art_27_1_is_present_and_cited(
    key: str, letter: str
) -> None:
    fria = build_fria(make_facts(), "wohngeld-demo")
    item = fria[key]
    assert item["ref"] == f"Art. 27(1)({letter}) KI-VO"
    assert item["status"] == "complete", item["to_be_completed"]
    assert item["text"]["de"] and item["text"]["en"]


def test_when_fria_item_a_then_services_purposes_and_legal_effect_come_from_the_policy() -> None:
    item = build_fria(make_facts(), "wohngeld-demo")["process"]
    assert "wohngeld" in item["text"]["de"] and "antragsbearbeitung" in item["text"]["de"]
    assert "Wohngeld-Vorprüfung" in item["text"]["de"]
    assert item["facts"]["legal_effect"] is True


def test_when_fria_item_b_then_period_and_frequency_come_from_the_decision_volume() -> None:
    item = build_fria(make_facts(), "wohngeld-demo")["period_and_frequency"]
    assert item["facts"]["decisions_total"] == 240
    assert item["facts"]["per_month"] == [
        {"month": "2026-10", "decisions": 100}, {"month": "2026-11", "decisions": 140}
    ]
    assert "01.10.2026" in item["text"]["de"] and "120 je Kalendermonat" in item["text"]["de"]


def test_when_no_decisions_yet_then_item_b_is_to_be_completed_not_invented() -> None:
    model = replace(full_model(), volume=DecisionVolume(total=0, first_at=None, last_at=None))
    item = build_fria(make_facts(model=model), "wohngeld-demo")["period_and_frequency"]
    assert item["status"] == "to_be_completed"
    assert "Bisher keine Entscheidungen" in item["text"]["de"]


def test_when_fria_item_c_then_audited_groups_and_intersections_are_named() -> None:
    item = build_fria(make_facts(), "wohngeld-demo")["affected_groups"]
    assert item["facts"]["audited_attributes"] == ["gender", "age_group"]
    assert "gender × age_group" in item["text"]["de"]
    assert "Wohngeld-Antragstellende. Gruppen, die auf Benachteiligung" in item["text"]["de"]
    assert "gender=female" in item["facts"]["groups_in_latest_audit"]


def test_when_fria_item_d_then_failing_metrics_groups_and_intervals_are_stated() -> None:
    item = build_fria(make_facts(), "wohngeld-demo")["risks_of_harm"]
    assert "demographic_parity_ratio < 0.8" in item["text"]["de"]
    assert "gender=female: 0.410 [0.350–0.470]" in item["text"]["de"]
    assert item["facts"]["top_features"][0] == {
        "feature": "monthly_net_income", "mean_abs_shap": "0.812"
    }


def test_when_a_group_is_too_small_then_the_fria_names_it_without_its_rates() -> None:
    item = build_fria(make_facts(), "wohngeld-demo")["risks_of_harm"]
    diverse = [g for g in item["facts"]["latest_audit"]["groups"] if g["group"] == "diverse"]
    assert diverse == [{"attribute": "gender", "group": "diverse", "sufficient": False}]
    assert "gender=diverse" in item["text"]["de"]


def test_when_no_bias_audit_exists_then_item_d_is_to_be_completed() -> None:
    model = replace(full_model(), fairness=None)
    item = build_fria(make_facts(model=model), "wohngeld-demo")["risks_of_harm"]
    assert item["status"] == "to_be_completed"
    assert any("no bias audit" in gap for gap in item["to_be_completed"])


def test_when_fria_item_e_then_grey_zone_automation_and_review_figures_are_stated() -> None:
    facts = build_fria(make_facts(), "wohngeld-demo")["human_oversight"]["facts"]
    assert facts["grey_zone"] == "0.40–0.60"
    assert facts["decisions_with_human_review"] == 90 and facts["review_requests"] == 7
    assert facts["legal_basis"] == "§ 35a VwVfG"


def test_when_fria_item_e_is_read_in_english_then_conditions_and_actions_are_english() -> None:
    item = build_fria(make_facts(), "wohngeld-demo")["human_oversight"]
    english, german = item["text"]["en"], item["text"]["de"]
    assert "favourable decisions only" in english and "begünstigend" not in english
    assert "distance from the threshold at least 0.1" in english
    assert "bias audit with result passing" in english
    assert "When the bias audit fails: review by a caseworker (human_review)" in english
    assert "without an audit: decision as computed (allow)" in english
    assert "nur begünstigende Entscheidungen" in german
    assert "Prüfung durch Sachbearbeitende (human_review)" in german
    assert item["facts"]["automation_conditions"] == [
        "favourable_only=score_at_or_above_threshold", "min_margin=0.1",
        "require_fairness=passing",
    ]


def test_when_fria_item_f_then_review_channel_gate_and_complaints_are_stated() -> None:
    item = build_fria(make_facts(), "wohngeld-demo")["measures"]
    assert item["facts"]["gate_on_failing_audit"] == "human_review"
    assert "Widerspruch beim Sozialamt" in item["text"]["de"]
    assert "Art. 86 KI-VO" in item["text"]["de"]


@pytest.mark.parametrize(
    ("field", "item", "key"),
    [
        ("system_name", "process", "records.models.wohngeld-demo.system_name"),
        ("intended_period", "period_and_frequency",
         "records.models.wohngeld-demo.intended_period"),
        ("affected_persons", "affected_groups", "records.models.wohngeld-demo.affected_persons"),
        ("provider_risks", "risks_of_harm", "records.models.wohngeld-demo.provider_risks"),
        ("oversight_instructions", "human_oversight",
         "records.models.wohngeld-demo.oversight_instructions"),
    ],
)
def test_when_the_deployer_has_not_said_then_the_fria_marks_the_key_to_complete(
    field: str, item: str, key: str
) -> None:
    model = replace(full_model(), settings=replace(MODEL_SETTINGS, **{field: ""}))
    fria = build_fria(make_facts(model=model), "wohngeld-demo")
    assert fria[item]["status"] == "to_be_completed"
    assert key in fria[item]["to_be_completed"]
    assert "[vom Verantwortlichen zu ergänzen]" in fria[item]["text"]["de"]
    assert fria["status"] == "to_be_completed"


def test_when_the_market_surveillance_authority_is_missing_then_art_27_3_is_open() -> None:
    facts = make_facts(controller=replace(FULL_CONTROLLER, market_surveillance_authority=""))
    notification = build_fria(facts, "wohngeld-demo")["notification"]
    assert notification["ref"] == "Art. 27(3) KI-VO"
    assert notification["to_be_completed"] == ["records.market_surveillance_authority"]


def test_when_the_model_is_unknown_then_no_fria_is_invented() -> None:
    with pytest.raises(UnknownModelError):
        build_fria(make_facts(), "kindergeld")


# ---- Registration: Annex VIII Section C ------------------------------------------------------

ANNEX_ITEMS = {"deployer": 1, "submitter": 2, "system": 3, "fria_summary": 4, "dpia_summary": 5}


@pytest.mark.parametrize(("key", "point"), ANNEX_ITEMS.items())
def test_when_registration_is_built_then_each_point_of_annex_viii_c_is_present(
    key: str, point: int
) -> None:
    facts = make_facts()
    fria = build_fria(facts, "wohngeld-demo")
    registration = build_registration(facts, "wohngeld-demo", fria)
    assert registration[key]["ref"] == f"Anhang VIII Abschnitt C Nr. {point} KI-VO"
    assert {"deployer", "system", "purpose", "fria_summary"} <= registration.keys()


def test_when_registration_point_1_and_2_then_contacts_come_from_the_configuration() -> None:
    facts = make_facts()
    registration = build_registration(facts, "wohngeld-demo", build_fria(facts, "wohngeld-demo"))
    assert registration["deployer"]["facts"] == {
        "name": "Stadt Musterstadt, Sozialamt", "address": "Markt 1, 12345 Musterstadt",
        "contact": "sozialamt@musterstadt.example",
    }
    assert registration["deployer"]["status"] == "complete"
    assert registration["submitter"]["facts"]["name"] == "Referat KI-Governance"


def test_when_registration_point_3_then_the_providers_eu_database_url_is_given() -> None:
    facts = make_facts()
    registration = build_registration(facts, "wohngeld-demo", build_fria(facts, "wohngeld-demo"))
    assert registration["system"]["facts"]["eu_database_url"] == (
        "https://eu-database.example/entry/1"
    )


def test_when_the_provider_is_not_configured_then_point_3_is_complete_with_the_url_only(
) -> None:
    model = replace(full_model(), settings=replace(MODEL_SETTINGS, provider=""))
    facts = make_facts(model=model)
    system = build_registration(facts, "wohngeld-demo", build_fria(facts, "wohngeld-demo"))[
        "system"
    ]
    assert system["status"] == "complete"
    assert "zu ergänzen" not in system["text"]["de"] and "provider" not in system["text"]["en"]
    assert system["text"]["en"].endswith(": https://eu-database.example/entry/1")


def test_when_registration_point_4_then_it_summarises_the_fria_and_its_open_items() -> None:
    facts = make_facts(controller=replace(FULL_CONTROLLER, complaint_mechanism=""))
    fria = {**build_fria(facts, "wohngeld-demo"), "version": 17}
    summary = build_registration(facts, "wohngeld-demo", fria)["fria_summary"]
    assert summary["facts"]["fria_version"] == 17
    assert summary["facts"]["open_items"] == ["measures"]
    assert summary["facts"]["audit_status"] == "failing"
    assert "Version 17" in summary["text"]["de"]
    assert summary["status"] == "to_be_completed"


def test_when_registration_point_5_misses_the_dpia_then_it_is_to_be_completed() -> None:
    facts = make_facts(controller=replace(FULL_CONTROLLER, dpia_reference="", dpia_summary=""))
    dpia = build_registration(facts, "wohngeld-demo", build_fria(facts, "wohngeld-demo"))[
        "dpia_summary"
    ]
    assert dpia["to_be_completed"] == ["records.dpia_reference", "records.dpia_summary"]


# The attributes of the algoritmeregister publication standard 1.0 (algoritmes.overheid.nl):
# general information, responsible use, impact assessments, operation, metadata.
ALGORITHM_REGISTER_FIELDS = {
    "name", "organization", "department", "description_short", "publication_category",
    "status", "area", "begin_date", "end_date", "contact_email", "website", "provider",
    "publiccode",
    "goal", "impact", "proportionality", "human_intervention", "risks", "monitoring",
    "lawful_basis", "lawful_basis_link", "competent_authority", "objection_procedure",
    "dpia", "dpia_description", "iama", "iama_description",
    "source_data", "source_data_link", "methods_and_models", "performance_standard",
    "documentation", "application_url",
    "standard_version", "lang", "revision_date",
}
DEPLOYER_ONLY = {
    "department", "publication_category", "status", "begin_date", "end_date", "publiccode",
    "proportionality", "lawful_basis_link", "competent_authority", "iama",
    "source_data_link", "performance_standard", "documentation", "application_url",
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_when_exported_for_an_algorithm_register_then_it_has_the_standards_attributes(
    lang: str,
) -> None:
    facts = make_facts()
    entry = build_algorithm_register(
        facts, "wohngeld-demo", build_fria(facts, "wohngeld-demo"), lang=lang
    )
    assert set(entry) - {"to_be_completed"} == ALGORITHM_REGISTER_FIELDS
    assert entry["standard_version"] == "1.0" and entry["lang"] == lang
    assert entry["organization"] == "Stadt Musterstadt, Sozialamt"
    assert entry["name"] == "Wohngeld-Vorprüfung"
    assert entry["provider"] == "Anbieter GmbH"
    assert entry["revision_date"] == "2026-12-06"
    assert entry["human_intervention"] and entry["objection_procedure"] and entry["risks"]
    assert entry["dpia"] == ("Ja" if lang == "de" else "Yes")
    assert "monthly_net_income" in entry["source_data"]
    assert len(entry["description_short"]) <= 150


def test_when_exported_for_an_algorithm_register_then_nothing_only_the_deployer_knows_is_set(
) -> None:
    facts = make_facts(controller=replace(FULL_CONTROLLER, dpia_reference="", dpia_summary=""))
    entry = build_algorithm_register(facts, "wohngeld-demo", build_fria(facts, "wohngeld-demo"))
    assert DEPLOYER_ONLY <= set(entry["to_be_completed"])
    assert all(entry[key] == "" for key in DEPLOYER_ONLY)
    assert entry["dpia"] == "" and "dpia" in entry["to_be_completed"]
    assert "website" in entry["to_be_completed"]


# ---- Record of processing activities: GDPR Art. 30(1) -------------------------------------

ROPA_ITEMS = {
    "controller": "a", "purposes": "b", "data_subjects": "c", "data_categories": "c",
    "recipients": "d", "transfers": "e", "retention": "f", "measures": "g",
}


@pytest.mark.parametrize(("key", "letter"), ROPA_ITEMS.items())
def test_when_ropa_is_built_then_each_item_of_art_30_1_is_present(key: str, letter: str) -> None:
    ropa = build_ropa(make_facts())
    assert ropa[key]["ref"].startswith(f"Art. 30(1)({letter})")
    assert ropa[key]["status"] == "complete", ropa[key]["to_be_completed"]


def test_when_ropa_is_built_then_each_service_is_one_processing_activity() -> None:
    ropa = build_ropa(make_facts())
    assert [a["service"] for a in ropa["activities"]] == ["wohngeld", "statistik"]
    wohngeld = ropa["activities"][0]
    assert wohngeld["purposes"] == ["antragsbearbeitung"]
    assert wohngeld["data_categories"]["facts"]["special_categories"] == ["health"]
    assert wohngeld["recipients"]["facts"]["models"][0]["hosting"] == "external"


def test_when_a_model_runs_in_a_third_country_then_the_transfer_and_safeguards_are_named() -> None:
    ropa = build_ropa(make_facts(country="US"))
    transfers = ropa["activities"][0]["transfers"]
    assert transfers["facts"]["third_countries"] == [{"model": "chat-model", "country": "US"}]
    assert "Standardvertragsklauseln" in transfers["text"]["de"]


def test_when_the_upstream_country_is_unknown_then_recipients_are_to_be_completed() -> None:
    ropa = build_ropa(make_facts(country=""))
    assert "upstreams[cloud].country" in ropa["recipients"]["to_be_completed"]


def test_when_a_reader_is_scoped_then_the_ropa_holds_only_their_services() -> None:
    ropa = build_ropa(make_facts(), services=frozenset({"statistik"}))
    assert [a["service"] for a in ropa["activities"]] == ["statistik"]
    assert "wohngeld" not in json.dumps(ropa["purposes"])


def test_when_controller_is_not_configured_then_item_a_lists_the_keys() -> None:
    ropa = build_ropa(make_facts(controller=ControllerInfo()))
    assert ropa["controller"]["to_be_completed"] == [
        "records.controller_address", "records.controller_contact", "records.controller_name",
        "records.dpo_contact",
    ]
    assert ropa["status"] == "to_be_completed"


def test_when_decisions_are_stored_then_item_f_states_their_period_or_asks_for_it() -> None:
    retention = build_ropa(make_facts())["retention"]
    assert "Entscheidungsdatensätze" in retention["text"]["de"]
    assert "5 Jahre nach Bestandskraft (Aktenordnung)" in retention["text"]["de"]
    assert "Decision records" in retention["text"]["en"]
    unstated = build_ropa(
        make_facts(controller=replace(FULL_CONTROLLER, decision_records_retention=""))
    )["retention"]
    assert unstated["to_be_completed"] == ["records.decision_records_retention"]
    assert "[to be completed by the deployer]" in unstated["text"]["en"]


def test_when_no_service_makes_decisions_then_item_f_has_no_decision_line() -> None:
    retention = build_ropa(make_facts(), services=frozenset({"statistik"}))["retention"]
    assert "Entscheidungsdatensätze" not in retention["text"]["de"]
    assert retention["status"] == "complete"


def test_when_joint_controllers_and_a_representative_exist_then_item_a_names_them() -> None:
    controller = replace(FULL_CONTROLLER, joint_controllers="Landkreis Musterland, Markt 2",
                         representative="Bürgermeisterin")
    item = build_ropa(make_facts(controller=controller))["controller"]
    assert "Gemeinsam Verantwortliche (Art. 26 DSGVO): Landkreis Musterland, Markt 2" in item[
        "text"]["de"]
    assert "Joint controllers (GDPR Art. 26): Landkreis Musterland" in item["text"]["en"]
    assert item["facts"]["joint_controllers"] == "Landkreis Musterland, Markt 2"
    assert "Vertreter: Bürgermeisterin" in item["text"]["de"]


def test_when_there_are_no_joint_controllers_then_none_are_claimed_and_none_required() -> None:
    item = build_ropa(make_facts())["controller"]
    assert "Gemeinsam" not in item["text"]["de"] and item["status"] == "complete"


def test_when_retention_is_listed_then_periods_and_bases_appear() -> None:
    retention = build_ropa(make_facts())["retention"]
    assert "proxy.*: 365 Tage – Art. 26(6)" in retention["text"]["de"]


# ---- Rendering and storage --------------------------------------------------------------------


def _documents() -> list[dict[str, Any]]:
    facts = make_facts()
    fria = build_fria(facts, "wohngeld-demo")
    return [build_ropa(facts), fria, build_registration(facts, "wohngeld-demo", fria)]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_when_a_document_is_recorded_then_it_hashes_canonically_without_floats(
    index: int,
) -> None:
    document = _documents()[index]
    event = AuditEvent(event_type=f"records.{document['kind']}.generated", request_id="r",
                       actor="officer", payload={"document": document})
    check_event(event)  # raises on floats and other content the log cannot hash
    assert len(payload_digest(event.payload)) == 64


def test_when_rendered_as_markdown_then_german_first_with_iso_and_local_dates() -> None:
    fria = _documents()[1]
    german = render_markdown(fria)
    english = render_markdown(fria, lang="en")
    assert german.startswith("# Grundrechte-Folgenabschätzung")
    assert "06.12.2026, 16:00 Uhr (2026-12-06T15:00:00+00:00)" in german
    assert "## Spezifische Schadensrisiken (Art. 27(1)(d) KI-VO)" in german
    assert "(Art. 27(1)(d) AI Act)" in english


@pytest.mark.parametrize("index", [0, 1, 2])
def test_when_rendered_in_english_then_dates_are_iso_and_english_local_without_german(
    index: int,
) -> None:
    english = render_markdown(_documents()[index], lang="en")
    assert "Generated: 2026-12-06 16:00 CET (2026-12-06T15:00:00+00:00)" in english
    assert "Uhr" not in english
    assert not re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", english)  # no German date form


def test_when_the_fria_states_dates_then_german_and_english_use_their_local_form() -> None:
    fria = build_fria(make_facts(), "wohngeld-demo")
    assert "vom 01.10.2026 bis 30.11.2026" in fria["period_and_frequency"]["text"]["de"]
    assert "from 2026-10-01 to 2026-11-30" in fria["period_and_frequency"]["text"]["en"]
    assert fria["generated_at"] == {
        "iso": "2026-12-06T15:00:00+00:00", "local": "06.12.2026, 16:00 Uhr",
        "local_en": "2026-12-06 16:00 CET", "zone": "Europe/Berlin",
    }
    summary = build_registration(make_facts(), "wohngeld-demo", fria)["fria_summary"]
    assert summary["text"]["de"].startswith("FRIA vom 06.12.2026, 16:00 Uhr")
    assert summary["text"]["en"].startswith("FRIA of 2026-12-06 16:00 CET")


def test_when_an_older_version_lacks_the_english_local_date_then_the_german_one_is_used() -> None:
    fria = build_fria(make_facts(), "wohngeld-demo")
    old = {**fria, "generated_at": {"iso": "2026-12-06T15:00:00+00:00",
                                    "local": "06.12.2026, 16:00 Uhr"}}
    assert "Generated: 06.12.2026, 16:00 Uhr" in render_markdown(old, lang="en")


def pdf_text(pdf: bytes) -> str:
    """The text a PDF of core fonts shows, line by line joined by spaces (no PDF library)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    content = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")
    shown = re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", content)
    lines = [re.sub(rb"\\(.)", rb"\1", line).decode("latin-1") for line in shown]
    return re.sub(r"\s+", " ", " ".join(lines))


def _pdf_form(line: str) -> str:
    return re.sub(r"\s+", " ", line.replace("–", "-").replace("→", "->"))


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("index", [0, 1, 2])
def test_when_rendered_as_pdf_then_every_section_is_in_it_in_that_language(
    index: int, lang: Literal["de", "en"]
) -> None:
    document = _documents()[index]
    pdf = render_pdf(document, lang=lang)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    shown = pdf_text(pdf)
    assert _pdf_form(document["title"][lang]) in shown
    generated = document["generated_at"]
    local = generated["local"] if lang == "de" else generated["local_en"]
    assert f"{local} ({generated['iso']})" in shown
    for key, value in document.items():
        if isinstance(value, dict) and {"ref", "title", "text"} <= value.keys():
            assert _pdf_form(value["title"][lang]) in shown, key
            first_line = value["text"][lang].split("\n")[0]
            assert _pdf_form(first_line.removeprefix("- "))[:60] in shown, key


@pytest.mark.parametrize(
    ("lang", "marker"),
    [("de", "[vom Verantwortlichen zu ergänzen]"), ("en", "[to be completed by the deployer]")],
)
def test_when_fields_are_missing_then_the_pdf_marks_them_and_lists_the_keys(
    lang: Literal["de", "en"], marker: str
) -> None:
    fria = build_fria(make_facts(controller=ControllerInfo()), "wohngeld-demo")
    shown = pdf_text(render_pdf(fria, lang=lang))
    assert marker in shown
    assert "records.complaint_mechanism" in shown
    assert "records.market_surveillance_authority" in shown
