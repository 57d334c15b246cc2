"""Draft fundamental-rights impact assessment (Grundrechte-Folgenabschätzung), AI Act Art. 27.

The six items of Art. 27(1) are the keys ``process`` (a), ``period_and_frequency`` (b),
``affected_groups`` (c), ``risks_of_harm`` (d), ``human_oversight`` (e) and ``measures`` (f);
``notification`` covers Art. 27(3). Each states what the gateway knows (policy, decisions,
bias audits, reviews) and marks what only the deployer can say as ``to_be_completed``.
"""

from __future__ import annotations

from typing import Any

from records.errors import UnknownModelError
from records.sections import (
    day,
    given,
    header,
    joined,
    or_todo,
    section,
    sentence,
    status_of,
    text,
    when,
)
from records.types import Facts, ModelFacts

ARTICLE = "Art. 27(1)({item}) KI-VO"
# The automation conditions and fairness actions of policies/bundle/automated_decision.rego.
_CONDITION_WORDS = {
    "favourable_only": ("nur begünstigende Entscheidungen", "favourable decisions only"),
    "min_margin": ("Abstand zur Schwelle mindestens {}", "distance from the threshold at least {}"),
    "require_fairness": ("Bias-Prüfung mit Ergebnis {}", "bias audit with result {}"),
}
_ACTION_WORDS = {
    "human_review": ("Prüfung durch Sachbearbeitende", "review by a caseworker"),
    "deny": ("keine Entscheidung (abgelehnt)", "no decision (refused)"),
    "allow": ("Entscheidung wie berechnet", "decision as computed"),
}


def _conditions(conditions: tuple[tuple[str, str], ...], lang: str) -> str:
    index = 0 if lang == "de" else 1
    words = [
        _CONDITION_WORDS[name][index].format(value) if name in _CONDITION_WORDS
        else f"{name} {value}".strip()
        for name, value in conditions
    ]
    return joined(words)


def _action(action: str, lang: str) -> str:
    """A fairness action of the policy in words, with the policy's token."""
    if action not in _ACTION_WORDS:
        return action or "–"
    return f"{_ACTION_WORDS[action][0 if lang == 'de' else 1]} ({action})"


def build_fria(facts: Facts, model_id: str) -> dict[str, Any]:
    """The FRIA draft for one automated-decision model.

    Raises:
        UnknownModelError: ``model_id`` is not an automated-decision model of the bundle.
    """
    model = facts.model(model_id)
    if model is None:
        raise UnknownModelError(model_id)
    items = {
        "process": _process(facts, model),
        "period_and_frequency": _period(model),
        "affected_groups": _affected(model),
        "risks_of_harm": _risks(model),
        "human_oversight": _oversight(model),
        "measures": _measures(facts, model),
    }
    notification = _notification(facts)
    return {
        **header("fria", facts.generated_at, facts.policy_revision, facts.gateway_version),
        "title": text(
            f"Grundrechte-Folgenabschätzung (Art. 27 KI-VO) – Entwurf: {model.model_id}",
            f"Fundamental-rights impact assessment (AI Act Art. 27) – draft: {model.model_id}",
        ),
        "model": model.model_id,
        "model_versions": list(model.versions),
        "status": status_of([*items.values(), notification]),
        **items,
        "notification": notification,
    }


def _process(facts: Facts, model: ModelFacts) -> dict[str, Any]:
    missing: list[str] = []
    system = given(model.settings.system_name, f"records.models.{model.model_id}.system_name",
                   missing)
    services = [s for s in facts.services if s.name in model.services]
    described = "; ".join(s.description for s in services if s.description)
    return section(
        ref=ARTICLE.format(item="a"),
        title=text("Verfahren, in dem das System eingesetzt wird",
                   "Deployer's process in which the system is used"),
        body=text(
            f"System: {or_todo(system, 'de')}. Das Modell {model.model_id} bewertet Anträge "
            f"in den Fachverfahren {joined(model.services)} ({described or '–'}) für die Zwecke "
            f"{joined(model.purposes)}. Jede Entscheidung läuft über die Richtlinie "
            "automated_decision (Rego), wird mit SHAP erklärt, im Protokoll festgehalten, und "
            "die betroffene Person erhält einen Zugangscode zur Erklärung und zum Antrag auf "
            "menschliche Überprüfung."
            + (" Die Entscheidung hat rechtliche Wirkung (Art. 22 DSGVO)." if model.legal_effect
               else ""),
            f"System: {or_todo(system, 'en')}. The model {model.model_id} assesses applications "
            f"in the services {joined(model.services)} ({described or '–'}) for the purposes "
            f"{joined(model.purposes)}. Every decision passes the automated_decision policy "
            "(Rego), is explained with SHAP and logged, and the person concerned receives an "
            "access code to read the explanation and to ask for human review."
            + (" The decision has legal effect (GDPR Art. 22)." if model.legal_effect else ""),
        ),
        facts={
            "services": list(model.services),
            "purposes": list(model.purposes),
            "versions": list(model.versions),
            "legal_effect": model.legal_effect,
            "model_kind": model.kind,
            "features": list(model.features),
        },
        missing=missing,
    )


