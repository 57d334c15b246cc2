from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from explain import (
    DecisionRecord,
    FinalOutcome,
    LoadedModel,
    ReviewRequest,
    citizen_explanation,
    new_decision_record,
    render_citizen_page,
    validate_features,
)
from explain.citizen import format_value
from tests.unit.explain.conftest import case

CANARY_PSEUDONYM = "psn_CANARY_4711"


def _record(demo: LoadedModel, **overrides: object) -> DecisionRecord:
    features = validate_features(demo.spec, case(**overrides))
    return new_decision_record(
        assessment=demo.assess(features),
        service="svc",
        case_reference="AZ-CANARY-1",
        subject_pseudonym=CANARY_PSEUDONYM,
        purpose="wohngeld",
        protected_attributes={"gender": "diverse", "nationality": "non_eu", "age_group": "65+"},
        obligations=("human_review",),
    )


@pytest.mark.parametrize(
    ("lang", "income", "outcome", "result_words"),
    [
        ("de", 1500.0, "approved", "schlägt vor, Ihren Antrag auf Wohngeld (Demo) zu bewilligen"),
        ("de", 2100.0, "denied", "schlägt vor, Ihren Antrag auf Wohngeld (Demo) abzulehnen"),
        ("en", 1500.0, "approved", "proposes to approve"),
        ("en", 2100.0, "denied", "proposes to refuse"),
    ],
)
def test_when_explained_to_citizen_then_outcome_factors_change_and_rights_are_named(
    demo: LoadedModel,
    lang: str,
    income: float,
    outcome: str,
    result_words: str,
) -> None:
    record = _record(demo, monthly_net_income=income, children=0, monthly_rent=650.0)
    text = citizen_explanation(record, demo.spec, lang=lang)  # type: ignore[arg-type]
    assert record.decision.outcome == outcome
    assert text.outcome == outcome and text.state == "provisional"
    assert result_words in text.outcome_text
    assert len(text.factors) == 3
    top = record.explanation.top_factors(3)
    assert [f.name for f in text.factors] == [c.name for c in top]
    for factor, contribution in zip(text.factors, top, strict=True):
        assert factor.direction == ("for" if contribution.contribution >= 0 else "against")
        assert factor.label in factor.sentence
    assert record.counterfactual is not None
    change = record.counterfactual.changes[0]
    feature = demo.spec.feature(change.name)
    shown = format_value(feature, change.to_value, lang) in text.counterfactual_text  # type: ignore[arg-type]
    # Refusals show what would have led to approval; approvals never show what refuses.
    assert shown is (outcome == "denied")
    assert [label for label, _ in text.data_used] == [
        f.label.get(lang)  # type: ignore[arg-type]
        for f in demo.spec.features
    ]
    joined = " ".join(text.review_text)
    assert {"de": "in jedem Fall", "en": "in any case"}[lang] in joined


@pytest.mark.parametrize("lang", ["de", "en"])
def test_when_explained_then_protected_attributes_and_pseudonym_never_appear(
    demo: LoadedModel, lang: str
) -> None:
    record = _record(demo)
    text = citizen_explanation(record, demo.spec, lang=lang)  # type: ignore[arg-type]
    page = render_citizen_page(text)
    for leak in (
        "diverse",
        "non_eu",
        "65+",
        "gender",
        "nationality",
        "age_group",
        CANARY_PSEUDONYM,
        "AZ-CANARY-1",
    ):
        assert leak not in repr(text)
        assert leak not in page


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("de", 1234.5, "1.234,50 €"),
        ("en", 1234.5, "1,234.50 €"),
        ("de", 700.0, "700 €"),
        ("de", 150000.0, "150.000 €"),
    ],
)
def test_when_money_formatted_then_locale_style(
    demo: LoadedModel, lang: str, value: float, expected: str
) -> None:
    assert format_value(demo.spec.feature("assets"), value, lang) == expected  # type: ignore[arg-type]


