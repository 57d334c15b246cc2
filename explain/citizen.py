"""Plain-language explanations for the citizen a decision concerns.

Three languages: German (``de``), English (``en``) and Leichte Sprache (``ls``, easy-to-read
German after BITV 2.0 Anlage 2 Teil 2: short sentences with one statement each, no passive,
no negation where avoidable, no genitive, difficult words explained). The tests check every
Leichte-Sprache text with a rule checker (tests/unit/explain/easy_language.py).

The wording follows the decision's lifecycle state, so a provisional result is never stated
as a decision: ``provisional`` and ``under_review`` say what the program proposed and that a
person decides; ``final`` says a person decided; ``automated_final`` says that no person
checked it and how to ask for that. Protected attributes are never mentioned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from explain.access_codes import DEFAULT_ACCESS_CODE_VALIDITY
from explain.lifecycle import current_state
from explain.records import DecisionRecord, DecisionState
from explain.remedy import LegalRemedy, remedy_text
from explain.scoring import FeatureValue, Outcome
from explain.spec import FeatureSpec, Lang, ModelSpec

Direction = Literal["for", "against"]
Weight = Literal["strong", "medium", "weak"]
TOP_FACTORS = 3
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True, slots=True, kw_only=True)
class CitizenFactor:
    """One main factor, in words.

    Attributes:
        name: feature name.
        label: feature label in the chosen language.
        value: the value as shown to the citizen (with unit).
        direction: ``for`` or ``against`` approval.
        weight: ``strong``, ``medium`` or ``weak`` (share of the total influence).
        share: this factor's share of the total absolute influence, 0..1 (bar length).
        sentence: the factor as a short sentence.
    """

    name: str
    label: str
    value: str
    direction: Direction
    weight: Weight
    share: float
    sentence: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CitizenExplanation:
    """Everything the citizen page and the citizen API show.

    Attributes:
        decision_id: the decision's id.
        lang: ``de``, ``en`` or ``ls`` (Leichte Sprache).
        title: name of the procedure.
        state: lifecycle state (``provisional``, ``under_review``, ``final``,
            ``automated_final``).
        status: the state in a few words (heading of the result).
        outcome: the outcome the page talks about: the reviewed one once a person decided,
            else the automated proposal.
        outcome_text: the result in honest words for the state.
        automation_text: who made or makes the decision, and the review due date if open.
        factors: the main factors, largest influence first.
        counterfactual_heading: heading of the "what would change it" section ("" = none).
        counterfactual_text: for refusals what would have led to approval; for approvals
            what must stay true; "" when there is nothing helpful to say.
        data_used: ``(label, value)`` of every model input.
        data_text: sentences introducing ``data_used``.
        review_text: the right to a human review and how to use it (or that it happened).
        review_open: the online review form is offered (not after a person decided).
        review_requested: the citizen already asked for a review.
        remedy_intro: how the Rechtsbehelfsbelehrung relates to this state ("" if final).
        remedy_text: the Rechtsbehelfsbelehrung (§ 37 Abs. 6 VwVfG / § 36 SGB X).
        code_expiry_text: until when the access code (and the online form) works.
        review_due: the review due date as text ("" if none).
    """

    decision_id: str
    lang: Lang
    title: str
    state: DecisionState
    status: str
    outcome: Outcome
    outcome_text: str
    automation_text: str
    factors: tuple[CitizenFactor, ...]
    counterfactual_heading: str
    counterfactual_text: str
    data_used: tuple[tuple[str, str], ...]
    data_text: str
    review_text: tuple[str, ...]
    review_open: bool
    review_requested: bool
    remedy_intro: str
    remedy_text: tuple[str, ...]
    code_expiry_text: str
    review_due: str


_TEXT: dict[Lang, dict[str, str]] = {
    "de": {
        "status_provisional": "Vorläufiges Ergebnis – noch keine Entscheidung",
        "status_under_review": "In Prüfung – noch keine Entscheidung",
        "status_final": "Entscheidung nach Prüfung durch einen Menschen",
        "status_automated_final": "Entscheidung",
        "proposal_approved": "Das Computer-Programm schlägt vor, Ihren Antrag auf {title} zu "
        "bewilligen.",
        "proposal_denied": "Das Computer-Programm schlägt vor, Ihren Antrag auf {title} "
        "abzulehnen.",
        "proposal_grey_zone": "Das Computer-Programm konnte Ihren Antrag auf {title} nicht "
        "eindeutig einordnen.",
        "not_yet": "Das ist noch keine Entscheidung. Ein Mensch in der Behörde prüft Ihren "
        "Antrag und entscheidet.",
        "due": "Die Prüfung soll bis zum {due} abgeschlossen sein.",
        "final_approved": "Ihr Antrag auf {title} ist bewilligt.",
        "final_denied": "Ihr Antrag auf {title} ist abgelehnt.",
        "by_person": "Ein Mensch in der Behörde hat Ihren Antrag am {date} geprüft und so "
        "entschieden.",
        "by_program": "Ein Computer-Programm hat diese Entscheidung getroffen. Kein Mensch hat "
        "sie geprüft. Sie können verlangen, dass ein Mensch sie prüft.",
        "factor_for": "{label}: {value}. Das spricht {weight}für eine Bewilligung.",
        "factor_against": "{label}: {value}. Das spricht {weight}gegen eine Bewilligung.",
        "strong": "deutlich ",
        "medium": "",
        "weak": "etwas ",
        "cf_heading_denied": "Was hätte zu einer Bewilligung geführt?",
        "cf_denied": "{changes}. Mit diesen Angaben wäre Ihr Antrag bewilligt worden. Alle "
        "anderen Angaben wären dabei gleich geblieben.",
        "cf_change": "{label}: {to} statt {from_}",
        "cf_none": "Wir haben keine einfache Änderung Ihrer Angaben gefunden, die zu einer "
        "Bewilligung geführt hätte.",
        "keep_heading": "Was Sie beachten müssen",
        "keep": "Bitte teilen Sie der Behörde mit, wenn sich Ihre Angaben unten ändern, zum "
        "Beispiel Ihr Einkommen, Ihre Miete oder die Zahl der Personen im Haushalt. Das kann "
        "die Entscheidung ändern.",
        "data": "Diese Angaben hat das Programm benutzt. Andere Angaben über Sie hat das "
        "Programm nicht benutzt.",
        "review_right": "Sie können verlangen, dass ein Mensch Ihren Antrag prüft und "
        "entscheidet. Das ist Ihr Recht nach Artikel 22 der Datenschutz-Grundverordnung "
        "(DSGVO). Sie haben auch ein Recht auf eine Erklärung der Entscheidung nach Artikel 86 "
        "der KI-Verordnung der EU.",
        "review_how": "Schreiben Sie uns dazu im Formular unten. Ihren Zugangs-Code müssen Sie "
        "nicht noch einmal eingeben.",
        "review_provisional": "Ein Mensch in der Behörde prüft Ihren Antrag in jedem Fall. Sie "
        "können uns dafür im Formular unten eine Nachricht schreiben, zum Beispiel wenn sich "
        "etwas geändert hat. Ihren Zugangs-Code müssen Sie nicht noch einmal eingeben.",
        "review_not_objection": "Dieser Antrag auf Prüfung ist kein Widerspruch. Die Frist für "
        "einen Widerspruch läuft weiter.",
        "review_requested": "Sie haben am {date} verlangt, dass ein Mensch Ihren Antrag prüft. "
        "Die Prüfung läuft.",
        "review_done": "Ein Mensch hat Ihren Antrag bereits geprüft. Wenn Sie mit der "
        "Entscheidung nicht einverstanden sind, lesen Sie bitte die Rechtsbehelfsbelehrung "
        "unten.",
        "remedy_intro_open": "Die folgende Rechtsbehelfsbelehrung gilt für den Bescheid, den "
        "Sie nach der Prüfung erhalten.",
        "code": "Ihr Zugangs-Code gilt bis zum {date}. Danach können Sie diese Seite und das "
        "Formular nicht mehr öffnen; wenden Sie sich dann schriftlich an die Behörde.",
        "yes": "ja",
        "no": "nein",
    },
    "en": {
        "status_provisional": "Provisional result – not yet a decision",
        "status_under_review": "Being reviewed – not yet a decision",
        "status_final": "Decision after review by a person",
        "status_automated_final": "Decision",
        "proposal_approved": "The computer program proposes to approve your application for "
        "{title}.",
        "proposal_denied": "The computer program proposes to refuse your application for "
        "{title}.",
        "proposal_grey_zone": "The computer program could not clearly assess your "
        "application for {title}.",
        "not_yet": "This is not yet a decision. A person at the authority reviews your "
        "application and decides.",
        "due": "The review is due to be finished by {due}.",
        "final_approved": "Your application for {title} is approved.",
        "final_denied": "Your application for {title} is refused.",
        "by_person": "A person at the authority reviewed your application on {date} and "
        "decided so.",
        "by_program": "A computer program made this decision. No person has checked it. You "
        "can ask for a person to review it.",
        "factor_for": "{label}: {value}. This counts {weight}in favour of approval.",
        "factor_against": "{label}: {value}. This counts {weight}against approval.",
        "strong": "strongly ",
        "medium": "",
        "weak": "slightly ",
        "cf_heading_denied": "What would have led to approval?",
        "cf_denied": "{changes}. With these details your application would have been "
        "approved. All other details would have stayed the same.",
        "cf_change": "{label}: {to} instead of {from_}",
        "cf_none": "We found no simple change to your details that would have led to "
        "approval.",
        "keep_heading": "What you need to do",
        "keep": "Please tell the authority if your details below change, for example your "
        "income, your rent or the number of people in your household. This can change the "
        "decision.",
        "data": "The program used this data. It did not use any other data about you.",
        "review_right": "You can ask for a person to review your application and decide. This "
        "is your right under Article 22 of the General Data Protection Regulation (GDPR). You "
        "also have a right to an explanation of the decision under Article 86 of the EU AI "
        "Act.",
        "review_how": "Use the form below. You do not need to enter your access code again.",
        "review_provisional": "A person at the authority reviews your application in any case. "
        "You can send a message for the review with the form below, for example if something "
        "has changed. You do not need to enter your access code again.",
        "review_not_objection": "This request for review is not an objection (Widerspruch). "
        "The period for an objection keeps running.",
        "review_requested": "On {date} you asked for a person to review your application. The "
        "review is under way.",
        "review_done": "A person has already reviewed your application. If you disagree with "
        "the decision, please read the information on legal remedies below.",
        "remedy_intro_open": "The following information on legal remedies applies to the "
        "notice you receive after the review.",
        "code": "Your access code is valid until {date}. After that you cannot open this page "
        "and the form; please write to the authority instead.",
        "yes": "yes",
        "no": "no",
    },
    "ls": {
        "status_provisional": "Das Ergebnis ist vorläufig",
        "status_under_review": "Ein Mensch prüft Ihren Antrag",
        "status_final": "Die Entscheidung",
        "status_automated_final": "Die Entscheidung",
        "proposal_approved": "Ein Computer-Programm hat Ihren Antrag auf {title} angesehen. "
        "Das Programm sagt: Sie bekommen {title}.",
        "proposal_denied": "Ein Computer-Programm hat Ihren Antrag auf {title} angesehen. "
        "Das Programm sagt: Die Behörde lehnt Ihren Antrag ab.",
        "proposal_grey_zone": "Ein Computer-Programm hat Ihren Antrag auf {title} angesehen. "
        "Das Programm ist unsicher.",
        "not_yet": "Vorläufig bedeutet: Das Ergebnis kann sich noch ändern. Das ist nur ein "
        "Vorschlag. Ein Mensch in der Behörde prüft Ihren Antrag. Dann entscheidet der Mensch.",
        "due": "Die Behörde will bis zum {due} fertig sein.",
        "final_approved": "Das Ergebnis: Sie bekommen {title}.",
        "final_denied": "Das Ergebnis: Die Behörde lehnt Ihren Antrag auf {title} ab.",
        "by_person": "Ein Mensch in der Behörde hat Ihren Antrag am {date} geprüft. Der "
        "Mensch hat so entschieden.",
        "by_program": "Ein Computer-Programm hat so entschieden. Sie können verlangen: Ein "
        "Mensch soll Ihren Antrag prüfen.",
        "factor_for": "{label}: {value}. Das hilft Ihrem Antrag{weight}.",
        "factor_against": "{label}: {value}. Das ist{weight} schlecht für Ihren Antrag.",
        "strong": " sehr",
        "medium": "",
        "weak": " ein bisschen",
        "cf_heading_denied": "Was hätte Ihnen geholfen?",
        "cf_denied": "{changes}. Mit diesen Angaben bekommen Sie {title}. Die anderen Angaben "
        "bleiben gleich.",
        "cf_change": "{label}: {to}. Bei Ihnen ist es: {from_}",
        "cf_none": "Fragen Sie dazu bitte die Behörde.",
        "keep_heading": "Das ist wichtig",
        "keep": "Ändert sich etwas bei Ihnen? Zum Beispiel Ihr Geld oder Ihre Miete? Dann "
        "sagen Sie es bitte der Behörde. Das kann die Entscheidung ändern.",
        "data": "Diese Angaben hat das Programm benutzt. Das Programm benutzt nur diese "
        "Angaben.",
        "review_right": "Sie können verlangen: Ein Mensch soll Ihren Antrag prüfen. Das ist "
        "Ihr Recht. Das steht in Artikel 22 von der Datenschutz-Grund-Verordnung. "
        "Datenschutz-Grund-Verordnung bedeutet: Ein Gesetz von der EU für Ihre Daten. Sie "
        "dürfen auch eine Erklärung bekommen. Das steht in Artikel 86 von der KI-Verordnung. "
        "KI-Verordnung bedeutet: Ein Gesetz von der EU für Computer-Programme.",
        "review_how": "Schreiben Sie uns dazu im Formular unten. Ihr Zugangs-Code ist schon "
        "im Formular.",
        "review_provisional": "Ein Mensch in der Behörde prüft Ihren Antrag auf jeden Fall. Sie "
        "können dem Menschen etwas schreiben. Zum Beispiel: Bei Ihnen hat sich etwas geändert. "
        "Schreiben Sie dazu im Formular unten. Ihr Zugangs-Code ist schon im Formular.",
        "review_not_objection": "Diese Anfrage ist etwas anderes als ein Widerspruch. Die Zeit "
        "für einen Widerspruch läuft weiter.",
        "review_requested": "Sie haben am {date} eine Prüfung verlangt. Ein Mensch prüft "
        "jetzt Ihren Antrag.",
        "review_done": "Ein Mensch hat Ihren Antrag schon geprüft. Sie finden die "
        "Entscheidung falsch? Dann lesen Sie bitte unten: So können Sie sich wehren.",
        "remedy_intro_open": "Das gilt für den Brief mit der Entscheidung. Den Brief bekommen "
        "Sie nach der Prüfung.",
        "code": "Ihr Zugangs-Code gilt bis zum {date}. Zugangs-Code bedeutet: Mit dem Code "
        "öffnen Sie diese Seite. Danach ist diese Seite für Sie zu. Dann schreiben Sie bitte "
        "einen Brief an die Behörde.",
        "yes": "ja",
        "no": "nein",
    },
}
_MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def format_date(moment: datetime, lang: Lang) -> str:
    """A date as the citizen reads it (Europe/Berlin): ``4. Juni 2027`` / ``4 June 2027``."""
    local = moment.astimezone(BERLIN)
    if lang == "en":
        return f"{local.day} {_MONTHS_EN[local.month - 1]} {local.year}"
    return f"{local.day}. {_MONTHS_DE[local.month - 1]} {local.year}"


def code_expiry(record: DecisionRecord) -> datetime:
    """When the citizen's access code stops working (the default validity for old records)."""
    if record.access_code_expires_at is not None:
        return record.access_code_expires_at
    return record.created_at + DEFAULT_ACCESS_CODE_VALIDITY