def _period(model: ModelFacts) -> dict[str, Any]:
    volume = model.volume
    missing: list[str] = []
    intended = given(model.settings.intended_period,
                     f"records.models.{model.model_id}.intended_period", missing)
    if volume.total == 0:
        missing.append("decisions: no decision of this model recorded yet")
        used_de, used_en = "Bisher keine Entscheidungen.", "No decisions so far."
    else:
        months = max(len(volume.per_month), 1)
        average = round(volume.total / months)
        used_de = (
            f"{volume.total} Entscheidungen vom {day(volume.first_at)} bis {day(volume.last_at)},"
            f" im Mittel {average} je Kalendermonat mit Entscheidungen."
        )
        used_en = (
            f"{volume.total} decisions from {day(volume.first_at, 'en')} to "
            f"{day(volume.last_at, 'en')}, on average {average} per calendar month with decisions."
        )
    return section(
        ref=ARTICLE.format(item="b"),
        title=text("Zeitraum und Häufigkeit der Verwendung", "Period and frequency of use"),
        body=text(
            f"Vorgesehener Zeitraum: {or_todo(intended, 'de')}. Tatsächliche Nutzung: {used_de}",
            f"Intended period: {or_todo(intended, 'en')}. Actual use: {used_en}",
        ),
        facts={
            "intended_period": intended,
            "decisions_total": volume.total,
            "first_decision": when(volume.first_at),
            "last_decision": when(volume.last_at),
            "per_month": [{"month": m, "decisions": n} for m, n in volume.per_month],
        },
        missing=missing,
    )


def _affected(model: ModelFacts) -> dict[str, Any]:
    missing: list[str] = []
    described = given(model.settings.affected_persons,
                      f"records.models.{model.model_id}.affected_persons", missing)
    if not model.audited_attributes:
        missing.append(f"policies: governance.fairness.models.{model.model_id}.attributes")
    groups = sorted({f"{g.attribute}={g.group}" for g in (model.fairness.groups
                                                          if model.fairness else ())})
    intersections = [" × ".join(i) for i in model.intersections]
    return section(
        ref=ARTICLE.format(item="c"),
        title=text("Betroffene Personen und Gruppen", "Persons and groups likely affected"),
        body=text(
            f"Antragstellende in {joined(model.services)}. {sentence(or_todo(described, 'de'))} "
            f"Gruppen, die auf Benachteiligung geprüft werden: {joined(model.audited_attributes)}"
            + (f" (auch kombiniert: {joined(intersections)})" if intersections else "")
            + (f"; in der letzten Prüfung gesehen: {joined(groups)}" if groups else "")
            + ".",
            f"Applicants in {joined(model.services)}. {sentence(or_todo(described, 'en'))} "
            f"Groups audited for disadvantage: {joined(model.audited_attributes)}"
            + (f" (also combined: {joined(intersections)})" if intersections else "")
            + (f"; seen in the latest audit: {joined(groups)}" if groups else "")
            + ".",
        ),
        facts={
            "described": described,
            "protected_attributes": list(model.protected_attributes),
            "audited_attributes": list(model.audited_attributes),
            "intersections": [list(i) for i in model.intersections],
            "groups_in_latest_audit": groups,
        },
        missing=missing,
    )


