"""Gazetteers and the noun lexicon behind the name recognizer."""

from __future__ import annotations

from unittest import mock

import pytest

from pii import lexicon as lexicon_module
from pii.lexicon import load_lexicon
from pii.recognizers.person import find_names


@pytest.mark.parametrize(
    ("word", "plain_noun"),
    [("Antrag", True), ("Anträge", True), ("Bescheid", True), ("Müller", False), ("Erika", False)],
)
def test_when_word_looked_up_then_nouns_and_names_told_apart(word: str, plain_noun: bool) -> None:
    assert load_lexicon().is_plain_noun(word) is plain_noun


def test_when_noun_package_missing_then_shipped_lists_still_find_names() -> None:
    with mock.patch.object(lexicon_module, "_german_nouns_csv", return_value=None):
        fallback = load_lexicon.__wrapped__()

    spans = find_names("Mein Name ist Erika Mustermann.", fallback)

    assert fallback.nouns == frozenset()
    assert [(s.start, s.end) for s in spans] == [(14, 30)]


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Brandon", "first"),
        ("Heather", "first"),
        ("Desmond", "first"),
        ("Yates", "sur"),
        ("Gilmore", "sur"),
        ("Mcbride", "sur"),
    ],
)
def test_when_english_name_is_in_the_census_tables_then_the_lexicon_knows_it(
    word: str, kind: str
) -> None:
    lexicon = load_lexicon()
    assert word in (lexicon.first_names if kind == "first" else lexicon.surnames)


@pytest.mark.parametrize("word", ["Carry", "Faith", "Chase", "Carolina", "Diego", "Wells", "Stone"])
def test_when_census_name_is_an_ordinary_word_or_place_then_it_was_left_out(word: str) -> None:
    census = set()
    for name in ("census_first_names.txt", "census_surnames.txt"):
        census |= lexicon_module._read_word_file(name)
    assert word not in census


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He moved to Wayne County in 1990.", True),
        ("the Joe Louis Arena", True),
        ("Konrad Adenauer Stiftung", True),
        ("Wayne called about the county tax.", False),
        ("Monty Hall phoned", False),  # "Hall" is a surname, not a head word
    ],
)
def test_when_name_is_followed_by_a_place_head_then_it_names_a_namesake(
    text: str, expected: bool
) -> None:
    words = text.split()
    first = next(i for i, w in enumerate(words) if w in ("Wayne", "Joe", "Konrad", "Monty"))
    start = text.index(words[first])
    end = start + len(" ".join(words[first : first + 2]))
    assert lexicon_module.names_a_namesake(text, start, end) is expected


@pytest.mark.parametrize(
    ("word", "listed"),
    [("Inés", "first_names"), ("Hélène", "first_names"), ("İbrahim", "first_names")],
)
def test_when_a_name_is_listed_without_its_diacritics_then_it_is_known_with_them(
    word: str, listed: str
) -> None:
    assert word in getattr(load_lexicon(), listed)


def test_when_a_german_noun_without_umlauts_is_a_name_then_the_noun_stays_a_noun() -> None:
    assert "Gartner" in load_lexicon().surnames
    assert load_lexicon().is_plain_noun("Gärtner")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Your caseworker: Inés Séverac-Odum, room 4", "Inés Séverac-Odum"),
        ("Zuständig: İbrahim Wróblewska.", "İbrahim Wróblewska"),
        ("Fallmanagerin: Hélène Kamińska-Vollmer, Durchwahl 12", "Hélène Kamińska-Vollmer"),
    ],
)
def test_when_a_first_name_carries_diacritics_its_list_lacks_then_the_name_is_found(
    text: str, name: str
) -> None:
    assert name in [text[s.start : s.end] for s in find_names(text, load_lexicon())]