def test_when_human_reviewed_then_final_outcome_shown(demo: LoadedModel) -> None:
    record = dataclasses.replace(
        _record(demo),
        state="final",
        final_outcome=FinalOutcome(
            outcome="denied", source="human_review",
            recorded_at=datetime(2026, 12, 7, 10, tzinfo=UTC),
        ),
    )
    text = citizen_explanation(record, demo.spec)
    assert text.outcome == "denied" and not text.review_open
    assert "Ihr Antrag auf Wohngeld (Demo) ist abgelehnt." in text.outcome_text
    assert "am 7. Dezember 2026 geprüft" in text.automation_text


def test_when_no_counterfactual_then_says_so(demo: LoadedModel) -> None:
    record = dataclasses.replace(_record(demo, monthly_net_income=2100.0), counterfactual=None)
    assert "keine einfache Änderung" in citizen_explanation(record, demo.spec).counterfactual_text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_when_page_rendered_then_semantic_no_script_and_review_form(
    demo: LoadedModel, lang: str
) -> None:
    record = _record(demo)
    page = render_citizen_page(citizen_explanation(record, demo.spec, lang=lang))  # type: ignore[arg-type]
    parser = _Collector()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "on" not in " ".join(
        k for _, attrs in parser.tags for k in attrs if k.startswith("on")
    )
    assert ("html", {"lang": lang}) in parser.tags
    for required in ("main", "h1", "section", "figure", "figcaption", "table", "form", "label"):
        assert required in tags
    forms = [a for t, a in parser.tags if t == "form"]
    assert forms == [{"method": "post", "action": f"/erklaerung/{record.id}/pruefung"}]
    names = {a.get("name") for t, a in parser.tags if t in ("input", "textarea")}
    assert names == {"access_code", "message", "lang"}
    ids = {a.get("id") for _, a in parser.tags if a.get("id")}
    assert {a["for"] for t, a in parser.tags if t == "label"} <= ids
    assert page.count('<svg class="bar"') == 3


def test_when_labels_contain_markup_then_escaped(demo: LoadedModel) -> None:
    evil = dataclasses.replace(
        demo.spec,
        title=dataclasses.replace(demo.spec.title, de="<script>alert(1)</script>"),
    )
    page = render_citizen_page(citizen_explanation(_record(demo), evil))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_when_review_already_requested_then_page_confirms(demo: LoadedModel) -> None:
    record = dataclasses.replace(
        _record(demo), review_requests=(ReviewRequest(created_at=datetime.now(UTC), message=""),)
    )
    assert 'role="status"' in render_citizen_page(citizen_explanation(record, demo.spec))
    assert 'role="status"' not in render_citizen_page(citizen_explanation(_record(demo), demo.spec))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_when_page_styled_then_every_colour_meets_wcag_aa_on_white(demo: LoadedModel) -> None:
    page = render_citizen_page(citizen_explanation(_record(demo), demo.spec))
    colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", page)) - {"#ffffff"}
    assert colours
    for colour in colours:
        assert _contrast(colour, "#ffffff") >= 4.5, colour


@pytest.mark.parametrize(("lang", "failed"), [("de", False), ("de", True), ("en", False)])
def test_when_access_page_rendered_then_code_form_and_no_decision_data(
    lang: str, failed: bool
) -> None:
    from explain import render_access_page

    page = render_access_page("abc-123", lang=lang, failed=failed)  # type: ignore[arg-type]
    parser = _Collector()
    parser.feed(page)
    assert ("form", {"method": "post", "action": "/erklaerung/abc-123"}) in parser.tags
    assert {a.get("name") for t, a in parser.tags if t == "input"} == {"lang", "access_code"}
    assert ('role="alert"' in page) is failed
    assert "script" not in [t for t, _ in parser.tags]


def test_when_access_pages_for_existing_and_unknown_ids_then_identical_but_for_the_id() -> None:
    from explain import render_access_page

    a = render_access_page("id-exists", failed=True).replace("id-exists", "X")
    b = render_access_page("id-missing", failed=True).replace("id-missing", "X")
    assert a == b
    assert "&lt;b&gt;" in render_access_page("<b>")
