"""DE_HEALTH_INSURANCE (Krankenversichertennummer, KVNR) with the GKV check digit."""

from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import DeHealthInsuranceRecognizer

# fmt: off
CONTEXT = [
    "krankenversichertennummer", "krankenversicherungsnummer", "versichertennummer", "kvnr",
    "kv-nummer", "kv-nr", "krankenkasse", "gesundheitskarte", "egk", "aok", "tk", "barmer",
    "dak", "health insurance",
]
# fmt: on
PATTERNS = [
    Pattern("KVNR", r"\b[A-Z]\d{9}\b", 0.4),
    Pattern("KVNR (grouped)", r"\b[A-Z][ ]?\d{3}[ ]?\d{3}[ ]?\d{3}\b", 0.4),
    # "S474-492-333", "S474.492.333": one separator throughout, as the forms print it.
    Pattern("KVNR (dashes/dots)", r"\b[A-Z][\-.]?\d{3}([\-.])\d{3}\1\d{3}\b", 0.4),
    # The check digit set apart, as some cards and letters print it: "X 12345678 9".
    Pattern("KVNR (check digit apart)", r"\b[A-Z][ ]?\d{8}[ ]\d\b", 0.4),
]
_SEPARATORS = " -."


class HealthInsuranceRecognizer(DeHealthInsuranceRecognizer):
    """KVNR, contiguous or grouped; validated by its check digit."""

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(patterns=PATTERNS, context=CONTEXT, supported_language=supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Checks the GKV check digit on the value without its separators."""
        compact = "".join(ch for ch in pattern_text if ch not in _SEPARATORS)
        return bool(super().validate_result(compact.upper()))
