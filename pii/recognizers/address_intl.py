"""Dutch, French and Spanish postal addresses, parts pii/recognizers/address.py merges.

Letters from partner agencies, municipalities and courts abroad write addresses in their own
forms:
    * Dutch: a compound ending in a street word, then the house number with its addition
      ("Vondelstraat 118-3", "Oudegracht 210 bis", "Prinsengracht 12 hs"), maybe the
      postcode and town ("1054 GS Amsterdam");
    * French: the number first, then the street word and the name ("12 rue des Tanneurs",
      "3 bis avenue Victor Hugo", "8, place de la Mairie");
    * Spanish: the street word or its abbreviation first, then the name and the number,
      maybe the floor and door ("c/ Alcalá 214, 3º B", "Calle de Toledo 12", "Avda. de
      América 5").
And in any language, a street without a street word ("Sonnenhang 4", "14 Kirkgate") counts
right before a postcode and town found already ("Sonnenhang 4, 87435 Kempten", "14 Kirkgate,
Otley LS21 3HW"): an envelope's line before the town line is the street.
A Dutch postcode and town alone ("1054 GS Amsterdam") counts for a town the gazetteer knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pii.lexicon import Lexicon
from pii.word_frequency import is_known

Span = tuple[int, int, float]  # start, end, score

_NL_SUFFIX = r"straat|laan|gracht|plein|kade|singel|dijk|dreef|steeg|plantsoen"
# Suffixes that also end German words ("Arkade", "Kaskade"): a street only when the word is
# in no frequency list and no noun of the lexicon.
_NL_RARE_SUFFIX = ("kade", "steeg")
_NL_NUMBER = (
    r"[1-9]\d{0,4}(?:-\d{1,4}|-?[A-Za-z](?![\w])|[ \t]+(?:bis|hs|huis|I{1,3}|[A-H])(?![\w]))?"
)
# Dutch postcodes: four digits and two capitals, never SA, SD or SS.
_NL_POSTCODE = r"[1-9]\d{3}[ \t]?(?!SA|SD|SS)[A-Z]{2}"
_NL_TOWN = r"[A-Z][a-z]+(?:[- ](?:aan|op|in|den|de)?[- ]?[A-Z][a-z]+)?"
NL_STREET = re.compile(
    rf"(?<![\w-])(?P<street>(?:[A-Z][a-z]+[ -])?[A-Z][a-zé]*(?:{_NL_SUFFIX}))[ \t]+"
    rf"(?P<number>{_NL_NUMBER})"
    rf"(?P<town>,?[ \t]+{_NL_POSTCODE}[ \t]+{_NL_TOWN})?(?![\w])"
)
NL_POSTCODE_TOWN = re.compile(rf"(?<![\w-]){_NL_POSTCODE}[ \t]+(?P<town>{_NL_TOWN})(?![\w])")
_FR_ARTICLE = r"(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’]|la|le|les)"
_FR_NAME_WORD = r"[A-ZÀ-Ý][\w'’-]*"
# Street words that are English words too ("place", "route", "avenue") count only in lower
# case or with a French article after them.
FR_STREET = re.compile(
    rf"(?<![\w-])(?P<number>[1-9]\d{{0,3}}(?:[ \t]?(?:bis|ter|[A-D])(?![\w]))?),?[ \t]+"
    r"(?P<type>rue|avenue|av\.|boulevard|bd|allée|impasse|chemin|quai|place|route|cours"
    r"|Rue|Avenue|Boulevard|Allée|Impasse|Chemin|Quai|Place|Route|Cours)"
    rf"(?P<article>[ \t]+{_FR_ARTICLE})?[ \t]*(?P<name>{_FR_NAME_WORD}"
    rf"(?:[ \t]+(?:{_FR_ARTICLE}[ \t]*)?{_FR_NAME_WORD}){{0,3}})"
)
_FR_AMBIGUOUS = frozenset({"Avenue", "Place", "Route", "Cours"})
_ES_NAME_WORD = r"[A-ZÁÉÍÓÚÑ][\w'’.-]*"
_ES_PARTICLE = r"(?:de[ \t]+(?:la|los|las)|del|de|la|los|las|y)"
ES_STREET = re.compile(
    r"(?<![\w/-])(?:[cC]/|[cC]\.[ \t]|Calle|calle|Avda\.|avda\.|Avenida|avenida|Plaza|plaza"
    r"|Pza\.|Paseo|paseo|Pº|Camino|Ronda|Travesía|Carrer|carrer|Rúa|rúa)[ \t]*"
    rf"(?:{_ES_PARTICLE}[ \t]+)?(?P<name>{_ES_NAME_WORD}"
    rf"(?:[ \t]+(?:{_ES_PARTICLE}[ \t]+)?{_ES_NAME_WORD}){{0,3}}),?[ \t]+(?:n[º°o]\.?[ \t]*)?"
    r"(?P<number>[1-9]\d{0,3}[A-Za-z]?)(?![\w])"
    # floor and door: "3º B", "2º izda." (the ordinal sign folded to "o" by pii.normalize)
    r"(?:,?[ \t]*\d{1,2}[ \t]?[º°ªo](?:[ \t]*(?:[A-Z]|izda\.?|dcha\.?|izq\.?)(?![\w]))?)?"
)
# A street named without a street word, right before a postcode and town: "Sonnenhang 4, "
# (name first, as in German and Dutch) or "14 Kirkgate, " (number first, as in English).
_BARE_WORD = r"[A-ZÄÖÜ][^\W\d_]+(?:['’-][^\W\d_]+)*"
STREET_BEFORE_TOWN = re.compile(
    rf"(?:(?<![\w-])(?P<name_first>(?:{_BARE_WORD}[ \t]){{0,2}}{_BARE_WORD})[ \t]+"
    r"[1-9]\d{0,3}(?:[ \t]?[a-z])?(?:[-/]\d{1,4})?"
    rf"|(?<![\w-])[1-9]\d{{0,3}}[A-Za-z]?[ \t]+(?P<number_first>(?:{_BARE_WORD}[ \t]){{0,2}}"
    rf"{_BARE_WORD}))[ \t]*,[ \t]*$"
)
STREET_BEFORE_TOWN_CHARS = 60
STREET_SCORE = 0.85
FULL_ADDRESS_SCORE = 0.9
POSTCODE_TOWN_SCORE = 0.7


# Words one of whose forms each pattern needs (in the lower-cased text): most texts hold
# none, and a substring test is far cheaper than a scan with a look-behind at every position.
_NL_HINTS = tuple(_NL_SUFFIX.split("|"))
_FR_HINTS = (
    "rue", "av.", "avenue", "boulevard", "bd", "allée", "impasse", "chemin", "quai",
    "place", "route", "cours",
)  # fmt: skip
_ES_HINTS = (
    "c/", "c.", "calle", "avda.", "avenida", "plaza", "pza.", "paseo", "pº", "camino", "ronda",
    "travesía", "carrer", "rúa",
)  # fmt: skip


def foreign_addresses(text: str, lexicon: Lexicon) -> Iterator[Span]:
    """Yields the Dutch, French and Spanish address parts in ``text``."""
    lowered = text.lower()
    if any(hint in text for hint in _NL_HINTS):
        yield from _dutch(text, lexicon)
    for match in NL_POSTCODE_TOWN.finditer(text):
        if match.group("town").split()[0] in lexicon.places:
            yield match.start(), match.end(), POSTCODE_TOWN_SCORE
    if any(hint in lowered for hint in _FR_HINTS):
        yield from _french(text)
    if any(hint in lowered for hint in _ES_HINTS):
        for match in ES_STREET.finditer(text):
            yield match.start(), match.end(), STREET_SCORE


def _dutch(text: str, lexicon: Lexicon) -> Iterator[Span]:
    for match in NL_STREET.finditer(text):
        street = match.group("street").split()[-1]
        if street.endswith(_NL_RARE_SUFFIX) and (is_known(street) or lexicon.is_plain_noun(street)):
            continue  # "Arkade 3"
        score = STREET_SCORE if match.group("town") is None else FULL_ADDRESS_SCORE
        yield match.start(), match.end(), score


def _french(text: str) -> Iterator[Span]:
    for match in FR_STREET.finditer(text):
        if match.group("type") in _FR_AMBIGUOUS and match.group("article") is None:
            continue  # "10 Place Settings", "5 Route Planner"
        yield match.start(), match.end(), STREET_SCORE


def streets_before_towns(text: str, towns: list[Span], lexicon: Lexicon) -> Iterator[Span]:
    """A street without a street word right before a postcode-and-town span of ``towns``
    ("Sonnenhang 4, 87435 Kempten", "14 Kirkgate, Otley LS21 3HW")."""
    for town_start, _, _ in towns:
        lo = max(0, town_start - STREET_BEFORE_TOWN_CHARS)
        match = STREET_BEFORE_TOWN.search(text, lo, town_start)
        if match is None:
            continue
        words = (match.group("name_first") or match.group("number_first")).split()
        if any(word in lexicon.function_words for word in words) or lexicon.is_plain_noun(
            words[-1]
        ):
            continue  # "Seite 4, 10115 Berlin", "Im Jahr 4, …": no street
        yield match.start(), town_start, STREET_SCORE
