"""LOCATION: a town named as someone's home or birthplace ("wohnhaft in Musterstadt").

Towns mentioned otherwise ("das Bürgeramt Berlin", "Importe aus Japan") identify nobody and
stay readable; so does a country even after a cue ("ich bin aus Finnland zugezogen"): millions
live there (country names in German and English from phonenumbers' locale data).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from phonenumbers.geodata.locale import LOCALE_DATA

from pii.anchored_scan import AnchoredScan
from pii.lexicon import Lexicon, load_lexicon
from pii.recognizers.base import Hit, ScanRecognizer
from pii.recognizers.personal_context import is_personal

ENTITY = "LOCATION"
# Both scans first check the letter a cue starts with, which the regex engine tries faster
# than the look-behind (tests/unit/pii/test_fast_scans.py).
CUE = re.compile(
    r"(?i)(?=[wlgzuipbm])(?<!\w)(?:wohnhaft\s+in|(?:wohne|wohnen|wohnt|lebe|leben|lebt)\s+(?:jetzt\s+|seit\s+\S+\s+)?in"
    r"|geboren\s+(?:am\s+[^,;]{4,20}?\s+)?in|geburtsort|wohnort|zugezogen\s+aus|umgezogen\s+nach"
    r"|zieh(?:e|en|t)\s+(?:\S+\s+){0,4}?nach|(?:ich\s+bin|wir\s+sind)\s+(?:am\s+[\d.]+\s+)?(?:von|aus)"
    r"|place\s+of\s+birth|born\s+(?:on\s+[^,.]{4,25}\s+)?in|(?:live|lives|living)\s+in"
    r"|moved\s+to)\s*:?\s+"
)
# "aus Cottbus", "from Leeds": only for towns the gazetteer knows, in a personal context
# ("ich bin der Kevin aus Cottbus"; not "Importe aus Japan").
FROM_PLACE = re.compile(r"(?=[af])(?<!\w)(?:aus|from)\s+")
# Tried only where a cue's start stands (pii.anchored_scan).
_CUE_SCAN = AnchoredScan(CUE)
_FROM_PLACE_SCAN = AnchoredScan(FROM_PLACE)
TOWN = re.compile(
    r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*(?:\s(?:am|an\s+der|im)\s[A-ZÄÖÜ][a-zäöüß]+)?"
)
SCORE = 0.8
FROM_SCORE = 0.6


_COUNTRY_LANGUAGES = ("de", "en")


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Names of countries and territories in German and English ("Finnland", "Belgium")."""
    names: set[str] = set()
    for by_language in LOCALE_DATA.values():
        for language in _COUNTRY_LANGUAGES:
            name = by_language.get(language, "")
            while name.startswith("*"):  # "*aa": the same as in that language
                name = by_language.get(name[1:], "")
            if name:
                names.add(name)
    return frozenset(names)


class LocationRecognizer(ScanRecognizer):
    """Finds home towns and birthplaces after a cue."""

    ENTITIES = (ENTITY,)

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language, context=["wohnhaft", "wohnort"])
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields towns after a residence or birthplace cue."""
        for cue in _CUE_SCAN.finditer(text):
            town = TOWN.match(text, cue.end())
            if town is None or town.group() in country_names():
                continue
            word = town.group().split()[0]
            if word in self._lexicon.places or not self._lexicon.is_plain_noun(word):
                if word not in self._lexicon.function_words:
                    yield ENTITY, town.start(), town.end(), SCORE
        for cue in _FROM_PLACE_SCAN.finditer(text):
            town = TOWN.match(text, cue.end())
            if town is None or town.group() in country_names():
                continue
            if town.group().split()[0] in self._lexicon.places:
                if not self._lexicon.is_plain_noun(town.group().split()[0]) and is_personal(
                    text, cue.start(), town.end(), self._lexicon
                ):
                    yield ENTITY, town.start(), town.end(), FROM_SCORE
