"""DE_KFZ (Kfz-Kennzeichen): Presidio's patterns, case-sensitive, with German context words.

A plate alone ("B-AB 1234") scores below the threshold; a context word such as
"Kennzeichen", "Fahrzeug" or "Auto" in the five words before it lifts it above.

Presidio ends a plate with ``(?!\\w)``, which "_" fails: here "_" is a boundary as a space
is, so the plate in "foto_B-AB-1234_front.jpg" is the same candidate as in prose. A file
name that opens with a plate written with both hyphens ("HH-KM-2291_halter.jpg",
".../05/HH-KM-2291.jpg": district 1-3 letters, 1-2 letters, 1-4 digits) is a photo or scan
filed under the vehicle; there it counts without a context word.

A plate of Great Britain in the current format ("KY19 XRT": memory tag, age identifier,
space, three letters) is a plate too (the same entity): its shape is strict enough to count
alone. The memory tag has no I, Q or Z, the random letters no I or Q, the age identifier is
a half-year since 2001 ("02"-"29" for March, "51"-"79" for September); a postcode
("ML3 7AR", "SW1A 2AA") puts a digit after the space and is no such plate, and three
letters that are a common word ("EU27 AND") are capitals of prose.
"""

from __future__ import annotations

import re

import regex
from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import DeKfzRecognizer

from pii.recognizers.base import Triggered
from pii.recognizers.path_name import FILE_EXTENSIONS
from pii.word_frequency import is_common

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
    patterns.append(Pattern("GB plate (since 2001)", GB_PLATE, GB_PLATE_SCORE))
    return patterns


GB_PLATE = (
    rf"{_BEFORE}[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d) [A-HJ-PR-Z]{{3}}{_AFTER}"
)
GB_PLATE_SCORE = 0.5
_GB_PLATE_SHAPE = re.compile(r"[A-Z]{2}\d{2} (?P<letters>[A-Z]{3})")


class KfzRecognizer(Triggered, DeKfzRecognizer):
    """German number plates."""

    TRIGGER = re.compile(r"[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[ -]\d|[A-Z]{2}\d{2} [A-Z]{3}")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(
            patterns=_patterns(), context=CONTEXT, supported_language=supported_language
        )
        # Presidio's default IGNORECASE lets "bis zu 300" look like a plate.
        self.global_regex_flags = regex.DOTALL | regex.MULTILINE

    def validate_result(self, pattern_text: str) -> bool | None:
        """A GB plate whose three letters are a common word is none ("EU27 AND")."""
        shape = _GB_PLATE_SHAPE.fullmatch(pattern_text)
        if shape is not None and is_common(shape.group("letters").lower()):
            return False
        return None
