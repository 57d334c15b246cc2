"""DATE_OF_BIRTH (any notation after a birth cue) and DATE_TIME (written-out long dates).

"geboren am 14.02.1987", "geb. 14. Februar 1987", "Geburtsdatum: 1987-02-14",
"born on 14/02/1987" are dates of birth; "14. Februar 1987" or "February 14, 1987" without a
cue are long dates. Short numeric dates without a cue ("Bescheid vom 03.04.2024") are kept:
they identify nobody and the model needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.recognizers.base import Hit, ScanRecognizer

BIRTH = "DATE_OF_BIRTH"
DATE = "DATE_TIME"
_MONTHS_DE = (
    r"Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember|Jan\.|Feb\.|Mär\.|Apr\.|Jun\.|Jul\.|Aug\.|Sep\.|Sept\.|Okt\.|Nov\.|Dez\."
)
_MONTHS_EN = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19|20)\d{2}"
# Both scans first check the character a date must start with (a day, a year or an English
# month), which the regex engine tries faster than the look-behind.
LONG_DATE = re.compile(
    rf"(?=[\dJFMASOND])(?<!\w)(?:{_DAY}\.?\s*(?:{_MONTHS_DE})\s*{_YEAR}"
    rf"|{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS_EN})\.?,?\s+{_YEAR}"
    rf"|(?:{_MONTHS_EN})\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR})(?!\w)"
)
NUMERIC_DATE = re.compile(
    rf"(?=\d)(?<![\w.])(?:{_DAY}\s?[./-]\s?(?:0?[1-9]|1[0-2])\s?[./-]\s?(?:{_YEAR}|\d{{2}})"
    rf"|(?:0?[1-9]|1[0-2])/{_DAY}/{_YEAR}"  # US month-first
    rf"|{_YEAR}-(?:0[1-9]|1[0-2])-{_DAY})(?![\w])"
)
BIRTH_CUE = re.compile(
    r"(?i)(?:geboren|geb\.|geburtsdatum|geburtstag|geb\.-datum|geb\.\s*am|date\s+of\s+birth"
    r"|dob|d\.o\.b\.|born|birthday|birth\s+date)(?:\s+(?:des|der|meines|meiner|von|of|my|the)"
    r"\s+\w+)?\W{0,4}(?:(?:is|was|lautet|ist)\s+)?(?:am|on|den|:)?\s*(?:den\s+)?$"
)
BIRTH_SCORE = 0.95
LONG_DATE_SCORE = 0.6


class DateRecognizer(ScanRecognizer):
    """Finds dates of birth and long dates."""

    ENTITIES = (BIRTH, DATE)

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(supported_language=supported_language, context=["geboren", "born"])

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields dates; a birth cue right before a date makes it a date of birth."""
        for pattern in (LONG_DATE, NUMERIC_DATE):
            for match in pattern.finditer(text):
                cued = BIRTH_CUE.search(text[max(0, match.start() - 30) : match.start()])
                if cued is not None:
                    yield BIRTH, match.start(), match.end(), BIRTH_SCORE
                elif pattern is LONG_DATE:
                    yield DATE, match.start(), match.end(), LONG_DATE_SCORE
