"""The citizen page per lifecycle state: honest status, remedies, code expiry, strength words."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta

import pytest

from explain import (
    DecisionRecord,
    LoadedModel,
    ReviewRequest,
    citizen_explanation,
    new_decision_record,
    record_review,
    render_citizen_page,
    render_review_confirmation,
    validate_features,
)
from explain.citizen import _TEXT
from explain.remedy import LegalRemedy, remedy_text
from tests.unit.explain.conftest import case

T0 = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def record_in(
    demo: LoadedModel, state: str, *, income: float = 2100.0, lang_outcome: str = "denied"
) -> DecisionRecord:
    """A decision of the demo model in ``state`` (denied unless income is low)."""
    obligations = ("explain",) if state == "automated_final" else ("explain", "human_review")
    record = new_decision_record(
        assessment=demo.assess(validate_features(demo.spec, case(monthly_net_income=income))),
        service="svc",
        case_reference="WG-2026-0042",
        subject_pseudonym="psn_1",
        purpose="wohngeld",
        obligations=obligations,
        now=T0,
        access_code_expires_at=T0 + timedelta(days=180),
    )
    if state == "under_review":
        record = dataclasses.replace(
            record, state="under_review",
            review_requests=(ReviewRequest(created_at=T0 + timedelta(days=1), message=""),),
        )
    if state == "final":
        record = record_review(record, reviewer="cw", outcome=lang_outcome,  # type: ignore[arg-type]
                               reason="r", now=T0 + timedelta(days=3), four_eyes=False)
    return record


STATES = ("provisional", "under_review", "final", "automated_final")


@pytest.mark.parametrize("state", ["provisional", "under_review"])
@pytest.mark.parametrize("lang", ["de", "en", "ls"])
def test_when_not_yet_decided_then_no_sentence_states_a_decision(
    demo: LoadedModel, state: str, lang: str
) -> None:
    for income in (1500.0, 2100.0):
        text = citizen_explanation(record_in(demo, state, income=income), demo.spec,
                                   lang=lang)  # type: ignore[arg-type]
        assert text.state == state
        for final_words in ("wird bewilligt", "wird abgelehnt", "ist bewilligt",
                            "ist abgelehnt", "is approved", "is refused"):
            assert final_words not in text.outcome_text
        assert {"de": "noch keine Entscheidung", "en": "not yet a decision",
                "ls": "nur ein Vorschlag"}[lang] in text.outcome_text
        assert {"de": "20. Dezember 2026", "en": "20 December 2026",
                "ls": "20. Dezember 2026"}[lang] in text.automation_text
        assert text.review_open and text.remedy_intro


@pytest.mark.parametrize(
    ("state", "expected"),
    [("final", "Ein Mensch in der Behörde hat Ihren Antrag am 9. Dezember 2026 geprüft"),
     ("automated_final", "Ein Computer-Programm hat diese Entscheidung getroffen. Kein Mensch")],
)
def test_when_decided_then_says_who_decided_and_remedy_applies_directly(
    demo: LoadedModel, state: str, expected: str
) -> None:
    text = citizen_explanation(record_in(demo, state), demo.spec)
    assert "Ihr Antrag auf Wohngeld (Demo) ist abgelehnt." in text.outcome_text
    assert expected in text.automation_text
    assert text.remedy_intro == ""
    assert text.review_open is (state == "automated_final")
    if state == "automated_final":  # the rights to a person's review and an explanation
        joined = " ".join(text.review_text)
        assert "Artikel 22" in joined and "Artikel 86" in joined


def test_when_page_rendered_then_remedy_code_expiry_and_no_code_field_with_token(
    demo: LoadedModel,
) -> None:
    remedy = LegalRemedy(body="Bezirksamt Mitte, Wohngeldstelle",
                         address="Karl-Marx-Allee 31, 10178 Berlin")
    text = citizen_explanation(record_in(demo, "automated_final"), demo.spec, remedy=remedy)
    page = render_citizen_page(text, form_token="TOKEN-123").replace("\u00a0", " ")
    assert "Rechtsbehelfsbelehrung" in page
    assert "innerhalb eines Monats nach Bekanntgabe Widerspruch" in page
    assert "schriftlich oder zur Niederschrift bei Bezirksamt Mitte, Wohngeldstelle, " \
           "Karl-Marx-Allee 31, 10178 Berlin" in page
    assert "Ihr Zugangs-Code gilt bis zum 4. Juni 2027" in page
    assert 'name="access_code"' not in page
    assert page.count('name="form_token" value="TOKEN-123"') == 2  # review + language forms
    assert "kein Widerspruch" in page


def test_when_final_then_no_review_form_but_remedy(demo: LoadedModel) -> None:
    page = render_citizen_page(citizen_explanation(record_in(demo, "final"), demo.spec),
                               form_token="T")
    assert "/pruefung" not in page
    assert "Rechtsbehelfsbelehrung" in page and "bereits geprüft" in page


@pytest.mark.parametrize(
    ("remedy", "words"),
    [
        (LegalRemedy(kind="klage", body="Verwaltungsgericht Musterstadt", address="Am Gericht 1"),
         "Klage erhoben"),
        (LegalRemedy(period_months=3), "innerhalb von drei Monaten"),
        (LegalRemedy(electronic="per De-Mail an widerspruch@musterstadt.de-mail.de"),
         "Elektronisch: per De-Mail"),
    ],
)
def test_when_remedy_configured_then_text_follows(remedy: LegalRemedy, words: str) -> None:
    assert words in " ".join(remedy_text(remedy, "de"))


def test_when_approved_then_no_counterfactual_but_what_to_report(demo: LoadedModel) -> None:
    record = record_in(demo, "provisional", income=1500.0)
    assert record.decision.outcome == "approved" and record.counterfactual is not None
    text = citizen_explanation(record, demo.spec)
    assert text.counterfactual_heading == "Was Sie beachten müssen"
    assert "abgelehnt" not in text.counterfactual_text


def test_when_person_refused_what_program_approved_then_no_counterfactual(
    demo: LoadedModel,
) -> None:
    record = record_in(demo, "final", income=1500.0, lang_outcome="denied")
    text = citizen_explanation(record, demo.spec)
    assert text.outcome == "denied" and text.counterfactual_heading == ""
    assert "Was hätte" not in render_citizen_page(text)


def test_strength_words_cannot_be_misread() -> None:
    de = _TEXT["de"]
    for weight, expected in (("strong", "spricht deutlich für"), ("medium", "spricht für"),
                             ("weak", "spricht etwas für")):
        sentence = de["factor_for"].format(label="L", value="V", weight=de[weight])
        assert expected in sentence
    against = de["factor_against"].format(label="L", value="V", weight=de["weak"])
    assert "spricht etwas gegen" in against
    assert not any("wenig" in v for v in de.values())
    assert not any("a little" in v for v in _TEXT["en"].values())


@pytest.mark.parametrize("lang", ["de", "en", "ls"])
def test_when_review_confirmed_then_case_reference_dates_and_next_steps(
    demo: LoadedModel, lang: str
) -> None:
    record = record_in(demo, "under_review")
    text = citizen_explanation(record, demo.spec, lang=lang)  # type: ignore[arg-type]
    page = render_review_confirmation(text, case_reference="WG-2026-0042",
                                      requested_at=T0 + timedelta(days=1), form_token="T")
    assert "7.\u00a0Dezember\u00a02026" in page or "7\u00a0December\u00a02026" in page
    page = page.replace("\u00a0", " ")
    assert "WG-2026-0042" in page and 'role="status"' in page
    assert "<ol>" in page and page.count("<li>") >= 5
    assert re.search(r"7\.? December 2026|7\. Dezember 2026", page)
    assert {"de": "kein Widerspruch", "en": "not an objection",
            "ls": "etwas anderes als ein Widerspruch"}[lang] in page
