"""Registration data of a public-authority deployer (AI Act Art. 49(3), Annex VIII Section C).

Annex VIII Section C asks for five things, here under these keys:

1. ``deployer``: name, address and contact details of the deployer;
2. ``submitter``: the same of the person submitting on the deployer's behalf;
3. ``system``: the URL of the system's entry in the EU database made by its provider;
4. ``fria_summary``: a summary of the findings of the Art. 27 assessment;
5. ``dpia_summary``: a summary of the data-protection impact assessment (Art. 35 GDPR),
   where applicable (Art. 26(8)).

``purpose`` adds the intended purpose in the deployer's words (services and purposes of the
policy). :func:`build_algorithm_register` exports the same facts with the attribute names of
the Dutch algorithm register standard (``algoritmeregister``, v0.3.1).
"""

from __future__ import annotations

from typing import Any

from records.errors import UnknownModelError
from records.sections import (
    given,
    header,
    joined,
    local_form,
    or_todo,
    section,
    status_of,
    text,
    when,
)
from records.types import Facts, ModelFacts

ANNEX = "Anhang VIII Abschnitt C Nr. {n} KI-VO"
ALGORITHM_REGISTER_STANDARD = "0.3.1"


def build_registration(facts: Facts, model_id: str, fria: dict[str, Any]) -> dict[str, Any]:
    """The Annex VIII Section C data for one model.

    Args:
        facts: what the gateway knows.
        model_id: the automated-decision model.
        fria: the FRIA the summary is taken from (the latest stored version, or a fresh draft).

    Raises:
        UnknownModelError: ``model_id`` is not an automated-decision model of the bundle.
    """
    model = facts.model(model_id)
    if model is None:
        raise UnknownModelError(model_id)
    c = facts.controller
    items = {
        "deployer": _contact(
            "1", text("Betreiber (Behörde)", "Deployer (authority)"),
            (c.name, "records.controller_name"),
            (c.address, "records.controller_address"),
            (c.contact, "records.controller_contact"),
        ),
        "submitter": _contact(
            "2", text("Einreichende Person", "Person submitting the information"),
            (c.submitter_name, "records.submitter_name"),
            (c.submitter_address, "records.submitter_address"),
            (c.submitter_contact, "records.submitter_contact"),
        ),
        "system": _system(model),
        "fria_summary": _fria_summary(fria),
        "dpia_summary": _dpia(facts),
    }
    purpose = section(
        ref="Art. 49(3) KI-VO",
        title=text("Zweck der Verwendung", "Purpose of use"),
        body=text(
            f"Unterstützung von Entscheidungen in {joined(model.services)} "
            f"(Zwecke: {joined(model.purposes)}).",
            f"Support of decisions in {joined(model.services)} "
            f"(purposes: {joined(model.purposes)}).",
        ),
        facts={"services": list(model.services), "purposes": list(model.purposes)},
    )
    return {
        **header("registration", facts.generated_at, facts.policy_revision,
                 facts.gateway_version),
        "title": text(
            f"Registrierung in der EU-Datenbank (Art. 49 Abs. 3 KI-VO): {model.model_id}",
            f"Registration in the EU database (AI Act Art. 49(3)): {model.model_id}",
        ),
        "model": model.model_id,
        "status": status_of([*items.values(), purpose]),
        **items,
        "purpose": purpose,
    }


def _contact(
    number: str, title: dict[str, str], *fields: tuple[str, str]
) -> dict[str, Any]:
    missing: list[str] = []
    name, address, contact = (given(value, key, missing) for value, key in fields)
    return section(
        ref=ANNEX.format(n=number),
        title=title,
        body=text(
            f"{or_todo(name, 'de')}, {or_todo(address, 'de')}, {or_todo(contact, 'de')}",
            f"{or_todo(name, 'en')}, {or_todo(address, 'en')}, {or_todo(contact, 'en')}",
        ),
        facts={"name": name, "address": address, "contact": contact},
        missing=missing,
    )


def _system(model: ModelFacts) -> dict[str, Any]:
    missing: list[str] = []
    key = f"records.models.{model.model_id}"
    url = given(model.settings.eu_database_url, f"{key}.eu_database_url", missing)
    name = model.settings.system_name or model.model_id
    return section(
        ref=ANNEX.format(n="3"),
        title=text("Eintrag des Anbieters in der EU-Datenbank",
                   "The provider's entry in the EU database"),
        body=text(
            f"{name} (Versionen {joined(model.versions)}), Anbieter "
            f"{or_todo(model.settings.provider, 'de')}: {or_todo(url, 'de')}",
            f"{name} (versions {joined(model.versions)}), provider "
            f"{or_todo(model.settings.provider, 'en')}: {or_todo(url, 'en')}",
        ),
        facts={
            "system_name": name,
            "model_id": model.model_id,
            "versions": list(model.versions),
            "provider": model.settings.provider,
            "eu_database_url": url,
        },
        missing=missing,
    )