def _risks(model: ModelFacts) -> dict[str, Any]:
    missing: list[str] = []
    audit = model.fairness
    if audit is None:
        missing.append(f"fairness: no bias audit of {model.model_id} yet")
        audit_de = "Es liegt noch keine Prüfung auf Benachteiligung (Bias-Audit) vor."
        audit_en = "No bias audit has been run yet."
        audit_facts: dict[str, Any] = {}
    else:
        small = [f"{g.attribute}={g.group}" for g in audit.groups if not g.sufficient]
        shown = [
            f"{g.attribute}={g.group}: {g.selection_rate} [{g.interval}]"
            for g in audit.groups
            if g.sufficient and g.selection_rate
        ]
        audit_de = (
            f"Letzte Prüfung {day(audit.created_at)} (Bericht {audit.report_id}, "
            f"{audit.n_decisions} Entscheidungen, Zeitraum bis {day(audit.window_end)}): "
            f"Ergebnis {audit.status}."
            + (f" Verletzte Schwellen: {joined(audit.violations)}." if audit.violations else "")
            + (f" Auswahlquoten (95-%-Intervall): {'; '.join(shown)}." if shown else "")
            + (f" Zu kleine Gruppen (nicht ausgewiesen, unter {audit.min_group_size}): "
               f"{joined(small)}." if small else "")
        )
        audit_en = (
            f"Latest audit {day(audit.created_at, 'en')} (report {audit.report_id}, "
            f"{audit.n_decisions} decisions, window ending {day(audit.window_end, 'en')}): "
            f"result {audit.status}."
            + (f" Thresholds violated: {joined(audit.violations)}." if audit.violations else "")
            + (f" Selection rates (95 % interval): {'; '.join(shown)}." if shown else "")
            + (f" Groups too small to publish (below {audit.min_group_size}): "
               f"{joined(small)}." if small else "")
        )
        audit_facts = {
            "report_id": audit.report_id,
            "status": audit.status,
            "created_at": when(audit.created_at),
            "window_start": when(audit.window_start),
            "window_end": when(audit.window_end),
            "n_decisions": audit.n_decisions,
            "violations": list(audit.violations),
            "groups": [
                {"attribute": g.attribute, "group": g.group, "sufficient": g.sufficient,
                 "selection_rate": g.selection_rate, "interval": g.interval}
                if g.sufficient
                else {"attribute": g.attribute, "group": g.group, "sufficient": False}
                for g in audit.groups
            ],
        }
    provider = given(model.settings.provider_risks,
                     f"records.models.{model.model_id}.provider_risks", missing)
    features = "; ".join(f"{name} ({weight})" for name, weight in model.top_features)
    return section(
        ref=ARTICLE.format(item="d"),
        title=text("Spezifische Schadensrisiken", "Specific risks of harm"),
        body=text(
            "Risiko einer unberechtigten Ablehnung und einer mittelbaren Benachteiligung "
            "geschützter Gruppen. "
            + audit_de
            + (f" Einflussreichste Merkmale (mittlerer |SHAP|-Beitrag): {features}."
               if features else "")
            + f" Angaben des Anbieters nach Art. 13 KI-VO: {or_todo(provider, 'de')}",
            "Risk of unjustified refusal and of indirect discrimination against protected "
            "groups. "
            + audit_en
            + (f" Most influential features (mean |SHAP| contribution): {features}."
               if features else "")
            + f" Provider's information under AI Act Art. 13: {or_todo(provider, 'en')}",
        ),
        facts={
            "latest_audit": audit_facts,
            "provider_risks": provider,
            "top_features": [{"feature": n, "mean_abs_shap": w} for n, w in model.top_features],
        },
        missing=missing,
    )


