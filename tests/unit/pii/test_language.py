"""Language choice per message."""

from __future__ import annotations

import pytest

from pii.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich möchte bitte Wohngeld beantragen, mein Antrag ist noch offen.", "de"),
        ("Hello, I would like to apply for housing benefit, what is the status?", "en"),
        ("Sehr geehrte Damen und Herren", "de"),
        ("12345 67890", "de"),  # no words: the default
        ("Thanks for your help with the application!", "en"),
        ("Complaint from Declan, card declined", "en"),  # "from": issue 19 round 2
        ("Er hat es heute geschickt", "de"),
    ],
)
def test_when_text_given_then_language_detected(text: str, expected: str) -> None:
    assert detect_language(text, ("de", "en"), "de") == expected


def test_when_english_not_configured_then_default_language() -> None:
    assert detect_language("Hello, how are you?", ("de",), "de") == "de"
