"""BIC (SWIFT code) after a cue word; an unannounced 8/11-letter code is too ambiguous."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.recognizers.base import Hit, ScanRecognizer

ENTITY = "BIC"
# Country codes of the SEPA area plus frequent others.
COUNTRIES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL "
    "PT RO SE SI SK SM VA US CA TR UA RU CN JP".split()
)
BIC = re.compile(r"(?=[A-Z])(?<![\w-])([A-Z]{4})([A-Z]{2})([A-Z0-9]{2})([A-Z0-9]{3})?(?![\w-])")
CUE = re.compile(r"(?i)\b(?:bic|swift(?:-code)?|bankleitzahl|bank identifier)\b\W{0,5}$")
CUED_SCORE = 0.9
PLAIN_SCORE = 0.55


class BicRecognizer(ScanRecognizer):
    """Finds BICs; without a cue only the unmistakable 11-character ``…XXX`` form."""

    ENTITIES = (ENTITY,)

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(supported_language=supported_language, context=["bic", "swift"])

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields BICs with a valid country code."""
        for match in BIC.finditer(text):
            if match.group(2) not in COUNTRIES:
                continue
            if CUE.search(text[max(0, match.start() - 20) : match.start()]):
                yield ENTITY, match.start(), match.end(), CUED_SCORE
            elif match.group(4) == "XXX" or (
                match.group(4) and any(c.isdigit() for c in match.group(3))
            ):
                yield ENTITY, match.start(), match.end(), PLAIN_SCORE
