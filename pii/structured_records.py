"""Record layouts whose fields are named by position or by a tag of their own, not by a key
word: GEDCOM family trees, the machine-readable zone (MRZ) of ID cards and passports, and
HL7 v2 messages.

Neither has a cue a recognizer could use: ``1 NAME Bridget /Costigan/`` and ``2 DATE 14 MAR
1932`` under ``1 BIRT`` are names and a birth date only by their tags, and an MRZ line
``KARABULUT<<SEVIM<NUR<<<<<<<<<<`` is a name only by its place in the zone, as
``ADESINA^Oyinkansola^Titilope^^Mrs`` is by its place in an HL7 ``PID`` segment. Pure functions
over text; :func:`pii.structured.scan_structured` runs them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

Span = tuple[str, int, int]  # entity type, start, end

# GEDCOM 5.5 (genealogy exports): ``LEVEL [@XREF@] TAG [VALUE]`` lines. A file holds a record
# ``0 @I1@ INDI`` (an individual) or ``0 HEAD``; only then are its lines read.
_GEDCOM_RECORD = re.compile(r"(?m)^[ \t]*0[ \t]+(?:@[^@\n]{1,20}@[ \t]+(?:INDI|FAM)|HEAD)\b")
_GEDCOM_LINE = re.compile(
    r"(?m)^[ \t]*(?P<level>\d{1,2})[ \t]+(?:@[^@\n]{1,20}@[ \t]+)?(?P<tag>_?[A-Z0-9]{3,5})"
    r"(?:[ \t]+(?P<value>[^\r\n]{1,120}))?\r?$"
)
_GEDCOM_TAGS = {
    "NAME": "PERSON", "GIVN": "PERSON", "SURN": "PERSON", "NICK": "PERSON", "_MARNM": "PERSON",
    "ADDR": "ADDRESS", "ADR1": "ADDRESS", "ADR2": "ADDRESS", "PHON": "PHONE_NUMBER",
    "EMAIL": "EMAIL_ADDRESS",
}  # fmt: skip
# Events of a person's life whose ``DATE`` is a birth date, or another personal date.
_GEDCOM_BIRTH_EVENTS = frozenset({"BIRT", "CHR", "BAPM"})
_GEDCOM_LIFE_EVENTS = frozenset({"DEAT", "BURI", "CREM", "MARR", "DIV", "ENGA", "ADOP", "RESI"})
# The surname of a NAME value is between slashes ("Bridget /Costigan/"): the parts are the
# words, without the slashes.
_GEDCOM_NAME_PART = re.compile(r"[^/\s][^/]*[^/\s]|[^/\s]")


def scan_gedcom(text: str) -> Iterator[Span]:
    """Names, addresses and the dates of birth and of other life events in a GEDCOM file."""
    if "0 " not in text or _GEDCOM_RECORD.search(text) is None:
        return
    events: dict[int, str] = {}  # level -> tag of the enclosing lines
    for line in _GEDCOM_LINE.finditer(text):
        level, tag = int(line.group("level")), line.group("tag")
        events = {lv: t for lv, t in events.items() if lv < level}
        events[level] = tag
        if line.group("value") is None:
            continue
        start, end = line.span("value")
        if tag == "DATE":
            parent = events.get(level - 1)
            if parent in _GEDCOM_BIRTH_EVENTS:
                yield "DATE_OF_BIRTH", start, end
            elif parent in _GEDCOM_LIFE_EVENTS:
                yield "DATE_TIME", start, end
            continue
        entity = _GEDCOM_TAGS.get(tag)
        if entity == "PERSON":
            for part in _GEDCOM_NAME_PART.finditer(text, start, end):
                yield entity, part.start(), part.end()
        elif entity is not None:
            yield entity, start, end


def in_gedcom_tag(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` lies in the level, reference and tag of a GEDCOM file's
    line (``1 BIRT``, ``0 @I1@ INDI``): the tag names a field; only a value after it
    (``NAME``, ``DATE``, ``PLAC`` ...) can be personal."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = _GEDCOM_LINE.match(text, line_start, len(text) if line_end == -1 else line_end)
    if line is None or end > (line.start("value") if line.group("value") else line.end()):
        return False
    return "0 " in text and _GEDCOM_RECORD.search(text) is not None


# ICAO Doc 9303 machine-readable zones: TD1 (ID cards, 3 lines of 30), TD2 (2 of 36) and TD3
# (passports, 2 of 44). The zone is recognised by its shape and confirmed by a check digit.
_MRZ_LINE = re.compile(r"(?m)^[ \t]*(?P<line>[A-Z0-9<]{30}|[A-Z0-9<]{36}|[A-Z0-9<]{44})[ \t]*\r?$")
_MRZ_WEIGHTS = (7, 3, 1)
_MRZ_LINES = {30: 3, 36: 2, 44: 2}


def _check_digit(field: str) -> str:
    total = 0
    for index, char in enumerate(field):
        value = int(char) if char.isdigit() else 0 if char == "<" else ord(char) - ord("A") + 10
        total += value * _MRZ_WEIGHTS[index % 3]
    return str(total % 10)


def _checked(field: str, digit: str) -> bool:
    return any(ch != "<" for ch in field) and _check_digit(field) == digit


def _document_entity(document_code: str) -> str:
    """A passport's number (document code ``P…``) or an identity card's."""
    return "DE_PASSPORT" if document_code.startswith("P") else "DE_ID_CARD"


def _mrz_fields(lines: list[str]) -> list[tuple[str, int, int, int]] | None:
    """(entity, line index, start, end) of the personal fields of a zone whose document
    number or birth date check digit holds; None for lines that are no zone."""
    width = len(lines[0])
    document = _document_entity(lines[0][:2])
    if width == 30:
        number, birth = (0, 5, 14), (1, 0, 6)
        rest = [("DATE_TIME", 1, 8, 15), (document, 0, 15, 30), (document, 1, 18, 29)]
        rest.append(("PERSON", 2, 0, 30))
    else:
        number, birth = (1, 0, 9), (1, 13, 19)
        optional_end = 35 if width == 36 else 43
        rest = [("DATE_TIME", 1, 21, 28), (document, 1, 28, optional_end)]
        rest.append(("PERSON", 0, 5, width))
    if not any(_checked(lines[i][a:b], lines[i][b]) for i, a, b in (number, birth)):
        return None
    # A number or date is redacted with its check digit, which tells a digit of it.
    return [
        (document, number[0], number[1], number[2] + 1),
        ("DATE_OF_BIRTH", birth[0], birth[1], birth[2] + 1),
        *rest,
    ]


def scan_mrz(text: str) -> Iterator[Span]:
    """The document number, the names, the dates of birth and expiry and the optional data
    (a personal number) of each machine-readable zone; document type, issuing state,
    nationality and sex stay."""
    if "<<" not in text:
        return
    candidates = list(_MRZ_LINE.finditer(text))
    index = 0
    while index < len(candidates):
        width = len(candidates[index].group("line"))
        count = _MRZ_LINES[width]
        group = candidates[index : index + count]
        consecutive = len(group) == count and all(
            len(m.group("line")) == width and text.count("\n", a.end(), m.start()) == 1
            for a, m in itertools.pairwise(group)
        )
        fields = _mrz_fields([m.group("line") for m in group]) if consecutive else None
        if fields is None:
            index += 1
            continue
        for entity, line, start, end in fields:
            offset = group[line].start("line")
            value = group[line].group("line")[start:end]
            stripped = value.rstrip("<")
            if stripped.strip("<"):
                lead = len(stripped) - len(stripped.lstrip("<"))
                yield entity, offset + start + lead, offset + start + len(stripped)
        index += count


# HL7 v2 (hospital and GP system messages): segments of ``|``-separated fields, one a line,
# ``^``-separated components, ``~`` between repetitions. The fields holding a person's name,
# by segment and field number: an XPN name (family^given^further given^suffix^prefix) or an
# XCN clinician (id^family^given^further given^...). A segment is read with or without its
# message header (``MSH``): a pasted ``PID|1||…`` line is one.
_HL7_SEGMENT = re.compile(r"(?m)^[ \t>]*(?P<segment>[A-Z][A-Z0-9]{2})\|(?P<fields>[^\r\n]*)")
_HL7_PERSON_NAMES = {
    "PID": (5, 6, 9), "NK1": (2,), "GT1": (3,), "IN1": (16,), "MRG": (7,),
}  # fmt: skip
_HL7_CLINICIANS = {
    "PV1": (7, 8, 9, 17), "PD1": (4,), "ORC": (10, 11, 12), "OBR": (16, 28), "ROL": (4,),
}  # fmt: skip
# Components of a name that are the name itself (not its suffix, title or degree).
_XPN_PARTS = range(3)
_XCN_PARTS = range(1, 4)


def _hl7_components(text: str, start: int, end: int, parts: range) -> Iterator[tuple[int, int]]:
    """(start, end) of the components ``parts`` of each repetition of a field, when they
    hold a letter."""
    pos = start
    for repetition in text[start:end].split("~"):
        offset = pos
        for index, component in enumerate(repetition.split("^")):
            if index in parts and any(ch.isalpha() for ch in component):
                lead = len(component) - len(component.lstrip())
                yield offset + lead, offset + len(component.rstrip())
            offset += len(component) + 1
        pos += len(repetition) + 1


def scan_hl7(text: str) -> Iterator[Span]:
    """The names of patients, relatives, guarantors, insured persons and clinicians in HL7
    v2 segments (PID-5/6/9, NK1-2, GT1-3, IN1-16, MRG-7; PV1-7/8/9/17, PD1-4, ORC-10/11/12,
    OBR-16/28, ROL-4)."""
    if "|" not in text:
        return
    for segment in _HL7_SEGMENT.finditer(text):
        name = segment.group("segment")
        fields = [*_HL7_PERSON_NAMES.get(name, ()), *_HL7_CLINICIANS.get(name, ())]
        if not fields:
            continue
        bounds = []
        pos = segment.start("fields")
        for value in segment.group("fields").split("|"):
            bounds.append((pos, pos + len(value)))
            pos += len(value) + 1
        for number in fields:
            if number > len(bounds):
                continue
            start, end = bounds[number - 1]
            parts = _XPN_PARTS if number in _HL7_PERSON_NAMES.get(name, ()) else _XCN_PARTS
            for a, b in _hl7_components(text, start, end, parts):
                yield "PERSON", a, b
