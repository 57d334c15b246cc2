"""CH_AHV (Swiss AHV/AVS number, the Swiss social security number) with its check digit.

Since 2008 the AHV-Nummer ("AHV-Nr.", French "numéro AVS", Italian "numero AVS", English
"OASI number") is 13 digits: the country code 756, nine digits, an EAN-13 check digit. It is
written "756.6581.9958.43" (3-4-4-2, dots), with spaces in the same groups, or plain.

756 is no GS1 prefix (Switzerland's barcodes start 760-769), so a 13-digit number that
starts 756 and has a valid EAN-13 check digit is an AHV number in any notation, cue or not.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from pii.recognizers.base import Triggered

# fmt: off
CONTEXT = [
    "ahv", "avs", "ahv-nr", "ahv-nummer", "avs-nr", "ahvn13", "oasi",
    "sozialversicherungsnummer", "sozialversicherung", "versichertennummer",
    "assurance", "assicurazione", "social security",
]
# fmt: on
PATTERNS = [
    # One separator throughout (a dot or a space), or none.
    Pattern("AHV number (3-4-4-2)", r"\b756([. ]?)\d{4}\1\d{4}\1\d{2}\b", 0.4),
]
DIGITS = 13


def ean13_valid(digits: str) -> bool:
    """True when the last of 13 digits is the EAN-13 check digit of the first 12.

    Weights alternate 1, 3 from the left; the check digit makes the sum a multiple of 10.
    """
    if len(digits) != DIGITS or not digits.isdigit():
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


class ChAhvRecognizer(Triggered, PatternRecognizer):
    """AHV/AVS number in the 3-4-4-2 grouping or plain; validated by its EAN-13 check digit."""

    TRIGGER = re.compile(r"756")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(
            supported_entity="CH_AHV",
            patterns=PATTERNS,
            context=CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """Checks the EAN-13 check digit on the digits, ignoring separators."""
        return ean13_valid("".join(ch for ch in pattern_text if ch.isdigit()))
