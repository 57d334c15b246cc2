"""Numbers an authority, a court or a tribunal files a person's case under.

A migration or asylum case is filed under a number that links every letter, hearing list and
tool result to the person: the BAMF's Geschäftszeichen ("Gesch.-Z.: 8841207-224"), a
foreigners' authority's or a court's Aktenzeichen ("Az. ABH-32-0417/25", "7 K 2284/25.A"),
the Home Office's reference ("Home Office ref T1457702", "PA/04417/2025"), a UKVI account's
UAN, a visa application's GWF reference and an IHS reference. Most have no format the
gateway could check, so they count right after their cue word, which must end where the
number begins; a few have a shape of their own that counts anywhere: a tribunal's appeal
number ("HU/01740/2025"), a GWF or IHS reference ("GWF071845263", "IHS604418277"), and an
asylum court case's Aktenzeichen with its ".A" ("3 K 1187/24.A"). A key naming them in
structured data marks its value whatever it looks like (pii/structured.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.anchored_scan import AnchoredScan
from pii.recognizers.base import Hit, ScanRecognizer

CASE_NUMBER = "CASE_NUMBER"
SCORE = 0.85
_CUE_TAIL = r"""(?:[ \t]+(?:is|ist|lautet|number|no\.?|nr\.?))?["']?[ \t]*[:#=]?[ \t]*["']?"""
_CUES = (
    r"aktenzeichen[ \t]+(?:abh|bamf|ausländerbehörde|auslaenderbehoerde)"
    r"|gesch\.?[ \t]*-?[ \t]*z\.?|geschäftszeichen"
    r"|(?:home[ \t]+office|ho|port|appeal|tribunal|local[ \t]+authority"
    r"|gwf|ihs|ukvi)[ \t]+ref(?:erence)?s?\.?(?:[ \t]+(?:no\.?|number))?"
    r"|home[ \t]+office[ \t]+(?:number|no\.?)|uan|ukvi[ \t]+account[ \t]+number"
    r"|arc[ \t]+(?:no\.?|number|card[ \t]+number)|brp(?:[ \t]+(?:no\.?|number))?"
    r"|(?<=\()ref\.?"  # "the Home Office (ref H1735508)"
    # a letter's own reference, in a letter of the Home Office ("Our ref: K1673320"; not a
    # company's "Your reference is INV-77305"): HOME_OFFICE
    r"|(?P<our>our[ \t]+ref(?:erence)?\.?)"
    r"|share[ \t]+code|sra[ \t]+(?:id|number|no\.?)"
    # An authority's own file number is kept ("Anhörung Hr. Moldovan (Az. 32.1-4471)"); one
    # listed with a person's date of birth is the person's file ("für Herrn …, geb. …,
    # Aktenzeichen 33.2-D-80417"): WEAK_CUE.
    r"|(?P<weak>aktenzeichen|az\.)"
)
HOME_OFFICE = re.compile(r"(?i)home[ \t]+office|uk[ \t]+visas[ \t]+and[ \t]+immigration|ukvi")
# A birth cue before a weak cue, on its line.
_BIRTH_BEFORE = re.compile(r"(?i)(?:geb\.|geboren|geburtsdatum|dob|date[ \t]+of[ \t]+birth|born)")
_BIRTH_WINDOW = 80
_CUE = re.compile(rf"(?i)(?<![^\W_])(?:{_CUES})(?![^\W_]){_CUE_TAIL}")
_CUE_SCAN = AnchoredScan(_CUE)  # tried only where a cue word's start stands
# Groups of capitals and digits; between them a dash, slash or dot (one or two, blanks
# around allowed: "9017734 - 475", "36502//0041873") or a blank before a group with a digit
# ("KLD 418220-26", "RZ7 K4M 2PX"; not the word after the number).
_GROUP = r"[A-Z0-9]+"
NUMBER = re.compile(
    rf"{_GROUP}(?:(?:[ \t]?[-/.]{{1,2}}[ \t]?{_GROUP})|(?:[ \t](?=[A-Z0-9]*\d){_GROUP})"
    # a court's register letters between numbers ("Az. 12 O 123/20", "7 K 2284/25.A")
    r"|(?:[ \t][A-Z][A-Za-z]{0,2}(?=[ \t]\d)))*"
    r"(?![\w])"
)
MIN_DIGITS = 3
MIN_BARE_DIGITS = 5
MAX_CHARS = 30
# Shapes that are case numbers wherever they stand.
SHAPE = re.compile(
    r"(?<![\w/])(?:(?:PA|HU|EA|DA|RP|DC|IA|AA|OA|VA|LP|LH|JR|UI|HR|DV|RD|EU|LD)/\d{5}/\d{4}"
    r"|(?:GWF|IHS)\d{9}"
    # a job centre's number of a household (Bedarfsgemeinschaft): "36502BG0041873",
    # "36502//0041873"
    r"|\d{5}(?:BG|//)\d{7}"
    # a foreigners' authority's file ("ABH-32-0417/25")
    r"|ABH-\d{1,4}[-/.]\d{2,6}(?:/\d{2,4})?"
    r"|\d{1,2}[ \t][A-Z][a-z]?[ \t]\d{1,5}/\d{2}\.A)(?![\w/])"
)


def find_case_numbers(text: str) -> list[Hit]:
    """Case numbers after their cue words, and those of a shape of their own."""
    hits: list[Hit] = []
    for cue in _CUE_SCAN.finditer(text):
        number = NUMBER.match(text, cue.end())
        if number is None:
            continue
        value = number.group()
        if len(value) > MAX_CHARS or sum(ch.isdigit() for ch in value) < MIN_DIGITS:
            continue
        if value.isdigit() and len(value) < MIN_BARE_DIGITS:
            continue  # "our ref 2024": a year or a count, no case number
        if cue.group("our") is not None and HOME_OFFICE.search(text) is None:
            continue
        if cue.group("weak") is not None:
            line_start = text.rfind("\n", 0, cue.start()) + 1
            before = text[max(line_start, cue.start() - _BIRTH_WINDOW) : cue.start()]
            if _BIRTH_BEFORE.search(before) is None:
                continue
        hits.append((CASE_NUMBER, number.start(), number.end(), SCORE))
    for match in SHAPE.finditer(text):
        if all(match.end() <= s or match.start() >= e for _, s, e, _ in hits):
            hits.append((CASE_NUMBER, match.start(), match.end(), SCORE))
    return hits


class CaseNumberRecognizer(ScanRecognizer):
    """Case, file and reference numbers of authorities, courts and tribunals."""

    ENTITIES = (CASE_NUMBER,)

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields each case number with :data:`SCORE`."""
        if not any(ch.isdigit() for ch in text):
            return []
        return find_case_numbers(text)
