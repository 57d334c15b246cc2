"""DE_TAX_ID (Steuer-Identifikationsnummer): Presidio's recognizer, also in grouped notation.

People write "86 095 742 719" as often as "86095742719", and forms copy it as
"860 957 427 19" (3-3-3-2) or with dots and dashes; the ISO 7064 check digit of Presidio's
validator runs on the digits in every notation.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import DeTaxIdRecognizer

CONTEXT = [
    "steuer-id", "steuerid", "steuer-identifikationsnummer", "steueridentifikationsnummer",
    "identifikationsnummer", "idnr", "steuernummer", "finanzamt", "tin", "tax",
]
PATTERNS = [
    Pattern("Steuer-ID (11 digits)", r"\b[1-9]\d{10}\b", 0.3),
    Pattern("Steuer-ID (grouped)", r"\b[1-9]\d(?:[ /]?\d{3}){3}\b", 0.3),
    # One separator throughout, so "+49 151 23456789" is not read as 151 234 567 89.
    Pattern("Steuer-ID (2-3-3-3, dots/dashes)", r"\b[1-9]\d([.\-])\d{3}\1\d{3}\1\d{3}\b", 0.3),
    Pattern("Steuer-ID (3-3-3-2)", r"\b[1-9]\d{2}([ ./\-])\d{3}\1\d{3}\1\d{2}\b", 0.3),
    # Any other grouping of 1-7 digits with one separator ("5248 2193 799", 4-4-3, a scan's
    # "12 345678 9 01"): only with a cue word nearby (see validate_result), since such
    # groups are common.
    Pattern("Steuer-ID (any grouping)", r"\b[1-9]\d{0,6}([ .\-])\d{1,7}(?:\1\d{1,7}){1,9}\b", 0.3),
]
# The groupings above that are certain with a valid check digit; other groupings count only
# with a cue word ("Steuer-ID", "Identifikationsnummer") before them.
_CERTAIN_SHAPE = re.compile(
    r"[1-9]\d{10}|[1-9]\d(?:[ /]?\d{3}){3}|[1-9]\d([.\-])\d{3}\1\d{3}\1\d{3}"
    r"|[1-9]\d{2}([ ./\-])\d{3}\2\d{3}\2\d{2}"
)
DIGITS = 11
_IP_SHAPED = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


class TaxIdRecognizer(DeTaxIdRecognizer):
    """Steuer-ID with check digit, contiguous or grouped (uncommon groupings with a cue)."""

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(
            patterns=PATTERNS,
            context=[*DeTaxIdRecognizer.CONTEXT, *CONTEXT],
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Checks the digits' ISO 7064 check digit, ignoring separators."""
        if _IP_SHAPED.fullmatch(pattern_text) and all(
            int(part) <= 255 for part in pattern_text.split(".")
        ):
            return False  # an IPv4 address (53.142.192.181)
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        if len(digits) != DIGITS or not super().validate_result(digits):
            return False
        return True if _CERTAIN_SHAPE.fullmatch(pattern_text) else None
