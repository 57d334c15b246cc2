"""Every Leichte-Sprache text the citizen sees passes the rule checker (and it can fail)."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from explain import (
    LoadedModel,
    citizen_explanation,
    render_access_page,
    render_citizen_page,
    render_review_confirmation,
)
from explain.citizen import _TEXT
from explain.html import _UI
from explain.remedy import LegalRemedy, remedy_text
from tests.unit.explain.easy_language import problems, sentences
from tests.unit.explain.test_citizen_states import STATES, T0, record_in


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Ihr Antrag wird von der Behörde geprüft.", "passive"),
        ("Sie bekommen kein Wohngeld.", "negation"),
        ("Das ist nicht richtig.", "negation"),
        ("Die Höhe des Einkommens ist wichtig.", "genitive"),
        ("Wegen Ihrer Miete ist das so.", "genitive"),
        ("Sie müssen zahlen, weil Sie zu viel Geld haben.", "subordinate clause"),
        ("Das ist der Antrag, den Sie gestern geschickt haben.", "relative clause"),
        ("Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
         "fünfzehn sechzehn.", "too long"),
        ("Sie können Widerspruch einlegen.", "not explained"),
        ("Die Wohngeldberechnungsgrundlage ist neu.", "long word"),
    ],
)
def test_when_rule_broken_then_checker_finds_it(text: str, rule: str) -> None:
    assert any(rule in p for p in problems(text)), problems(text)


def test_when_text_is_easy_then_checker_passes_and_keeps_dates_whole() -> None:
    text = ("Sie können Widerspruch einlegen. Widerspruch bedeutet: Sie sagen der Behörde: "
            "Die Entscheidung ist falsch. Die Behörde will bis zum 20. Dezember 2026 fertig "
            "sein.")
    assert problems(text) == []
    assert len(sentences(text)) == 3


class _Text(HTMLParser):
    """The visible text of a page, one block per element, without style and script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag in ("style", "script", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    # headings, labels and buttons have no full stop: end each block as a sentence
    return " ".join(p if re.search(r"[.!?:]$", p) else p + "." for p in parser.parts)


def test_when_string_tables_checked_then_every_easy_text_passes() -> None:
    for key, value in {**_TEXT["ls"], **_UI["ls"]}.items():
        filled = value.format(title="Wohngeld", due="20. Dezember 2026",
                              date="4. Juni 2027", label="Miete", value="700 €", weight="",
                              changes="Miete: 500 €", to="500 €", from_="700 €")
        found = [p for p in problems(filled) if "not explained" not in p]
        assert found == [], (key, found)


@pytest.mark.parametrize(
    "remedy",
    [LegalRemedy(), LegalRemedy(kind="klage", body="Verwaltungsgericht Musterstadt"),
     LegalRemedy(period_months=2, electronic="per E-Mail mit Signatur")],
)
def test_when_remedy_in_easy_language_then_passes(remedy: LegalRemedy) -> None:
    text = " ".join(remedy_text(remedy, "ls"))
    # the authority's own name and address are configured, not ours to simplify
    text = text.replace(remedy.body, "Behörde").replace(remedy.address, "Adresse")
    assert problems(text) == []


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("income", [1500.0, 2100.0])
def test_when_page_in_easy_language_then_every_sentence_passes(
    demo: LoadedModel, state: str, income: float
) -> None:
    record = record_in(demo, state, income=income)
    text = citizen_explanation(record, demo.spec, lang="ls")
    page = render_citizen_page(text, form_token="T")
    assert 'lang="de"' in page
    assert problems(visible_text(page).replace(record.id, "Nummer")) == []
    parser = _Text()
    parser.feed(page)
    several = [part for part in parser.parts if len(sentences(part)) > 1]
    assert several == [], "one sentence per line in Leichte Sprache"
    if state in ("provisional", "under_review"):
        confirmation = render_review_confirmation(
            text, case_reference="WG-1", requested_at=T0 + timedelta(days=1), form_token="T"
        )
        assert problems(visible_text(confirmation)) == []


@pytest.mark.parametrize("failed", [False, True, "expired"])
def test_when_access_page_in_easy_language_then_passes(failed: bool | str) -> None:
    page = render_access_page("id-1", lang="ls", failed=failed)  # type: ignore[arg-type]
    assert problems(visible_text(page).replace("id-1", "Nummer")) == []