def _oversight(model: ModelFacts) -> dict[str, Any]:
    o = model.oversight
    if o is None:
        return section(
            ref=ARTICLE.format(item="e"),
            title=text("Menschliche Aufsicht", "Human oversight"),
            body=text("Keine Angaben in der Richtlinie.", "Nothing stated in the policy."),
            missing=[f"policies: governance.automated_decisions.models.{model.model_id}"],
        )
    grey = f"{o.grey_zone[0]:.2f}–{o.grey_zone[1]:.2f}" if o.grey_zone else "–"
    missing: list[str] = []
    instructions = given(model.settings.oversight_instructions,
                         f"records.models.{model.model_id}.oversight_instructions", missing)
    return section(
        ref=ARTICLE.format(item="e"),
        title=text("Maßnahmen der menschlichen Aufsicht", "Human oversight measures"),
        body=text(
            f"Werte im Graubereich {grey} und Entscheidungen mit rechtlicher Wirkung gehen zur "
            "Prüfung an Sachbearbeitende. "
            + (
                f"Vollautomatisch nur, wenn: {_conditions(o.automation_conditions, 'de')} "
                f"(Rechtsgrundlage: {o.legal_basis or '–'}). "
                if o.automation_permitted
                else "Keine vollautomatische Entscheidung erlaubt. "
            )
            + f"Bei nicht bestandener Bias-Prüfung: {_action(o.on_fairness_failing, 'de')}; "
            f"ohne Prüfung: {_action(o.on_fairness_unknown, 'de')}. "
            f"Bisher {o.decisions_total} Entscheidungen, davon "
            f"{o.decisions_with_human_review} mit Prüfpflicht; {o.review_requests} Anträge auf "
            f"Überprüfung; {o.reviewed} Ergebnisse durch Menschen festgestellt. "
            f"Aufsicht nach der Gebrauchsanweisung des Anbieters: {or_todo(instructions, 'de')}",
            f"Scores in the grey zone {grey} and decisions with legal effect go to caseworkers "
            "for review. "
            + (
                f"Fully automated only when: {_conditions(o.automation_conditions, 'en')} "
                f"(legal basis: {o.legal_basis or '–'}). "
                if o.automation_permitted
                else "No fully automated decision allowed. "
            )
            + f"When the bias audit fails: {_action(o.on_fairness_failing, 'en')}; without an "
            f"audit: {_action(o.on_fairness_unknown, 'en')}. So far {o.decisions_total} decisions, "
            f"{o.decisions_with_human_review} requiring review; {o.review_requests} review "
            f"requests; {o.reviewed} outcomes established by people. "
            f"Oversight according to the provider's instructions for use: "
            f"{or_todo(instructions, 'en')}",
        ),
        facts={
            "grey_zone": grey,
            "automation_permitted": o.automation_permitted,
            "automation_conditions": [
                f"{name}={value}" if value else name for name, value in o.automation_conditions
            ],
            "legal_basis": o.legal_basis,
            "on_fairness_failing": o.on_fairness_failing,
            "on_fairness_unknown": o.on_fairness_unknown,
            "decisions_total": o.decisions_total,
            "decisions_with_human_review": o.decisions_with_human_review,
            "review_requests": o.review_requests,
            "reviewed": o.reviewed,
            "instructions_for_use": instructions,
        },
        missing=missing,
    )


def _measures(facts: Facts, model: ModelFacts) -> dict[str, Any]:
    missing: list[str] = []
    governance = given(facts.controller.internal_governance, "records.internal_governance",
                       missing)
    complaints = given(facts.controller.complaint_mechanism, "records.complaint_mechanism",
                       missing)
    failing = model.oversight.on_fairness_failing if model.oversight else ""
    return section(
        ref=ARTICLE.format(item="f"),
        title=text("Maßnahmen, wenn Risiken eintreten", "Measures if the risks materialise"),
        body=text(
            "Betroffene können über den Zugangscode eine menschliche Überprüfung beantragen "
            "(Art. 22 Abs. 3 DSGVO, Art. 86 KI-VO); jeder Antrag steht in der Prüfliste. "
            f"Fällt die Bias-Prüfung durch, gilt automatisch: {_action(failing, 'de')}. "
            f"Interne Governance: {or_todo(governance, 'de')}. "
            f"Beschwerdeweg: {or_todo(complaints, 'de')}.",
            "Persons concerned can ask for human review with their access code (GDPR "
            "Art. 22(3), AI Act Art. 86); every request enters the review queue. "
            f"When the bias audit fails, this applies automatically: {_action(failing, 'en')}. "
            f"Internal governance: {or_todo(governance, 'en')}. "
            f"Complaint mechanism: {or_todo(complaints, 'en')}.",
        ),
        facts={
            "review_channel": "citizen review request (access code)",
            "gate_on_failing_audit": failing,
            "internal_governance": governance,
            "complaint_mechanism": complaints,
        },
        missing=missing,
    )


def _notification(facts: Facts) -> dict[str, Any]:
    missing: list[str] = []
    authority = given(facts.controller.market_surveillance_authority,
                      "records.market_surveillance_authority", missing)
    return section(
        ref="Art. 27(3) KI-VO",
        title=text("Mitteilung an die Marktüberwachungsbehörde",
                   "Notification of the market surveillance authority"),
        body=text(
            f"Die Ergebnisse sind mitzuteilen an: {or_todo(authority, 'de')}.",
            f"The results are to be notified to: {or_todo(authority, 'en')}.",
        ),
        facts={"authority": authority},
        missing=missing,
    )
