"""DE_KFZ (Kfz-Kennzeichen): Presidio's patterns, case-sensitive, with German context words.

A plate alone ("B-AB 1234") scores below the threshold; a context word such as
"Kennzeichen", "Fahrzeug" or "Auto" in the five words before it lifts it above.

Presidio ends a plate with ``(?!\\w)``, which "_" fails: here "_" is a boundary as a space
is, so the plate in "foto_B-AB-1234_front.jpg" is the same candidate as in prose. A file
name that opens with a plate written with both hyphens ("HH-KM-2291_halter.jpg",
".../05/HH-KM-2291.jpg": district 1-3 letters, 1-2 letters, 1-4 digits) is a photo or scan
filed under the vehicle; there it counts without a context word.
"""

from __future__ import annotations

import re

import regex
from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import DeKfzRecognizer

from pii.recognizers.base import Triggered
from pii.recognizers.path_name import FILE_EXTENSIONS

CONTEXT = [
    "kennzeichen",
    "kfz-kennzeichen",
    "kfz",
    "amtliches",
    "fahrzeug",
    "auto",
    "pkw",
    "zulassung",
    "zugelassen",
    "wagen",
    "motorrad",
    "halter",
    "plate",
    "registration",
    "car",
    "vehicle",
    "towed",
    "abmelden",
    "ummeldung",
]
# Presidio's edges, with "_" as a boundary: no letter, digit or "-" before, no letter or digit
# after.
_BEFORE = r"(?<![^\W_]|-)"
_AFTER = r"(?![^\W_])"
_EXTENSIONS = "|".join(sorted(FILE_EXTENSIONS, key=len, reverse=True))
FILE_NAME_SCORE = 0.6


def _patterns() -> list[Pattern]:
    patterns = [
        Pattern(
            pattern.name,
            pattern.regex.replace(r"(?<![\w-])", _BEFORE).replace(r"(?!\w)", _AFTER),
            pattern.score,
        )
        for pattern in DeKfzRecognizer.PATTERNS
    ]
    patterns.append(
        Pattern(
            "KFZ-Kennzeichen (Dateiname)",
            rf"(?<=/|^|[\s\"'(])[A-ZÄÖÜ]{{1,3}}-[A-Z]{{1,2}}-\d{{1,4}}[EH]?"
            rf"(?=(?:_[^\s/\"'<>()]*)?\.(?i:{_EXTENSIONS})(?![\w]))",
            FILE_NAME_SCORE,
        )
    )
    return patterns


class KfzRecognizer(Triggered, DeKfzRecognizer):
    """German number plates."""

    TRIGGER = re.compile(r"[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[ -]\d")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(
            patterns=_patterns(), context=CONTEXT, supported_language=supported_language
        )
        # Presidio's default IGNORECASE lets "bis zu 300" look like a plate.
        self.global_regex_flags = regex.DOTALL | regex.MULTILINE