def _fria_summary(fria: dict[str, Any]) -> dict[str, Any]:
    items = ("process", "period_and_frequency", "affected_groups", "risks_of_harm",
             "human_oversight", "measures")
    open_items = [k for k in items if fria.get(k, {}).get("status") != "complete"]
    risks = fria.get("risks_of_harm", {}).get("facts", {}).get("latest_audit", {})
    oversight = fria.get("human_oversight", {}).get("facts", {})
    generated = fria.get("generated_at") or {}
    version = fria.get("version", "")
    de = (
        f"FRIA vom {local_form(generated, 'de')}"
        + (f" (Version {version})" if version else "")
        + ": "
        f"Bias-Prüfung {risks.get('status', 'fehlt')}"
        + (f", verletzte Schwellen: {joined(risks.get('violations', []))}"
           if risks.get("violations") else "")
        + f"; menschliche Prüfung bei {oversight.get('decisions_with_human_review', 0)} von "
        f"{oversight.get('decisions_total', 0)} Entscheidungen; offene Punkte: "
        f"{joined(open_items, empty='keine')}."
    )
    en = (
        f"FRIA of {local_form(generated, 'en')}"
        + (f" (version {version})" if version else "")
        + ": "
        f"bias audit {risks.get('status', 'missing')}"
        + (f", thresholds violated: {joined(risks.get('violations', []))}"
           if risks.get("violations") else "")
        + f"; human review in {oversight.get('decisions_with_human_review', 0)} of "
        f"{oversight.get('decisions_total', 0)} decisions; open items: "
        f"{joined(open_items, empty='none')}."
    )
    return section(
        ref=ANNEX.format(n="4"),
        title=text("Zusammenfassung der Grundrechte-Folgenabschätzung",
                   "Summary of the fundamental-rights impact assessment"),
        body=text(de, en),
        facts={
            "fria_version": version,
            "fria_generated_at": fria.get("generated_at"),
            "fria_status": fria.get("status", ""),
            "open_items": open_items,
            "audit_status": risks.get("status", ""),
        },
        missing=[f"fria.{k}" for k in open_items],
    )


def _dpia(facts: Facts) -> dict[str, Any]:
    missing: list[str] = []
    reference = given(facts.controller.dpia_reference, "records.dpia_reference", missing)
    summary = given(facts.controller.dpia_summary, "records.dpia_summary", missing)
    return section(
        ref=ANNEX.format(n="5"),
        title=text("Zusammenfassung der Datenschutz-Folgenabschätzung",
                   "Summary of the data-protection impact assessment"),
        body=text(
            f"{or_todo(summary, 'de')} (Fundstelle: {or_todo(reference, 'de')})",
            f"{or_todo(summary, 'en')} (reference: {or_todo(reference, 'en')})",
        ),
        facts={"reference": reference, "summary": summary},
        missing=missing,
    )


def build_algorithm_register(
    facts: Facts, model_id: str, fria: dict[str, Any], *, lang: str = "de"
) -> dict[str, Any]:
    """One entry for a public algorithm register (``algoritmeregister`` v0.3.1 attributes).

    Values the gateway cannot know are empty strings, listed in ``to_be_completed``.

    Raises:
        UnknownModelError: ``model_id`` is not an automated-decision model of the bundle.
    """
    model = facts.model(model_id)
    if model is None:
        raise UnknownModelError(model_id)
    c = facts.controller
    s = model.settings
    de = lang == "de"
    oversight = fria.get("human_oversight", {}).get("text", {}).get(lang, "")
    risks = fria.get("risks_of_harm", {}).get("text", {}).get(lang, "")
    objection = fria.get("measures", {}).get("text", {}).get(lang, "")
    entry: dict[str, Any] = {
        "standard_version": ALGORITHM_REGISTER_STANDARD,
        "lang": lang,
        "last_change_date": (when(facts.generated_at) or {}).get("iso", "")[:10],
        "name": s.system_name or model.model_id,
        "organization": c.name,
        "department": joined(model.services),
        "country": c.country,
        "contact_email": c.contact,
        "description_short": (
            f"Bewertung von Anträgen ({joined(model.purposes)}) mit Erklärung und Prüfung"
            if de
            else f"Assessment of applications ({joined(model.purposes)}) with explanation "
            "and review"
        )[:150],
        "website": c.website,
        "status": s.status,
        "decision_making_process": fria.get("process", {}).get("text", {}).get(lang, ""),
        "domain": s.domain,
        "area": c.area,
        "goal": joined(model.purposes),
        "risks": risks,
        "risk_category": "hoog risico" if de else "high risk",
        "lawful_basis": s.lawful_basis
        or (model.oversight.legal_basis if model.oversight else ""),
        "DPIA_description": c.dpia_summary,
        "DPIA_url": c.dpia_reference,
        "algorithm_type": "zelflerend" if de else "self-learning",
        "methods_and_models": f"{model.kind or 'model'}; SHAP; fairlearn",
        "AIA_description": (
            f"Grundrechte-Folgenabschätzung nach Art. 27 KI-VO, Status {fria.get('status', '')}"
            if de
            else f"Fundamental-rights impact assessment (AI Act Art. 27), status "
            f"{fria.get('status', '')}"
        ),
        "product_information": s.eu_database_url,
        "type": "voorspellend" if de else "predictive",
        "monitoring": (
            "Regelmäßige Bias-Prüfung (fairlearn) über alle Entscheidungen"
            if de
            else "Regular bias audits (fairlearn) over all decisions"
        ),
        "human_intervention": oversight,
        "objection_procedure": objection,
    }
    entry["to_be_completed"] = sorted(k for k, v in entry.items() if v in ("", None))
    return entry
