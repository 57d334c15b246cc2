"""DE_ID_CARD and DE_PASSPORT typed in groups: "RC2L V95R2", "C01X-00T47", "L01 X00 T44";
and other countries' passport numbers right after a passport cue ("my passport number is
FN 740318", "Passport No: 533 401 772").

The card prints its nine-character number as one run; people copying it by eye split it
into groups. Presidio's patterns need the run, so a grouped number counts here, and only
right after an ID-card or passport word: the ICAO 9303 check digit alone (one chance in
ten) is too weak for two capitalised groups anywhere in a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.recognizers.base import Hit, ScanRecognizer
from pii.recognizers.passport import PASSPORT_CUE

_ICAO = "CFGHJKLMNPRTVWXYZ0-9"
# Two or three groups of the ICAO charset, one separator kind throughout; the last group
# ends with the check digit. The length (nine characters) is checked on the joined value.
GROUPED_NUMBER = re.compile(
    rf"(?i)(?<![\w-])[{_ICAO}]{{2,6}}(?P<sep>[ .\-])[{_ICAO}]{{2,6}}"
    rf"(?:(?P=sep)[{_ICAO}]{{2,5}})?(?<=\d)(?![\w-]|[.\-]\w)"
)
ID_CARD_CUE = re.compile(
    r"(?i)(?:personal)?ausweis(?:nummer|-?nr\.?)?|perso(?:-?nr\.?)?"
    r"|id[ -]card(?:\s+(?:number|no\.?))?|identity\s+card|dokumentennummer"
)
CUE_WINDOW = 30
# Passport numbers of other countries have no check digit the gateway knows: one or two
# letters and six to eight digits (Ukraine, Poland, India, …) or nine digits (UK, US), maybe
# grouped. They count only right after a passport cue that ends where the number begins.
FOREIGN_PASSPORT = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,2}[ \t]?\d{6,8}|\d{3}[ \t]?\d{3}[ \t]?\d{3})(?![\w-]|[.,]\d)"
)
FOREIGN_PASSPORT_CUE = re.compile(
    r"(?i)(?<![^\W_])(?:passport|reisepass|passnummer)(?:[ \t]+(?:number|no\.?|nr\.?|nummer|#))?"
    r"(?:[ \t]+(?:is|ist|lautet))?[ \t]*[:#]?[ \t]*$"
)
FOREIGN_SCORE = 0.85
DIGITS = 9
SCORE = 0.9
_WEIGHTS = (7, 3, 1)


def icao_check_digit_ok(code: str) -> bool:
    """True when the last of nine characters is the ICAO 9303 check digit of the others."""
    if len(code) != DIGITS or not code[-1].isdigit():
        return False
    total = sum(int(ch, 36) * _WEIGHTS[i % 3] for i, ch in enumerate(code[:-1]))
    return total % 10 == int(code[-1])


class GroupedDocumentNumberRecognizer(ScanRecognizer):
    """ID-card and passport numbers typed in groups after their cue word."""

    ENTITIES = ("DE_ID_CARD", "DE_PASSPORT")

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields grouped numbers with a valid check digit right after a cue word."""
        for match in GROUPED_NUMBER.finditer(text):
            code = re.sub(r"[ .\-]", "", match.group()).upper()
            if not icao_check_digit_ok(code):
                continue
            before = text[max(0, match.start() - CUE_WINDOW) : match.start()]
            cues = [
                (cue.end(), entity)
                for pattern, entity in ((ID_CARD_CUE, "DE_ID_CARD"), (PASSPORT_CUE, "DE_PASSPORT"))
                for cue in pattern.finditer(before)
            ]
            if cues:
                yield max(cues)[1], match.start(), match.end(), SCORE
        for match in FOREIGN_PASSPORT.finditer(text):
            before = text[max(0, match.start() - CUE_WINDOW) : match.start()]
            if FOREIGN_PASSPORT_CUE.search(before) is not None:
                yield "DE_PASSPORT", match.start(), match.end(), FOREIGN_SCORE
