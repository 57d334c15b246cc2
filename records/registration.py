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
the Dutch algorithm register's publication standard (``algoritmeregister``, 1.0).
"""

from __future__ import annotations

from typing import Any

from records.errors import UnknownModelError
from records.sections import (
    day,
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
ALGORITHM_REGISTER_STANDARD = "1.0"
"""The algoritmeregister publication standard whose attribute names the export uses."""


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
        body=text(  # point 3 asks for the URL; the provider is named when configured
            f"{name} (Versionen {joined(model.versions)}"
            + (f", Anbieter {model.settings.provider}" if model.settings.provider else "")
            + f"): {or_todo(url, 'de')}",
            f"{name} (versions {joined(model.versions)}"
            + (f", provider {model.settings.provider}" if model.settings.provider else "")
            + f"): {or_todo(url, 'en')}",
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
    """One entry for a public algorithm register, with the attribute names of the Dutch
    ``algoritmeregister`` publication standard (1.0, as algoritmes.overheid.nl uses them).

    Only what the gateway knows is filled: the organisation and contact from ``[records]``,
    purposes, features and methods from the policy and the model, the FRIA's texts on risks,
    human intervention and objection. What only the deployer can state (department,
    publication category, proportionality, competent authority, IAMA, links, dates of use,
    performance standard) stays an empty string and is listed in ``to_be_completed``; values
    are never guessed, so ``status`` and ``publication_category`` are the deployer's.

    Raises:
        UnknownModelError: ``model_id`` is not an automated-decision model of the bundle.
    """
    model = facts.model(model_id)
    if model is None:
        raise UnknownModelError(model_id)
    c = facts.controller
    s = model.settings
    de = lang == "de"

    def fria_text(item: str) -> str:
        return str(fria.get(item, {}).get("text", {}).get(lang, ""))

    audit = model.fairness
    monitoring = ""
    if audit is not None:
        monitoring = (
            f"Bias-Prüfung (fairlearn) der Entscheidungen; letzte am {day(audit.created_at)}, "
            f"Ergebnis {audit.status}"
            if de
            else f"Bias audits (fairlearn) of the decisions; latest on "
            f"{day(audit.created_at, 'en')}, result {audit.status}"
        )
    dpia = ("Ja" if de else "Yes") if c.dpia_reference or c.dpia_summary else ""
    dpia_description = "; ".join(v for v in (c.dpia_summary, c.dpia_reference) if v)
    entry: dict[str, Any] = {
        # Algemene informatie
        "name": s.system_name or model.model_id,
        "organization": c.name,
        "department": "",
        "description_short": (
            f"Bewertung von Anträgen ({joined(model.purposes)}) mit Erklärung und Prüfung"
            if de
            else f"Assessment of applications ({joined(model.purposes)}) with explanation "
            "and review"
        )[:150],
        "publication_category": "",
        "status": s.status,
        "area": s.domain or c.area,
        "begin_date": "",
        "end_date": "",
        "contact_email": c.contact,
        "website": c.website,
        "provider": s.provider,
        "publiccode": "",
        # Verantwoord gebruik
        "goal": (
            f"Unterstützung von Entscheidungen in {joined(model.services)} "
            f"(Zwecke: {joined(model.purposes)})"
            if de
            else f"Support of decisions in {joined(model.services)} "
            f"(purposes: {joined(model.purposes)})"
        ),
        "impact": fria_text("affected_groups"),
        "proportionality": "",
        "human_intervention": fria_text("human_oversight"),
        "risks": fria_text("risks_of_harm"),
        "monitoring": monitoring,
        "lawful_basis": s.lawful_basis
        or (model.oversight.legal_basis if model.oversight else ""),
        "lawful_basis_link": "",
        "competent_authority": "",
        "objection_procedure": fria_text("measures"),
        # Impacttoetsen
        "dpia": dpia,
        "dpia_description": dpia_description,
        "iama": "",
        "iama_description": (
            f"Grundrechte-Folgenabschätzung nach Art. 27 KI-VO: Entwurf, Status "
            f"{fria.get('status', '')}"
            if de
            else f"Fundamental-rights impact assessment (AI Act Art. 27): draft, status "
            f"{fria.get('status', '')}"
        ),
        # Werking
        "source_data": (
            f"Merkmale des Antrags: {joined(model.features)}"
            if de
            else f"Features of the application: {joined(model.features)}"
        )
        if model.features
        else "",
        "source_data_link": "",
        "methods_and_models": (
            f"{model.kind or 'Modell'}; Erklärung je Entscheidung mit SHAP; Bias-Prüfung mit "
            "fairlearn; Regeln als Code (Rego)"
            if de
            else f"{model.kind or 'model'}; SHAP explanation of every decision; bias audits "
            "with fairlearn; rules as code (Rego)"
        ),
        "performance_standard": "",
        "documentation": "",
        "application_url": "",
        # Metadata
        "standard_version": ALGORITHM_REGISTER_STANDARD,
        "lang": lang,
        "revision_date": (when(facts.generated_at) or {}).get("iso", "")[:10],
    }
    entry["to_be_completed"] = sorted(k for k, v in entry.items() if v in ("", None))
    return entry