def citizen_explanation(
    record: DecisionRecord,
    spec: ModelSpec,
    *,
    lang: Lang = "de",
    remedy: LegalRemedy | None = None,
) -> CitizenExplanation:
    """Plain-language explanation of a stored decision.

    Args:
        record: the stored decision.
        spec: the spec of ``record.model_id`` at ``record.model_version`` (labels, units).
        lang: ``de`` (default), ``en`` or ``ls`` (Leichte Sprache).
        remedy: the service's Rechtsbehelfsbelehrung (default: the demo authority's).
    """
    text = _TEXT[lang]
    title = spec.title.get(lang)
    state = current_state(record)
    decided = state == "final" and record.final_outcome is not None
    outcome: Outcome = (
        record.final_outcome.outcome  # type: ignore[union-attr]
        if decided
        else record.decision.outcome
    )
    due = "" if record.review_due_at is None else format_date(record.review_due_at, lang)
    if state in ("provisional", "under_review"):
        lines = [text[f"proposal_{outcome}"].format(title=title), text["not_yet"]]
        automation: list[str] = []  # the status heading already says a person is on it
        if due:
            automation.append(text["due"].format(due=due))
    elif decided:
        assert record.final_outcome is not None
        lines = [text[f"final_{outcome}"].format(title=title)]
        automation = [text["by_person"].format(
            date=format_date(record.final_outcome.recorded_at, lang))]
    else:
        lines = [text[f"final_{outcome}"].format(title=title)]
        automation = [text["by_program"]]
    heading, change_text = _change_section(record, spec, lang, outcome, title)
    requested = bool(record.review_requests)
    review: list[str]
    if state == "final":
        review = [text["review_done"]]
    elif requested:
        asked = format_date(record.review_requests[-1].created_at, lang)
        review = [text["review_requested"].format(date=asked), text["review_not_objection"]]
    elif state == "provisional":
        review = [text["review_provisional"], text["review_not_objection"]]
    else:
        review = [text["review_right"], text["review_how"], text["review_not_objection"]]
    return CitizenExplanation(
        decision_id=record.id,
        lang=lang,
        title=title,
        state=state,
        status=text[f"status_{state}"],
        outcome=outcome,
        outcome_text=" ".join(lines),
        automation_text=" ".join(automation),
        factors=_factors(record, spec, lang),
        counterfactual_heading=heading,
        counterfactual_text=change_text,
        data_used=tuple(
            (f.label.get(lang), format_value(f, record.features[f.name], lang))
            for f in spec.features
        ),
        data_text=text["data"],
        review_text=tuple(review),
        review_open=state != "final",
        review_requested=requested,
        remedy_intro="" if state in ("final", "automated_final") else text["remedy_intro_open"],
        remedy_text=remedy_text(remedy or LegalRemedy(), lang),
        code_expiry_text=text["code"].format(date=format_date(code_expiry(record), lang)),
        review_due=due,
    )


