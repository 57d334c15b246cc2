"""Record of processing activities (Verzeichnis von Verarbeitungstätigkeiten), GDPR Art. 30(1).

One processing activity per service of the policy bundle. The top-level keys follow
Art. 30(1) (a)-(g): ``controller`` (a), ``purposes`` (b), ``data_subjects`` and
``data_categories`` (c), ``recipients`` (d), ``transfers`` (e), ``retention`` (f),
``measures`` (g); ``activities`` repeats them per service.
"""

from __future__ import annotations

from typing import Any

from records.sections import (
    TODO_DE,
    TODO_EN,
    given,
    header,
    joined,
    or_todo,
    section,
    status_of,
    text,
)
from records.types import Facts, MeasuresFacts, RetentionFact, ServiceFacts

EU_EEA = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK"
    .split()
)


def build_ropa(facts: Facts, *, services: frozenset[str] | None = None) -> dict[str, Any]:
    """The Art. 30 record for every service (or only ``services``, for scoped officers).

    Args:
        facts: what the gateway knows.
        services: the services the reader may see; None means all.
    """
    chosen = [s for s in facts.services if services is None or s.name in services]
    controller = _controller(facts)
    activities = [_activity(facts, s) for s in chosen]
    parts = {
        "controller": controller,
        "purposes": section(
            ref="Art. 30(1)(b) DSGVO",
            title=text("Zwecke der Verarbeitung", "Purposes of the processing"),
            body=text(
                "; ".join(f"{s.name}: {joined(_purposes(s))}" for s in chosen) or "–",
                "; ".join(f"{s.name}: {joined(_purposes(s))}" for s in chosen) or "–",
            ),
            facts={"by_service": {s.name: _purposes(s) for s in chosen}},
        ),
        "data_subjects": _merge(activities, "data_subjects", "Art. 30(1)(c) DSGVO"),
        "data_categories": _merge(activities, "data_categories", "Art. 30(1)(c) DSGVO"),
        "recipients": _merge(activities, "recipients", "Art. 30(1)(d) DSGVO"),
        "transfers": _merge(activities, "transfers", "Art. 30(1)(e) DSGVO"),
        "retention": _retention(
            facts.retention,
            decisions=any(s.decision_models for s in chosen),
            decision_retention=facts.controller.decision_records_retention,
        ),
        "measures": _measures(facts.measures, facts.controller.organisational_measures),
    }
    return {
        **header("ropa", facts.generated_at, facts.policy_revision, facts.gateway_version),
        "title": text(
            "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 Abs. 1 DSGVO)",
            "Record of processing activities (GDPR Art. 30(1))",
        ),
        "status": status_of([*parts.values(), *(a["status_section"] for a in activities)]),
        **parts,
        "activities": [{k: v for k, v in a.items() if k != "status_section"} for a in activities],
    }


def _purposes(service: ServiceFacts) -> list[str]:
    return sorted({p for m in service.models for p in m.purposes})


def _controller(facts: Facts) -> dict[str, Any]:
    c = facts.controller
    missing: list[str] = []
    name = given(c.name, "records.controller_name", missing)
    address = given(c.address, "records.controller_address", missing)
    contact = given(c.contact, "records.controller_contact", missing)
    dpo = given(c.dpo_contact, "records.dpo_contact", missing)
    lines = {
        "de": [
            f"Verantwortlicher: {or_todo(name, 'de')}",
            f"Anschrift: {or_todo(address, 'de')}",
            f"Kontakt: {or_todo(contact, 'de')}",
            f"Datenschutzbeauftragte/r: {or_todo(dpo, 'de')}",
        ],
        "en": [
            f"Controller: {or_todo(name, 'en')}",
            f"Address: {or_todo(address, 'en')}",
            f"Contact: {or_todo(contact, 'en')}",
            f"Data protection officer: {or_todo(dpo, 'en')}",
        ],
    }
    # Art. 30(1)(a) names these "where applicable": stated when configured, else not claimed.
    if c.joint_controllers:
        lines["de"].append(f"Gemeinsam Verantwortliche (Art. 26 DSGVO): {c.joint_controllers}")
        lines["en"].append(f"Joint controllers (GDPR Art. 26): {c.joint_controllers}")
    if c.representative:
        lines["de"].append(f"Vertreter: {c.representative}")
        lines["en"].append(f"Representative: {c.representative}")
    return section(
        ref="Art. 30(1)(a) DSGVO",
        title=text("Verantwortlicher und Kontakt", "Controller and contact"),
        body=text("\n".join(lines["de"]), "\n".join(lines["en"])),
        facts={
            "name": name,
            "address": address,
            "contact": contact,
            "joint_controllers": c.joint_controllers,
            "representative": c.representative,
            "dpo_contact": dpo,
        },
        missing=missing,
    )


