"""UK_NINO (UK National Insurance number): Presidio's recognizer, upper case only.

"JT 48 26 19 B", "JT482619B": two prefix letters (not D, F, I, Q, U, V; the second not O;
not BG, GB, NK, KN, TN, NT, ZZ), six digits, a suffix A-D. Presidio's pattern also takes
lower case, which in prose matches words followed by numbers; a NINO is written in capitals.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UkNinoRecognizer as PresidioUkNino

from pii.recognizers.base import Triggered

CONTEXT = [
    "national insurance",
    "insurance number",
    "ni number",
    "ni no",
    "nino",
    "nin",
    "sozialversicherungsnummer",
]
PATTERNS = [
    Pattern(
        "NINO",
        r"\b(?!BG|GB|NK|KN|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
        r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
        0.6,
    ),
]


class UkNinoRecognizer(Triggered, PresidioUkNino):
    """UK National Insurance number in capitals, spaced or not."""

    # How every number kept by validate_result ends: a digit, a space or none, a capital
    # suffix not followed by a lower-case letter (the pattern's word boundary).
    TRIGGER = re.compile(r"\d ?[A-D](?![a-z])")

    def __init__(self, *, supported_language: str = "en") -> None:
        super().__init__(patterns=PATTERNS, context=CONTEXT, supported_language=supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """False for a lower-case match (the analyzer matches case-insensitively)."""
        return None if pattern_text == pattern_text.upper() else False
