"""Markdown emphasis hides no name or key; a note's line may open with a family noun (issue 19)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.normalize import normalize


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("- Son **Lwazi** calls", "- Son Lwazi calls"),
        ("__Applicant__: Ana Brito", "Applicant: Ana Brito"),
        ("at *4 Elm Road*.", "at 4 Elm Road."),
        ("(*Ines*)", "(Ines)"),
    ],
)
def test_emphasis_markers_are_dropped_for_the_analyzer(text: str, seen: str) -> None:
    assert normalize(text).text == seen


@pytest.mark.parametrize(
    "text", ["2*3*4", "snake_case_name", "see /__init__/ here", "a ** b ** c", "**x**y"]
)
def test_stars_and_underscores_inside_words_or_code_stay(text: str) -> None:
    assert normalize(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("## Notes\n- Lives alone\n- Son **Lwazi** phones on Sundays", "Lwazi"),
        ("Visits:\n* Granddaughter Thandiwe, twice a month", "Thandiwe"),
        ("Haushalt:\n1. Tochter Melek, 7 Jahre", "Melek"),
        ("My brother __Oyelaran__ moved in.", "Oyelaran"),
        ("**Full name:** Nokuthula Zungu", "Nokuthula Zungu"),
    ],
)
def test_name_after_a_family_noun_or_emphasised_key_is_redacted(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    out = redactor.new_session().redact(text)

    assert name not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "- Sister Act is a film I like.",
        "Brother printers are cheap.",
        "- Son of a gun, that hurt.",
        "Her daughter-in-law is fine, the wife said.",
    ],
)
def test_family_noun_before_an_ordinary_word_finds_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert [f for f in redactor.analyze(text) if f.entity_type == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Mit dabei sind die Kinder Sultan und Azra.", ("Sultan", "Azra")),
        ("Bringing my kids Hunter and Zaylee to the clinic", ("Hunter", "Zaylee")),
        ("Die Enkel Kasim, Emir und Nilay wohnen bei uns.", ("Kasim", "Emir", "Nilay")),
        ("Unsere Söhne Prinz und Baran sind 5 und 7.", ("Prinz", "Baran")),
    ],
)
def test_every_name_listed_after_a_plural_family_noun_is_redacted(
    redactor: PresidioRedactor, text: str, names: tuple[str, ...]
) -> None:
    out = redactor.new_session().redact(text)

    assert not any(name in out for name in names), out


@pytest.mark.parametrize(
    "text",
    [
        "Wir wollen die Kinder Schule und Kita nicht wechseln lassen.",
        "Den Kindern Spiel und Spaß gönnen.",
    ],
)
def test_ordinary_words_listed_after_a_plural_family_noun_stay(
    redactor: PresidioRedactor, text: str
) -> None:
    assert redactor.new_session().redact(text) == text
