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


def _reference(text: str) -> frozenset[str]:
    """The plain definition: each category's pattern searched over the NFKC text."""
    import unicodedata

    from pii.special_categories import _PATTERNS

    folded = unicodedata.normalize("NFKC", text)
    return frozenset(c for c, pattern in _PATTERNS.items() if pattern.search(folded))


def test_the_fast_scan_equals_the_plain_definition() -> None:
    import json
    import random
    from pathlib import Path

    from pii.special_categories import _STEMS

    corpus = Path(__file__).resolve().parents[2] / "pii" / "corpus"
    texts = [
        json.loads(line)["text"]
        for path in sorted(corpus.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    texts += [
        "DIAGNOSE",
        "dıagnose",
        "DİAGNOSE",
        "\u017fucht",
        "\u212aREBS",
        "Ärztin",
        "ÄRZTIN",
        "Die Linke",
        "DIE LINKE",
        "diediediе linke",
        "xkrank",
        "_krank",
        "Zeile\nKrank",
        "ver.di und IG Metall",
        "trade union member",
        "Reha-Klinik",
        "",
        "ẞ Schwanger",
    ]
    rng = random.Random(7)
    stems = [s for group in _STEMS.values() for s in group]
    for _ in range(500):  # stems in odd case, glued to words and punctuation
        parts = []
        for _ in range(rng.randint(1, 6)):
            stem = rng.choice(stems)
            stem = "".join(ch.upper() if rng.random() < 0.3 else ch for ch in stem)
            parts.append(rng.choice(["", " ", "x", "-", "(", "\u00a0", "ı"]) + stem)
        texts.append("".join(parts))
    flagged = 0
    for text in texts:
        expected = _reference(text)
        assert special_categories(text) == expected, text
        flagged += bool(expected)
    assert flagged > 400