def _factors(record: DecisionRecord, spec: ModelSpec, lang: Lang) -> tuple[CitizenFactor, ...]:
    text = _TEXT[lang]
    total = sum(abs(c.contribution) for c in record.explanation.contributions) or 1.0
    factors = []
    for c in record.explanation.top_factors(TOP_FACTORS):
        feature = spec.feature(c.name)
        share = abs(c.contribution) / total
        weight: Weight = "strong" if share >= 0.4 else "medium" if share >= 0.15 else "weak"
        direction: Direction = "for" if c.contribution >= 0 else "against"
        label = feature.label.get(lang)
        value = format_value(feature, c.value, lang)
        sentence = text[f"factor_{direction}"].format(
            label=label, value=value, weight=text[weight]
        )
        factors.append(CitizenFactor(name=c.name, label=label, value=value, direction=direction,
                                     weight=weight, share=share, sentence=sentence))
    return tuple(factors)


def _change_section(
    record: DecisionRecord, spec: ModelSpec, lang: Lang, outcome: Outcome, title: str
) -> tuple[str, str]:
    """For a refusal: what would have led to approval; for an approval: what must stay true.

    A counterfactual that leads to a refusal never helps the citizen, so it is not shown.
    Nothing is said while the program could not assess the case (grey zone).
    """
    text = _TEXT[lang]
    if outcome == "approved":
        return text["keep_heading"], text["keep"]
    if outcome != "denied":
        return "", ""
    if outcome != record.decision.outcome:
        return "", ""  # a person refused what the program approved: no model change applies
    cf = record.counterfactual
    if cf is None or cf.target_outcome != "approved":
        return text["cf_heading_denied"], text["cf_none"]
    parts = []
    for change in cf.changes:
        feature = spec.feature(change.name)
        parts.append(text["cf_change"].format(
            label=feature.label.get(lang),
            to=format_value(feature, change.to_value, lang),
            from_=format_value(feature, change.from_value, lang),
        ))
    return text["cf_heading_denied"], text["cf_denied"].format(
        changes=". ".join(parts), title=title
    )


