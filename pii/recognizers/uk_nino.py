"""UK_NINO (UK National Insurance number): Presidio's recognizer, lower case only after a cue.

"JT 48 26 19 B", "JT482619B": two prefix letters (not D, F, I, Q, U, V; the second not O;
not BG, GB, NK, KN, TN, NT, ZZ), six digits, a suffix A-D. Presidio's pattern also takes
lower case, which in prose matches words followed by numbers ("ab 12 34 56 c"); a NINO
typed in lower or mixed case ("ni number gs 72 97 67 a", "?ni=gs729767a") counts only after
one of its cue words or an "ni" key (:data:`CUE`) in the :data:`CUE_REACH` characters before it.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
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
# The cue words of a NINO not in capitals (whole words, any case): "NI number", "N.I. no".
CUE = re.compile(
    r"(?i)(?<![^\W_])(?:national\s+insurance|n\.?\s?i\.?\s+(?:number|no\b\.?|nr\b\.?|#)|nino"
    r"|sozialversicherungsnummer)(?![^\W_])"
    # a key "ni" of a URL query, a form or JSON ("?ni=zp630204a", '"ni": "…"')
    r"|(?<![^\W_])ni[\"']?[ \t]*[=:]"
)
CUE_REACH = 40


class UkNinoRecognizer(Triggered, PresidioUkNino):
    """UK National Insurance number in capitals, spaced or not; other cases after a cue."""

    # How every number the pattern matches ends: a digit, a space or none, a suffix A-D in
    # either case (lower case counts after a cue) not followed by a letter (the pattern's
    # word boundary).
    TRIGGER = re.compile(r"(?i)\d ?[A-D](?![a-z])")

    def __init__(self, *, supported_language: str = "en") -> None:
        super().__init__(patterns=PATTERNS, context=CONTEXT, supported_language=supported_language)

    def validate_result(self, pattern_text: str) -> bool | None:
        """No check digit: the shape decides (the case in :meth:`analyze`)."""
        return None

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's matches, those not in capitals only after a cue word."""
        return [
            result
            for result in super().analyze(text, entities, nlp_artifacts, regex_flags)
            if _in_capitals_or_cued(text, result.start, result.end)
        ]


def _in_capitals_or_cued(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    return value == value.upper() or (
        CUE.search(text, max(0, start - CUE_REACH), start) is not None
    )
