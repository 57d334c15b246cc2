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

Which cue counts where (a rule a data-protection officer can check):

* a cue naming a person's file by itself counts anywhere: the migration cues above, a
  court claim's, an IVA's, a DRO's, a liability order's or an enforcement's number ("claim
  no.", "IVA ref", "DRO number", "enforcement ref"), a "Forderungs-Nr.";
* an authority's plain "Az."/"Aktenzeichen" names its own file and is kept, unless a birth
  cue stands before it on its line (the person's file) or the text is about a debt;
* a letter's "our ref" counts in a Home Office letter or a text about a debt;
* a reference cue that any firm uses ("Unser Zeichen", "Ihr Zeichen", "Vorgangsnummer",
  "ref", "their ref", "case_ref") counts only in a text about a debt: there it names the
  debtor's file, whoever keeps it (pii/recognizers/debt_files.py, which also finds the
  court file and claim numbers of a debt by their shapes). A decision cited there stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pii.anchored_scan import AnchoredScan
from pii.recognizers.base import Hit, ScanRecognizer, cued_numbers
from pii.recognizers.debt_files import find_debt_file_numbers, in_debt_context, is_cited

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
    # a court claim's, an insolvency's and an enforcement's own numbers
    # (pii/recognizers/debt_files.py): "claim no. H7QZ20K5", "IVA ref 0051187", "DRO number
    # 44190", "liability order ref 26/3310", "Forderungs-Nr. 88-1204"
    r"|claim[ \t]+(?:ref(?:erence)?|no\.?|number)"
    r"|(?:iva|dro|bankruptcy|ccj|insolvency|enforcement|bailiff|supervisor|liability[ \t]+order)"
    r"[ \t_]+(?:ref(?:erence)?|no\.?|number)|forderungs[ \t]*-?[ \t]*(?:nr\.?|nummer)"
    # An authority's own file number is kept ("Anhörung Hr. Moldovan (Az. 32.1-4471)"); one
    # listed with a person's date of birth is the person's file ("für Herrn …, geb. …,
    # Aktenzeichen 33.2-D-80417"): WEAK_CUE.
    r"|(?P<weak>aktenzeichen|az\.)"
    # Any reference in a text about a person's debt is the debtor's file there, whoever keeps
    # it: a collection agency's "Unser Zeichen", the debtor's "Ihr Zeichen" to it, an
    # enforcement agent's "ref" (DEBT_CUE; pii/recognizers/debt_files.py).
    r"|(?P<debt>(?:ihr|unser)(?:e|em)?[ \t]+zeichen|vorgangs[ \t]*-?[ \t]*(?:nr\.?|nummer)"
    r"|(?:(?:your|their|case)[ \t_]+)?ref(?:erence)?\.?)"
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
    for cue, number in cued_numbers(
        text, _CUE_SCAN, NUMBER, max_chars=MAX_CHARS, min_digits=MIN_DIGITS
    ):
        value = number.group()
        if value.isdigit() and len(value) < MIN_BARE_DIGITS:
            continue  # "our ref 2024": a year or a count, no case number
        if _conditional(cue) and not _personal_file(text, cue, number):
            continue
        hits.append((CASE_NUMBER, number.start(), number.end(), SCORE))
    for _, start, end, _ in [*_shapes(text), *find_debt_file_numbers(text)]:
        if all(end <= s or start >= e for _, s, e, _ in hits):
            hits.append((CASE_NUMBER, start, end, SCORE))
    return hits


def _shapes(text: str) -> list[Hit]:
    return [(CASE_NUMBER, m.start(), m.end(), SCORE) for m in SHAPE.finditer(text)]


def _conditional(cue: re.Match[str]) -> bool:
    return any(cue.group(name) is not None for name in ("our", "weak", "debt"))


def _personal_file(text: str, cue: re.Match[str], number: re.Match[str]) -> bool:
    """Whether a number after a cue that needs more than itself is a person's file: in a text
    about a debt (not a decision cited there), a Home Office letter's "our ref", an
    Aktenzeichen on a line with a birth date."""
    if in_debt_context(text, cue.start(), number.end()) and not is_cited(text, cue.start()):
        return True
    if cue.group("our") is not None:
        return HOME_OFFICE.search(text) is not None
    if cue.group("weak") is not None:
        line_start = text.rfind("\n", 0, cue.start()) + 1
        before = text[max(line_start, cue.start() - _BIRTH_WINDOW) : cue.start()]
        return _BIRTH_BEFORE.search(before) is not None
    return False


class CaseNumberRecognizer(ScanRecognizer):
    """Case, file and reference numbers of authorities, courts and tribunals."""

    ENTITIES = (CASE_NUMBER,)

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields each case number with :data:`SCORE`."""
        if not any(ch.isdigit() for ch in text):
            return []
        return find_case_numbers(text)