def _activity(facts: Facts, service: ServiceFacts) -> dict[str, Any]:
    subjects_missing: list[str] = []
    described = given(
        service.data_subjects, f"records.services.{service.name}.data_subjects", subjects_missing
    )
    decision_note_de = (
        f" Von automatisierten Entscheidungen ({joined(service.decision_models)}) betroffene "
        "Antragstellende."
        if service.decision_models
        else ""
    )
    decision_note_en = (
        f" Applicants subject to automated decisions ({joined(service.decision_models)})."
        if service.decision_models
        else ""
    )
    data_subjects = section(
        ref="Art. 30(1)(c) DSGVO",
        title=text("Kategorien betroffener Personen", "Categories of data subjects"),
        body=text(
            "Personen, deren Daten in Texten dieses Dienstes an KI-Modelle vorkommen."
            + decision_note_de
            + f" Genauer: {or_todo(described, 'de')}",
            "Persons whose data appear in this service's texts to AI models."
            + decision_note_en
            + f" In detail: {or_todo(described, 'en')}",
        ),
        facts={"decision_models": list(service.decision_models), "described": described},
        missing=subjects_missing,
    )
    any_type = "*" in service.data_categories
    categories = section(
        ref="Art. 30(1)(c) DSGVO",
        title=text("Kategorien personenbezogener Daten", "Categories of personal data"),
        body=text(
            (
                "Alle erkannten Arten personenbezogener Daten (vor der Weitergabe ersetzt)"
                if any_type
                else f"Nur: {joined(service.data_categories)}"
            )
            + "; besondere Kategorien (Art. 9 DSGVO): "
            + joined(service.special_categories, empty="keine"),
            (
                "Any detected type of personal data (replaced before it leaves)"
                if any_type
                else f"Only: {joined(service.data_categories)}"
            )
            + "; special categories (GDPR Art. 9): "
            + joined(service.special_categories, empty="none"),
        ),
        facts={
            "pii_types": "any" if any_type else list(service.data_categories),
            "special_categories": list(service.special_categories),
            "redacted_before_model": facts.measures.redaction_enabled,
            "pseudonyms_restored_for": list(service.restore_pii_purposes),
        },
    )
    recipient_missing: list[str] = []
    recipients_de, recipients_en, recipient_facts = [], [], []
    transfers_de, transfers_en, transfer_facts = [], [], []
    for m in service.models:
        where = m.country or ""
        if not where:
            recipient_missing.append(f"upstreams[{m.upstream or m.model}].country")
        hosting_de = {"internal": "intern betrieben", "external": "externer Anbieter"}.get(
            m.hosting, "Betrieb nicht konfiguriert"
        )
        hosting_en = {"internal": "run in-house", "external": "external provider"}.get(
            m.hosting, "hosting not configured"
        )
        recipients_de.append(f"KI-Modell {m.model} ({hosting_de}, Land: {or_todo(where, 'de')})")
        recipients_en.append(f"AI model {m.model} ({hosting_en}, country: {or_todo(where, 'en')})")
        recipient_facts.append(
            {"model": m.model, "hosting": m.hosting, "upstream": m.upstream, "country": where}
        )
        if where and where.upper() not in EU_EEA:
            transfers_de.append(f"{m.model} → {where}")
            transfers_en.append(f"{m.model} → {where}")
            transfer_facts.append({"model": m.model, "country": where})
    recipients = section(
        ref="Art. 30(1)(d) DSGVO",
        title=text("Empfänger", "Recipients"),
        body=text("; ".join(recipients_de) or "–", "; ".join(recipients_en) or "–"),
        facts={"models": recipient_facts},
        missing=recipient_missing,
    )
    transfer_missing = list(recipient_missing)
    safeguards = (
        given(
            service.transfer_safeguards,
            f"records.services.{service.name}.transfer_safeguards",
            transfer_missing,
        )
        if transfer_facts
        else ""
    )
    transfers = section(
        ref="Art. 30(1)(e) DSGVO",
        title=text("Übermittlungen in Drittländer", "Transfers to third countries"),
        body=text(
            "; ".join(transfers_de) + f" – Garantien: {or_todo(safeguards, 'de')}"
            if transfers_de
            else "Keine Übermittlung in Drittländer konfiguriert."
            + ("" if not recipient_missing else f" Länder der Modelle: {TODO_DE}"),
            "; ".join(transfers_en) + f" – safeguards: {or_todo(safeguards, 'en')}"
            if transfers_en
            else "No transfer to third countries configured."
            + ("" if not recipient_missing else f" Countries of the models: {TODO_EN}"),
        ),
        facts={"third_countries": transfer_facts, "safeguards": safeguards},
        missing=transfer_missing,
    )
    parts = {
        "data_subjects": data_subjects,
        "data_categories": categories,
        "recipients": recipients,
        "transfers": transfers,
    }
    return {
        "service": service.name,
        "description": service.description,
        "purposes": _purposes(service),
        **parts,
        "status": status_of(parts.values()),
        "status_section": {"status": status_of(parts.values())},
    }


