"""DE_KFZ (Kfz-Kennzeichen): Presidio's patterns, case-sensitive, with German context words.

A plate alone ("B-AB 1234") scores below the threshold; a context word such as
"Kennzeichen", "Fahrzeug" or "Auto" in the five words before it lifts it above.
"""

from __future__ import annotations

import re

import regex
from presidio_analyzer.predefined_recognizers import DeKfzRecognizer

from pii.recognizers.base import Triggered

CONTEXT = [
    "kennzeichen", "kfz-kennzeichen", "kfz", "amtliches", "fahrzeug", "auto", "pkw", "zulassung",
    "zugelassen", "wagen", "motorrad", "halter", "plate", "registration", "car", "vehicle",
    "towed", "abmelden", "ummeldung",
]


class KfzRecognizer(Triggered, DeKfzRecognizer):
    """German number plates."""

    TRIGGER = re.compile(r"[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[ -]\d")

    def __init__(self, *, supported_language: str = "de") -> None:
        super().__init__(context=CONTEXT, supported_language=supported_language)
        # Presidio's default IGNORECASE lets "bis zu 300" look like a plate.
        self.global_regex_flags = regex.DOTALL | regex.MULTILINE
