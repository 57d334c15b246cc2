"""DE_ID_CARD (Personalausweisnummer) with the ICAO 9303 check digit."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import DeIdCardRecognizer

CONTEXT = [
    "personalausweis", "personalausweisnummer", "ausweis", "ausweisnummer", "perso",
    "ausweis-nr", "id card", "identity card", "dokumentennummer",
]


class IdCardRecognizer(DeIdCardRecognizer):
    """Personalausweisnummer; shares its shape with the passport number (context decides)."""

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)
