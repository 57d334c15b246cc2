"""Hold-out round 15's last shapes, on other values: a German imperative opening an
instruction is no name (pii/recognizers/name_detector_guard.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor


def persons(redactor: PresidioRedactor, text: str, language: str = "de") -> list[str]:
    found = redactor.analyze(text, language=language)
    return [text[f.start : f.end] for f in found if f.entity_type == "PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        "Korrigier den Text, aber lass die Zahlen stehen.",
        "Kehr die Reihenfolge der Absätze um.",
        "Sortier aus der Tabelle die doppelten Zeilen heraus.",
        "Bitte kurz halten. Kehr aus dem Diktat alle Tippfehler heraus.",
    ],
)
def test_german_imperative_opening_an_instruction_is_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kehr hat gestern angerufen.", "Kehr"),  # a verb follows: the subject
        ("Koch den Reis", "Koch"),  # a listed surname keeps its shape
        ("Bitte Rückruf an Herrn Sortier aus dem Vertrieb.", "Sortier"),  # no sentence start
    ],
)
def test_verb_stem_surname_as_subject_or_listed_stays_a_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in " ".join(persons(redactor, text))
