"""GDPR Art. 9 screening: which special categories a citizen's text mentions."""

from __future__ import annotations

import pytest

from pii.special_categories import CATEGORIES, special_categories


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich bin seit März an Depressionen erkrankt.", {"health"}),
        ("Mein Sohn hat einen Schwerbehindertenausweis.", {"health"}),
        ("Ich bin aus der katholischen Kirche ausgetreten.", {"religion"}),
        ("Ich bin Mitglied bei ver.di.", {"trade_union"}),
        ("Wir sind Sinti und werden benachteiligt.", {"ethnicity"}),
        ("Ich bin schwul und suche eine Beratungsstelle.", {"sexual_orientation"}),
        ("Der Fingerabdruck für den Pass fehlt noch.", {"biometric"}),
        ("Ein Gentest wurde empfohlen.", {"genetic"}),
        ("Ich bin Parteimitglied der SPD.", {"political_opinion"}),
        ("My doctor confirmed the diagnosis and I am pregnant.", {"health"}),
        ("Ich bin schwanger und Mitglied der IG Metall.", {"health", "trade_union"}),
    ],
)
def test_when_text_mentions_category_then_it_is_flagged(text: str, expected: set[str]) -> None:
    assert special_categories(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ich möchte Wohngeld beantragen, meine Miete beträgt 650 Euro.",
        "Bitte senden Sie mir eine Meldebescheinigung.",
        "Wann ist das Bürgeramt geöffnet?",
        "Mein Antrag auf Kindergeld vom 3. Mai ist noch offen.",
    ],
)
def test_when_text_is_ordinary_then_nothing_is_flagged(text: str) -> None:
    assert special_categories(text) == frozenset()


def test_when_categories_listed_then_they_match_the_policy_vocabulary() -> None:
    assert set(CATEGORIES) == {
        "health",
        "religion",
        "ethnicity",
        "political_opinion",
        "sexual_orientation",
        "biometric",
        "genetic",
        "trade_union",
    }
