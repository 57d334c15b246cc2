"""DE_PASSPORT (Reisepassnummer) with the ICAO 9303 check digit.

Passport and ID-card numbers share one shape; a passport cue in the 40 characters before
the number decides, otherwise the number is reported as an ID card (see ``id_card``).
"""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import DePassportRecognizer

from pii.recognizers.base import Triggered

CONTEXT = ["reisepass", "reisepassnummer", "pass", "passnummer", "pass-nr", "passport"]
PASSPORT_CUE = re.compile(r"(?i)(?:reise)?pass(?:nummer|-nr\.?|port)?\b|passport")
CUE_WINDOW = 40
UNCUED_PENALTY = 0.1
# Passport and ID-card numbers (Presidio's patterns, case-insensitive) are nine letters or
# digits, the last a digit, between word boundaries; in Python's terms nine alphanumerics
# ending in a digit with no ASCII letter or digit on either side:
# ``(?<![A-Za-z0-9])[^\W_]{8}\d(?![A-Za-z0-9])``, here found from its last digit (half the
# scan). Texts without such a code skip both recognizers' patterns.
NINE_CHARACTER_CODE = re.compile(r"\d(?![A-Za-z0-9])(?<=[^\W_]{9})(?<![A-Za-z0-9][^\W_]{9})")


def has_passport_cue(text: str, start: int) -> bool:
    """True when a passport word precedes ``start`` closely."""
    return PASSPORT_CUE.search(text[max(0, start - CUE_WINDOW) : start]) is not None


class PassportRecognizer(Triggered, DePassportRecognizer):
    """Reisepassnummer; scores below the ID card unless a passport cue precedes it."""

    TRIGGER = NINE_CHARACTER_CODE

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's results, demoted when no passport cue precedes them."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            if not has_passport_cue(text, result.start):
                result.score = max(0.0, result.score - UNCUED_PENALTY)
        return results
