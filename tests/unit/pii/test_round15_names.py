"""Names in running text of hold-out round 15's shapes, on other values: a rare noun as the
surname after a title and a first name, "Dr" without a dot, relatives by their everyday
word and at a sentence's start (pii/recognizers/person.py)."""

from __future__ import annotations

import dataclasses

import pytest

from pii.lexicon import Lexicon, load_lexicon
from pii.recognizers.person import find_names


def _lexicon(language: str) -> Lexicon:
    lexicon = load_lexicon()
    # as PersonRecognizer does: German nouns say nothing about English words
    return lexicon if language == "de" else dataclasses.replace(lexicon, nouns=frozenset())


def names(text: str, language: str = "de") -> list[str]:
    return [text[s.start : s.end] for s in find_names(text, _lexicon(language))]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Die Mieterin Fr. Leyla Kürschner hat noch nicht bezahlt.", "Leyla Kürschner"),
        ("Gestern rief Herr Jakub Kantor an und bat um Rückruf.", "Jakub Kantor"),
        ("Frau Dr. Anna Wächter kommt am Montag.", "Anna Wächter"),
    ],
)
def test_rare_noun_after_title_and_first_name_is_the_surname(text: str, name: str) -> None:
    assert name in names(text)


def test_frequent_noun_after_title_and_first_name_goes_on_the_sentence() -> None:
    assert names("Bitte geben Sie Herrn Peter Bescheid wegen der Akte.") == ["Peter"]


@pytest.mark.parametrize(
    ("text", "name", "language"),
    [
        ("Attendees: Dr Obiora Nwankwo-Ezeh and the team", "Obiora Nwankwo-Ezeh", "en"),
        ("Bitte Rückruf an Prof Oyelaran Adeyemi heute", "Oyelaran Adeyemi", "de"),
    ],
)
def test_title_without_dot_announces_a_name(text: str, name: str, language: str) -> None:
    assert name in names(text, language)


@pytest.mark.parametrize(
    ("text", "name", "language"),
    [
        ("Caller said: my nan, Folasade, lives with her now.", "Folasade", "en"),
        ("Lives alone at home. Nephew Chidubem visits on Fridays.", "Chidubem", "en"),
        ("Wohnt allein. Enkelin Ayşenur kauft ein.", "Ayşenur", "de"),
        ("Ich komme mit meiner Tante Gülizar vorbei.", "Gülizar", "de"),
    ],
)
def test_relative_by_everyday_word_or_at_a_sentence_start_is_named(
    text: str, name: str, language: str
) -> None:
    assert name in names(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "It was cold. Father Christmas came early this year.",
        "We recycle. Mother Nature will thank us.",
    ],
)
def test_family_noun_before_a_frequent_word_names_nobody(text: str) -> None:
    assert names(text, "en") == []
