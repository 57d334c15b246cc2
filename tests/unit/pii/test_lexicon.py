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
