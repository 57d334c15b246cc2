"""A person's name in the inverted form of court lists and registers, the surname in capitals:
``"TESFAYE, Abeba v. GEBRE, Samson"``, ``"IN RE MARRIAGE OF KOWALSKI-DIAZ, Renata"``,
``"Parteien: OYELARAN, Folake"``.

Lists of parties, calendars and rolls print the surname in capitals, then a comma and the
given names in ordinary case. Headings and notes take a like shape ("NOTE, Please…",
"WARNING, Do not…", "OAKLAND, California"), so every surname part must be a listed surname
or rare (Zipf < 4 in the German and English lists) and no place, and the given name a listed
first name or rare, no German noun and no office compound ("Krankenkasse TK,
Versichertennummer …"). In a text written in capitals throughout the shape says nothing and
is skipped. A pure function over text; :func:`pii.structured.scan_structured` runs it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

from pii.lexicon import load_lexicon, names_an_office
from pii.word_frequency import is_common

Span = tuple[str, int, int]  # entity type, start, end

CAPITALS_INVERTED = re.compile(
    r"(?<![\w'’-])(?P<surname>\p{Lu}{2,}(?:[-'’]\p{Lu}{2,})*),[ \t]+"
    r"(?P<given>\p{Lu}\p{Ll}+(?:-\p{L}\p{Ll}+)?)(?![\w'’-])"
)
# Words that rare but ordinary words share with names are common in one of the lists.
MIN_COMMON_ZIPF = 4.0


def _surname_part(word: str) -> bool:
    lexicon = load_lexicon()
    capitalised = word.capitalize()
    if capitalised in lexicon.places:
        return False
    return capitalised in lexicon.surnames or not is_common(capitalised, MIN_COMMON_ZIPF)


def _given_name(word: str) -> bool:
    """A listed first name, or a rare word that is no place, no German noun and no office,
    file or form compound ("Krankenkasse TK, Versichertennummer …")."""
    lexicon = load_lexicon()
    if word in lexicon.first_names:
        return True
    return (
        word not in lexicon.places
        and not lexicon.is_plain_noun(word)
        and not names_an_office(word, lexicon)
        and not is_common(word, MIN_COMMON_ZIPF)
    )


def scan_capitals_inverted_names(text: str) -> Iterator[Span]:
    """Names written "SURNAME, Given name" in a text that is not in capitals throughout."""
    if "," not in text or not any(c.islower() for c in text):
        return
    for match in CAPITALS_INVERTED.finditer(text):
        parts = re.split(r"[-'’]", match.group("surname"))
        if all(_surname_part(p) for p in parts) and _given_name(match.group("given")):
            yield "PERSON", match.start(), match.end()
