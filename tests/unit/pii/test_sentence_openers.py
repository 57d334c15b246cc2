"""Ordinary words opening an English sentence (pii/sentence_openers.py) and lower-case words
inside a found name (pii/ner/model.py, the lower-case guard), on other values than the
tuning sentences that showed them."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.sentence_openers import drop_ordinary_openers, opens_as_ordinary_word


def persons(redactor: PresidioRedactor, text: str) -> list[str]:
    return [
        text[f.start : f.end]
        for f in redactor.analyze(text, language="en")
        if f.entity_type == "PERSON"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rose and thistle beds are being replanted in the park this spring.",
        "Bill the tenant for the broken window, please.",
        "Penny 3 of the leaflet explains the charges.",
        "Grace and favour homes are not covered by the scheme.",
    ],
)
def test_an_ordinary_word_opening_a_sentence_is_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jack and his sister came in on Monday.", "Jack"),
        ("Holly and Tom signed the tenancy.", "Holly"),
    ],
)
def test_a_name_opening_a_sentence_stays_a_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


def test_the_lower_case_word_joined_by_and_goes_with_the_opener() -> None:
    words = "Rose and thistle beds".split()
    names = [True, False, True, False]
    drop_ordinary_openers(words, names, frozenset({"And", "The", "Her"}))
    assert names == [False, False, False, False]


def test_an_opener_inside_a_sentence_is_left_alone() -> None:
    text = "We saw Rose and thistle beds."
    assert not opens_as_ordinary_word(text, 7, 11, frozenset())


def test_lower_case_words_after_a_name_are_no_part_of_it(redactor: PresidioRedactor) -> None:
    found = persons(redactor, "Mark said the form was wrong.")
    assert found == ["Mark"]


def test_a_lower_case_connector_between_name_words_stays(redactor: PresidioRedactor) -> None:
    assert persons(redactor, "Catherine of Aragon was a queen.") == ["Catherine of Aragon"]
