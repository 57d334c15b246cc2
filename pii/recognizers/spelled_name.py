"""PERSON: a name spelled out letter by letter after a spelling cue.

Callers spell a name they have just said ("it's Fiachra Ó Tuathail, that's
O-T-U-A-T-H-A-I-L", "Nachname Wójcik, buchstabiert W-O-J-C-I-K", "spelled K O W A L"): at
least ``MIN_LETTERS`` single letters, each followed by the same separator (a hyphen, a dot or
a space), right after a cue ("that's", "spelled", "buchstabiert", "das heißt"). A run of
capitals without the cue ("A-B-C-D" in a list) stays; so does a run that spells an ordinary
word and no known name ("that's N-O-T-E" is a spelled word; "M-E-Y-E-R" a name).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.anchored_scan import AnchoredScan
from pii.lexicon import has_known_name, is_ordinary_word
from pii.recognizers.base import Hit, ScanRecognizer

MIN_LETTERS = 4
SCORE = 0.85
_CUE = (
    r"(?:that(?:'|’|\s+i)s|spelled|spelt|spelling|spell\s+it|it(?:'|’|\s+i)s\s+spelled"
    r"|buchstabiert|buchstabieren|geschrieben|das\s+hei(?:ß|ss)t)"
)
# The cue, optional punctuation or "as"/"wie"/"mit", then the letters: one separator kind
# throughout ("O-T-U-A", "O. T. U. A.", "O T U A").
SPELLED_NAME = re.compile(
    rf"(?i)(?<![\w'’]){_CUE}\s*[:,]?\s*(?:(?:as|wie|mit)\s+)?"
    r"(?P<name>(?<![\w\-.])[^\W\d_](?P<sep>\.?[ \t]|[\-.·])"
    r"(?:[^\W\d_](?P=sep)){2,}[^\W\d_]\.?)(?![\w\-])"
)
_SPELLED_NAME_SCAN = AnchoredScan(SPELLED_NAME)  # tried only where a cue's start stands


def spelled_names(text: str) -> Iterable[Hit]:
    """Yields each name spelled out after a cue as a PERSON hit."""
    for match in _SPELLED_NAME_SCAN.finditer(text):
        letters = "".join(ch for ch in match.group("name") if ch.isalpha())
        word = letters.lower()
        if len(letters) < MIN_LETTERS or (is_ordinary_word(word) and not has_known_name(word)):
            continue
        end = match.end("name")
        if match.group("name").endswith(".") and "." not in match.group("sep"):
            end -= 1  # the full stop of the sentence ("that's O-T-O-O-L-E.")
        yield "PERSON", match.start("name"), end, SCORE


class SpelledNameRecognizer(ScanRecognizer):
    """A name spelled out letter by letter after a spelling cue."""

    ENTITIES = ("PERSON",)

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields the spelled names in ``text``."""
        if "-" not in text and "." not in text and " " not in text:
            return
        yield from spelled_names(text)
