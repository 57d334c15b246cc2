"""Plain-language explanations for the citizen a decision concerns (German or English).

Short sentences, one statement each (in the spirit of Leichte Sprache). Protected attributes
are never mentioned; only model inputs appear under "data used".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from explain.records import DecisionRecord
from explain.scoring import FeatureValue, Outcome
from explain.spec import FeatureSpec, Lang, ModelSpec

Direction = Literal["for", "against"]
Weight = Literal["strong", "medium", "weak"]
TOP_FACTORS = 3
REVIEW_OBLIGATION = "human_review"


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
        lang: ``de`` or ``en``.
        title: name of the procedure.
        outcome: automated outcome, or the final outcome after human review.
        outcome_text: the result in one or two sentences.
        automation_text: that a program prepared the decision and whether a person checks it.
        factors: the main factors, largest influence first.
        counterfactual_text: what would have to change for a different outcome (the answer
            to "what would have to be different?", which the page uses as heading).
        data_used: ``(label, value)`` of every model input.
        data_text: sentences introducing ``data_used``.
        review_text: how to ask for a human review, with the legal basis.
        review_requested: the citizen already asked for a review.
    """

    decision_id: str
    lang: Lang
    title: str
    outcome: Outcome
    outcome_text: str
    automation_text: str
    factors: tuple[CitizenFactor, ...]
    counterfactual_text: str
    data_used: tuple[tuple[str, str], ...]
    data_text: str
    review_text: tuple[str, ...]
    review_requested: bool


_TEXT: dict[Lang, dict[str, str]] = {
    "de": {
        "approved": "Das Ergebnis: Ihr Antrag auf {title} wird bewilligt.",
        "denied": "Das Ergebnis: Ihr Antrag auf {title} wird abgelehnt.",
        "grey_zone": "Das Ergebnis ist nicht eindeutig. Ein Mensch in der Behörde prüft Ihren "
        "Antrag auf {title}.",
        "final": "Ein Mensch in der Behörde hat Ihren Fall geprüft.",
        "automated": "Ein Computer-Programm hat diese Entscheidung vorbereitet.",
        "human_check": "Ein Mensch in der Behörde prüft die Entscheidung noch.",
        "factor_for": "{label}: {value}. Das spricht {weight} für eine Bewilligung.",
        "factor_against": "{label}: {value}. Das spricht {weight} gegen eine Bewilligung.",
        "strong": "stark",
        "medium": "etwas",
        "weak": "wenig",
        "cf_approved": "{changes}. Dann wäre Ihr Antrag bewilligt worden.",
        "cf_denied": "{changes}. Dann wäre Ihr Antrag abgelehnt worden.",
        "cf_change": "{label}: {to} statt {from_}",
        "cf_none": "Wir haben keine einfache Änderung Ihrer Angaben gefunden, die das "
        "Ergebnis ändert.",
        "data": "Diese Angaben hat das Programm benutzt. Andere Angaben über Sie hat das "
        "Programm nicht benutzt.",
        "review_1": "Sie können verlangen, dass ein Mensch Ihren Fall prüft und entscheidet. "
        "Das ist Ihr Recht nach Artikel 22 der Datenschutz-Grundverordnung (DSGVO).",
        "review_2": "Sie haben auch ein Recht auf eine Erklärung der Entscheidung. "
        "Das steht in Artikel 86 der KI-Verordnung der EU.",
        "review_3": "So geht es: Schreiben Sie uns im Formular. Oder schreiben Sie an die "
        "Behörde. Geben Sie dabei Ihren Zugangs-Code an.",
        "requested": "Sie haben schon eine Prüfung durch einen Menschen verlangt. "
        "Die Behörde meldet sich bei Ihnen.",
        "yes": "ja",
        "no": "nein",
    },
    "en": {
        "approved": "The result: your application for {title} is approved.",
        "denied": "The result: your application for {title} is refused.",
        "grey_zone": "The result is not clear. A person at the authority checks your "
        "application for {title}.",
        "final": "A person at the authority has checked your case.",
        "automated": "A computer program prepared this decision.",
        "human_check": "A person at the authority will still check the decision.",
        "factor_for": "{label}: {value}. This counts {weight} in favour of approval.",
        "factor_against": "{label}: {value}. This counts {weight} against approval.",
        "strong": "strongly",
        "medium": "somewhat",
        "weak": "a little",
        "cf_approved": "{changes}. Then your application would have been approved.",
        "cf_denied": "{changes}. Then your application would have been refused.",
        "cf_change": "{label}: {to} instead of {from_}",
        "cf_none": "We found no simple change to your data that changes the result.",
        "data": "The program used this data. It did not use any other data about you.",
        "review_1": "You can ask for a person to check your case and decide. "
        "This is your right under Article 22 of the General Data Protection Regulation "
        "(GDPR).",
        "review_2": "You also have a right to an explanation of the decision. "
        "This is in Article 86 of the EU AI Act.",
        "review_3": "How: write to us with the form. Or write to the authority. "
        "Give your access code.",
        "requested": "You have already asked for a person to check your case. "
        "The authority will contact you.",
        "yes": "yes",
        "no": "no",
    },
}


