"""LOCATION: a town named as someone's home or birthplace ("wohnhaft in Musterstadt").

Towns mentioned otherwise ("das Bürgeramt Berlin") identify nobody and stay readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.lexicon import Lexicon, load_lexicon
from pii.recognizers.base import Hit, ScanRecognizer

ENTITY = "LOCATION"
CUE = re.compile(
    r"(?i)(?<!\w)(?:wohnhaft\s+in|wohne\s+(?:jetzt\s+|seit\s+\S+\s+)?in|wohnen\s+in|lebe\s+in"
    r"|geboren\s+in|geburtsort|wohnort|zugezogen\s+aus|umgezogen\s+nach|ziehe\s+nach"
    r"|ziehen\s+nach|place\s+of\s+birth|born\s+in|i\s+live\s+in|we\s+live\s+in|moved\s+to)"
    r"\s*:?\s+"
)
TOWN = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*(?:\s(?:am|an\s+der|im)\s[A-ZÄÖÜ][a-zäöüß]+)?")
SCORE = 0.8


class LocationRecognizer(ScanRecognizer):
    """Finds home towns and birthplaces after a cue."""

    ENTITIES = (ENTITY,)

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language, context=["wohnhaft", "wohnort"])
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields towns after a residence or birthplace cue."""
        for cue in CUE.finditer(text):
            town = TOWN.match(text, cue.end())
            if town is None:
                continue
            word = town.group().split()[0]
            if word in self._lexicon.places or not self._lexicon.is_plain_noun(word):
                if word not in self._lexicon.function_words:
                    yield ENTITY, town.start(), town.end(), SCORE