def _merge(activities: list[dict[str, Any]], key: str, ref: str) -> dict[str, Any]:
    """One top-level section holding a key of every activity."""
    first = activities[0][key] if activities else None
    title = first["title"] if first else text(key, key)
    return section(
        ref=ref,
        title=title,
        body=text(
            "\n".join(f"{a['service']}: {a[key]['text']['de']}" for a in activities) or "–",
            "\n".join(f"{a['service']}: {a[key]['text']['en']}" for a in activities) or "–",
        ),
        facts={"by_service": {a["service"]: a[key]["facts"] for a in activities}},
        missing=[gap for a in activities for gap in a[key]["to_be_completed"]],
    )


def _retention(
    rules: tuple[RetentionFact, ...], *, decisions: bool, decision_retention: str
) -> dict[str, Any]:
    """Art. 30(1)(f): the audit log's periods, and the decision records' when there are any.

    The gateway deletes nothing from the decision store (features, protected attributes and
    explanations, encrypted at rest); their period is the deployer's to state
    (``records.decision_records_retention``), so it is never left out silently.
    """

    def line(rule: RetentionFact, lang: str) -> str:
        period = (
            ("unbegrenzt (Hashes bleiben)" if lang == "de" else "unlimited (hashes stay)")
            if rule.days == 0
            else f"{rule.days} {'Tage' if lang == 'de' else 'days'}"
        )
        scope = rule.event_type + ("" if rule.service in ("", "*") else f" ({rule.service})")
        return f"{scope}: {period}" + (f" – {rule.basis}" if rule.basis else "")

    missing: list[str] = [] if rules else ["policies: governance.retention"]
    decision_lines = {"de": "", "en": ""}
    if decisions:
        stated = given(decision_retention, "records.decision_records_retention", missing)
        decision_lines = {
            "de": "\nEntscheidungsdatensätze (Merkmale, geschützte Merkmale, Erklärungen; "
            "verschlüsselt gespeichert, vom Gateway nicht automatisch gelöscht): "
            + or_todo(stated, "de"),
            "en": "\nDecision records (features, protected attributes, explanations; stored "
            "encrypted, not deleted automatically by the gateway): " + or_todo(stated, "en"),
        }
    return section(
        ref="Art. 30(1)(f) DSGVO",
        title=text("Löschfristen", "Time limits for erasure"),
        body=text(
            "Protokolleinträge: Inhalte werden nach Ablauf entfernt; Hashes und Kette "
            "bleiben prüfbar; Sperren (Legal Hold) setzen die Löschung aus.\n"
            + "\n".join(line(r, "de") for r in rules)
            + decision_lines["de"],
            "Log records: payloads are removed when the period ends; hashes and the chain "
            "stay verifiable; legal holds suspend deletion.\n"
            + "\n".join(line(r, "en") for r in rules)
            + decision_lines["en"],
        ),
        facts={
            "rules": [
                {"event_type": r.event_type, "service": r.service, "days": r.days,
                 "basis": r.basis}
                for r in rules
            ],
            "decision_records": decision_retention if decisions else None,
        },
        missing=missing,
    )