def citizen_explanation(
    record: DecisionRecord, spec: ModelSpec, *, lang: Lang = "de"
) -> CitizenExplanation:
    """Plain-language explanation of a stored decision.

    Args:
        record: the stored decision.
        spec: the spec of ``record.model_id`` at ``record.model_version`` (labels, units).
        lang: ``de`` (default) or ``en``.
    """
    text = _TEXT[lang]
    title = spec.title.get(lang)
    outcome: Outcome = record.decision.outcome
    final_lines: list[str] = []
    if record.final_outcome is not None and record.final_outcome.source == "human_review":
        outcome = record.final_outcome.outcome
        final_lines.append(text["final"])
    automation = [text["automated"]]
    if record.final_outcome is None and REVIEW_OBLIGATION in record.obligations:
        automation.append(text["human_check"])
    total = sum(abs(c.contribution) for c in record.explanation.contributions) or 1.0
    factors = []
    for c in record.explanation.top_factors(TOP_FACTORS):
        feature = spec.feature(c.name)
        share = abs(c.contribution) / total
        weight: Weight = "strong" if share >= 0.4 else "medium" if share >= 0.15 else "weak"
        direction: Direction = "for" if c.contribution >= 0 else "against"
        label = feature.label.get(lang)
        value = format_value(feature, c.value, lang)
        sentence = text[f"factor_{direction}"].format(label=label, value=value,
                                                      weight=text[weight])
        factors.append(CitizenFactor(name=c.name, label=label, value=value, direction=direction,
                                     weight=weight, share=share, sentence=sentence))
    return CitizenExplanation(
        decision_id=record.id,
        lang=lang,
        title=title,
        outcome=outcome,
        outcome_text=" ".join([*final_lines, text[outcome].format(title=title)]),
        automation_text=" ".join(automation),
        factors=tuple(factors),
        counterfactual_text=_counterfactual_text(record, spec, lang),
        data_used=tuple(
            (f.label.get(lang), format_value(f, record.features[f.name], lang))
            for f in spec.features
        ),
        data_text=text["data"],
        review_text=(text["review_1"], text["review_2"], text["review_3"]),
        review_requested=bool(record.review_requests),
    )


def _counterfactual_text(record: DecisionRecord, spec: ModelSpec, lang: Lang) -> str:
    text = _TEXT[lang]
    cf = record.counterfactual
    if cf is None:
        return text["cf_none"]
    parts = []
    for change in cf.changes:
        feature = spec.feature(change.name)
        parts.append(text["cf_change"].format(
            label=feature.label.get(lang),
            to=format_value(feature, change.to_value, lang),
            from_=format_value(feature, change.from_value, lang),
        ))
    changes = ". ".join(parts)
    key = "cf_approved" if cf.target_outcome == "approved" else "cf_denied"
    return text[key].format(changes=changes)


def format_value(feature: FeatureSpec, value: FeatureValue, lang: Lang) -> str:
    """A value as the citizen reads it: German or English number format, unit, yes/no."""
    if feature.type == "bool":
        return _TEXT[lang]["yes" if value else "no"]
    if feature.type == "category":
        return str(value)
    number = float(value)
    decimals = 0 if number.is_integer() else 2
    formatted = f"{number:,.{decimals}f}"
    if lang == "de":
        formatted = formatted.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if feature.unit is not None:
        formatted = f"{formatted} {feature.unit.get(lang)}"
    return formatted
