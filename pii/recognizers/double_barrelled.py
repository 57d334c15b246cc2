"""PERSON: a given name and a double-barrelled surname, all of them rare words.

"Peregrine Hollingworth-Obi", "Thaddeus Wetherall-Mensah": a capitalised word, then two
capitalised words joined by a hyphen. Firms and places are hyphenated too ("Mercedes-Benz",
"Hewlett-Packard", "Baden-Württemberg"), but their words are frequent or listed places;
here the given name must be rare (below ``MAX_ZIPF`` in German and English, no ordinary
word, or a listed first name) and each surname part rare or a listed name, none a place or
a function word. The English compound check of ``is_ordinary_word`` is not asked for the
surname's parts: surnames are often built so ("Kettlewell", "Applegarth").
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from pii.lexicon import Lexicon, is_ordinary_word, load_lexicon
from pii.recognizers.base import Hit, ScanRecognizer
from pii.recognizers.person import is_first_name, is_known_name
from pii.word_frequency import zipf

SCORE = 0.75
MAX_ZIPF = 3.0
# One space between the given name and the surname: a wider gap or a tab separates the cells
# of a printed table ("Metoprolol       Beloc-Zok": an agent and its brand).
GIVEN_AND_DOUBLE_SURNAME = re.compile(
    r"(?<![\w'’-])(?P<given>\p{Lu}\p{Ll}{2,})[ ]"
    r"(?P<surname>\p{Lu}\p{Ll}+-\p{Lu}\p{Ll}+)(?![\w'’-])"
)


def _rare(word: str) -> bool:
    lowered = word.lower()
    return zipf(lowered, "de") < MAX_ZIPF and zipf(lowered, "en") < MAX_ZIPF


def _excluded(word: str, lexicon: Lexicon) -> bool:
    return word in lexicon.function_words or word in lexicon.places


def double_barrelled_names(text: str, lexicon: Lexicon) -> Iterable[Hit]:
    """Given names with a double-barrelled surname (module docstring)."""
    for match in GIVEN_AND_DOUBLE_SURNAME.finditer(text):
        given = match.group("given")
        parts = match.group("surname").split("-")
        if _excluded(given, lexicon) or any(_excluded(p, lexicon) for p in parts):
            continue
        if not (
            is_first_name(given, lexicon) or (_rare(given) and not is_ordinary_word(given, lexicon))
        ):
            continue
        if all(is_known_name(p, lexicon) or _rare(p) for p in parts):
            yield "PERSON", match.start(), match.end(), SCORE


class DoubleBarrelledNameRecognizer(ScanRecognizer):
    """Given names with a double-barrelled surname (module docstring)."""

    ENTITIES = ("PERSON",)

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language)
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields the names in ``text``."""
        if "-" not in text:
            return
        yield from double_barrelled_names(text, self._lexicon)