def _measures(m: MeasuresFacts, organisational: str) -> dict[str, Any]:
    de = [
        (
            f"Pseudonymisierung personenbezogener Daten vor jedem KI-Aufruf "
            f"(Sprachen: {joined(m.redaction_languages)})"
            if m.redaction_enabled
            else "Schwärzung vor KI-Aufrufen ist ABGESCHALTET"
        ),
        "Zweckbindung und Modellwahl durch Richtlinien als Code (Rego)",
        f"Zugriffskontrolle nach Rollen ({joined(m.access_control)})"
        + (", Anmeldung über OIDC" if m.oidc_enabled else ""),
        "Verschlüsselung personenbezogener Protokollfelder mit Schlüssel je Person "
        "(Löschung durch Schlüsselvernichtung)"
        if m.personal_fields_encrypted
        else "",
        "Verschlüsselte Speicherung gespeicherter Entscheidungen"
        if m.decision_store_encrypted
        else "",
        f"Manipulationssicheres Protokoll: Hash-Kette, signierte Checkpoints alle "
        f"{m.checkpoint_every} Einträge bzw. {int(m.checkpoint_interval_s)} s"
        + (f", Verankerung: {joined(m.anchors)}" if m.anchors else ""),
        "Begrenzung der Anfragerate" if m.rate_limits_enabled else "",
    ]
    en = [
        (
            f"Pseudonymisation of personal data before every AI call "
            f"(languages: {joined(m.redaction_languages)})"
            if m.redaction_enabled
            else "Redaction before AI calls is SWITCHED OFF"
        ),
        "Purpose limitation and model choice by policies as code (Rego)",
        f"Role-based access control ({joined(m.access_control)})"
        + (", sign-in via OIDC" if m.oidc_enabled else ""),
        "Personal log fields encrypted with a key per person (erasure by key destruction)"
        if m.personal_fields_encrypted
        else "",
        "Stored decisions encrypted at rest" if m.decision_store_encrypted else "",
        f"Tamper-evident log: hash chain, signed checkpoints every {m.checkpoint_every} "
        f"records or {int(m.checkpoint_interval_s)} s"
        + (f", anchored: {joined(m.anchors)}" if m.anchors else ""),
        "Rate limiting" if m.rate_limits_enabled else "",
    ]
    missing: list[str] = []
    organisational = given(organisational, "records.organisational_measures", missing)
    return section(
        ref="Art. 30(1)(g), Art. 32(1) DSGVO",
        title=text(
            "Technische und organisatorische Maßnahmen", "Technical and organisational measures"
        ),
        body=text(
            "\n".join(f"- {x}" for x in de if x)
            + f"\n- Organisatorische Maßnahmen: {or_todo(organisational, 'de')}",
            "\n".join(f"- {x}" for x in en if x)
            + f"\n- Organisational measures: {or_todo(organisational, 'en')}",
        ),
        facts={
            "redaction_enabled": m.redaction_enabled,
            "redaction_languages": list(m.redaction_languages),
            "pii_entity_types": list(m.pii_entity_types),
            "personal_fields_encrypted": m.personal_fields_encrypted,
            "decision_store_encrypted": m.decision_store_encrypted,
            "roles": list(m.access_control),
            "oidc": m.oidc_enabled,
            "rate_limits": m.rate_limits_enabled,
            "audit_chain": m.audit_chain,
            "checkpoint_every": m.checkpoint_every,
            "checkpoint_interval_s": int(m.checkpoint_interval_s),
            "anchors": list(m.anchors),
        },
        missing=missing,
    )
