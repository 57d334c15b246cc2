"""DE_SOCIAL_SECURITY (Sozialversicherungs-/Rentenversicherungsnummer) with check digit.

Extends Presidio's recognizer to the grouped notations of the SV-Ausweis ("65 170839 J 003",
"65 170839 J 00 3": area, birth date, initial, serial, check digit), also with the birth
date typed in pairs ("49 07 09 62 K 002"), and validates the check
digit on the compacted value.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import DeSocialSecurityRecognizer

from pii.recognizers.base import Triggered

CONTEXT = [
    "sozialversicherungsnummer",
    "rentenversicherungsnummer",
    "versicherungsnummer",
    "sv-nummer",
    "rv-nummer",
    "svnr",
    "rvnr",
    "sozialversicherungsausweis",
    "rentenversicherung",
    "social security",
]
PATTERNS = [
    Pattern("SV-Nummer", r"\b\d{8}[A-Z]\d{3}\b", 0.4),
    Pattern("SV-Nummer (grouped)", r"\b\d{2}[ ]?\d{6}[ ]?[A-Z][ ]?\d{3}\b", 0.4),
    Pattern(
        "SV-Nummer (check digit apart)",
        r"\b\d{2}[ ./-]?\d{6}[ ./-]?[A-Z][ ./-]?\d{2}[ ./-]?\d\b",
        0.4,
    ),
    # A separator anywhere between the parts, also inside the birth date and the serial:
    # "49 07 09 62 K 002" (area, day, month, year, letter, serial with check digit).
    Pattern(
        "SV-Nummer (any spacing)",
        r"\b\d{2}(?:[ ./-]?\d{2}){3}[ ./-]?[A-Z](?:[ ./-]?\d){3}\b",
        0.4,
    ),
]


class SocialSecurityRecognizer(Triggered, DeSocialSecurityRecognizer):
    """SV-/RV-Nummer with check digit, contiguous or grouped."""

    # Every notation above holds its letter between digits, a separator or none on each side
    # (the letter in any case and script the case-insensitive match allows).
    TRIGGER = re.compile(r"\d[ ./-]?[^\W\d_][ ./-]?\d")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(patterns=PATTERNS, context=CONTEXT, supported_language=supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Checks the check digit on the value without spaces."""
        compact = "".join(ch for ch in pattern_text if ch.isalnum()).upper()
        return bool(super().validate_result(compact))
