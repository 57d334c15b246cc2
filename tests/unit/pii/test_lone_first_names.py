"""A rare first name of the extra or world lists standing alone is a name
(pii/ner/lone_names.py), on other values than the cases that showed it."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor


def persons(redactor: PresidioRedactor, text: str, language: str) -> list[str]:
    return [
        text[f.start : f.end]
        for f in redactor.analyze(text, language=language)
        if f.entity_type == "PERSON"
    ]


@pytest.mark.parametrize(
    ("text", "name", "language"),
    [
        ("Please pass the file to Tadhg before lunch.", "Tadhg", "en"),
        ("I'll pick up Saoirse from the club at six.", "Saoirse", "en"),
        ("Bitte gib die Akte an Wiesława weiter, danke.", "Wiesława", "de"),
    ],
)
def test_a_rare_first_name_alone_is_a_name(
    redactor: PresidioRedactor, text: str, name: str, language: str
) -> None:
    assert name in persons(redactor, text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We walked the Ruta del Vino last summer.", "en"),
        ("Die Kelten und die Saken lebten in der Steppe.", "de"),
    ],
)
def test_a_first_name_in_a_foreign_phrase_or_after_an_article_stays(
    redactor: PresidioRedactor, text: str, language: str
) -> None:
    assert persons(redactor, text, language) == []
