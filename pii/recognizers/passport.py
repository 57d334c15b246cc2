"""DE_PASSPORT (Reisepassnummer) with the ICAO 9303 check digit."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import DePassportRecognizer

CONTEXT = ["reisepass", "reisepassnummer", "pass", "passnummer", "pass-nr", "passport"]


class PassportRecognizer(DePassportRecognizer):
    """Reisepassnummer; shares its shape with the ID card number (context decides)."""

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)
