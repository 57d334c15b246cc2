"""DE_ID_CARD (Personalausweisnummer) with the ICAO 9303 check digit.

Shares its shape with the passport number; when a passport cue precedes the number the
passport recognizer wins (see ``passport``).
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import DeIdCardRecognizer

from pii.recognizers.base import Triggered
from pii.recognizers.passport import NINE_CHARACTER_CODE, UNCUED_PENALTY, has_passport_cue

CONTEXT = [
    "personalausweis",
    "personalausweisnummer",
    "ausweis",
    "ausweisnummer",
    "perso",
    "ausweis-nr",
    "id card",
    "identity card",
    "dokumentennummer",
]


class IdCardRecognizer(Triggered, DeIdCardRecognizer):
    """Personalausweisnummer, demoted when a passport cue precedes it."""

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
        """Presidio's results, demoted when a passport cue precedes them."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            if has_passport_cue(text, result.start):
                result.score = max(0.0, result.score - UNCUED_PENALTY)
        return results