def format_value(feature: FeatureSpec, value: FeatureValue, lang: Lang) -> str:
    """A value as the citizen reads it: German or English number format, unit, yes/no."""
    if feature.type == "bool":
        return _TEXT[lang]["yes" if value else "no"]
    if feature.type == "category":
        return str(value)
    number = float(value)
    decimals = 0 if number.is_integer() else 2
    formatted = f"{number:,.{decimals}f}"
    if lang != "en":
        formatted = formatted.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if feature.unit is not None:
        formatted = f"{formatted} {feature.unit.get(lang)}"
    return formatted


def review_confirmation(
    explanation: CitizenExplanation, *, case_reference: str, requested_at: datetime
) -> tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The confirmation after a review request: heading, facts and what happens next.

    Returns:
        ``(heading, ((label, value), ...), (next step, ...))`` in the explanation's language.
    """
    lang = explanation.lang
    when = format_date(requested_at, lang)
    facts: tuple[tuple[str, str], ...]
    steps: tuple[str, ...]
    due = explanation.review_due
    if lang == "en":
        facts = (("Case reference", case_reference), ("Received on", when),
                 ("Review due by", due or "–"))
        steps = (
            "A person at the authority reviews your application. The program does not decide "
            "alone.",
            f"The review is due to be finished by {due}." if due else
            "The authority tells you when the review is finished.",
            "You receive the result as a written notice. It also says how you can object.",
            "This request is not an objection (Widerspruch). The period for an objection keeps "
            "running.",
            "Please give your case reference if you contact the authority.",
        )
        return "Your request has arrived", facts, steps
    if lang == "ls":
        facts = (("Ihr Aktenzeichen", case_reference), ("Angekommen am", when),
                 ("Fertig bis", due or "–"))
        steps = (
            "Aktenzeichen bedeutet: Die Nummer von Ihrem Antrag bei der Behörde.",
            "Ein Mensch in der Behörde prüft jetzt Ihren Antrag.",
            f"Die Behörde will bis zum {due} fertig sein." if due else
            "Die Behörde sagt Ihnen Bescheid.",
            "Sie bekommen dann einen Brief mit der Entscheidung.",
            "Diese Anfrage ist etwas anderes als ein Widerspruch.",
            "Widerspruch bedeutet: Sie sagen der Behörde: Die Entscheidung ist falsch.",
            "Die Zeit für einen Widerspruch läuft weiter.",
            "Schreiben Sie der Behörde? Dann schreiben Sie bitte Ihr Aktenzeichen dazu.",
        )
        return "Ihre Anfrage ist angekommen", facts, steps
    facts = (("Aktenzeichen", case_reference), ("Eingegangen am", when),
             ("Prüfung bis", due or "–"))
    steps = (
        "Ein Mensch in der Behörde prüft Ihren Antrag. Das Programm entscheidet nicht allein.",
        f"Die Prüfung soll bis zum {due} abgeschlossen sein." if due else
        "Die Behörde teilt Ihnen mit, wann die Prüfung abgeschlossen ist.",
        "Sie erhalten das Ergebnis als schriftlichen Bescheid. Darin steht auch, wie Sie "
        "widersprechen können.",
        "Ihr Antrag auf Prüfung ist kein Widerspruch. Die Frist für einen Widerspruch läuft "
        "weiter.",
        "Bitte geben Sie das Aktenzeichen an, wenn Sie sich an die Behörde wenden.",
    )
    return "Ihre Anfrage ist angekommen", facts, steps

