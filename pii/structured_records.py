"""Record layouts whose fields are named by position or by a tag of their own, not by a key
word: GEDCOM family trees, the machine-readable zone (MRZ) of ID cards and passports, the
segments of HL7 v2 messages, and the date of birth after the name in a record printed
without its column names.

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
from datetime import date

from pii.lexicon import Lexicon, is_ordinary_word, load_lexicon
from pii.recognizers.date import NUMERIC_DATE, date_key, fold_ocr_dates

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


# HL7 version 2 messages (hospital and GP systems: ADT, ORU, referrals): ``SEG|field|…``
# segments, one a line (or a carriage return), fields split by "|", components by "^",
# repetitions by "~", subcomponents by "&" (``MSH|^~\&|…`` may declare others). A field is
# personal by its segment and position, not by any cue: ``PID|1||9434765919^^^NHS^NH||
# DOE^JANE^A^^Mrs||19790523|F|||22 Park Road^^Leeds^^LS6 1AB||07700900123``.
_HL7_SEGMENT = re.compile(
    r"(?m)(?:^|(?<=\r))[ \t>]*(?P<segment>MSH|PID|PD1|NK1|PV1|GT1|IN1|MRG|ORC|OBR|ROL)(?=\S)"
)
# Per segment: field number -> (entity, components that hold it; empty: every component).
_HL7_PERSON_NAME = ("PERSON", (0, 1, 2))  # XPN: family^given^middle (suffix, prefix stay)
_HL7_CLINICIAN = ("PERSON", (1, 2, 3))  # XCN: id^family^given^middle
_HL7_ADDRESS = ("ADDRESS", (0, 1, 2, 4))  # XAD: street^other^city^(state)^postcode
_HL7_PHONE = ("PHONE_NUMBER", (0, 5, 6))  # XTN: number (^use^type^e-mail^country^area^local)
_HL7_BIRTH = ("DATE_OF_BIRTH", ())
_HL7_ID = ("MEDICAL_RECORD_NUMBER", (0,))  # CX: id^check digit^scheme^authority^type
_HL7_FIELDS: dict[str, dict[int, tuple[str, tuple[int, ...]]]] = {
    "PID": {
        2: _HL7_ID, 3: _HL7_ID, 4: _HL7_ID, 5: _HL7_PERSON_NAME, 6: _HL7_PERSON_NAME,
        7: _HL7_BIRTH, 9: _HL7_PERSON_NAME, 11: _HL7_ADDRESS, 13: _HL7_PHONE, 14: _HL7_PHONE,
        18: _HL7_ID, 19: ("US_SSN", ()), 29: ("DATE_TIME", ()),
    },
    "PD1": {4: _HL7_CLINICIAN},  # the patient's primary care doctor
    "NK1": {2: _HL7_PERSON_NAME, 4: _HL7_ADDRESS, 5: _HL7_PHONE, 6: _HL7_PHONE},
    "PV1": {7: _HL7_CLINICIAN, 8: _HL7_CLINICIAN, 9: _HL7_CLINICIAN, 17: _HL7_CLINICIAN},
    "GT1": {3: _HL7_PERSON_NAME, 5: _HL7_ADDRESS, 6: _HL7_PHONE, 7: _HL7_PHONE, 8: _HL7_BIRTH},
    "IN1": {16: _HL7_PERSON_NAME, 18: _HL7_BIRTH, 19: _HL7_ADDRESS, 36: _HL7_ID, 49: _HL7_ID},
    "MRG": {1: _HL7_ID, 2: _HL7_ID, 7: _HL7_PERSON_NAME},
    # orders and results: the ordering, entering and verifying clinicians; a role's person
    "ORC": {10: _HL7_CLINICIAN, 11: _HL7_CLINICIAN, 12: _HL7_CLINICIAN},
    "OBR": {16: _HL7_CLINICIAN, 28: _HL7_CLINICIAN},
    "ROL": {4: _HL7_CLINICIAN},
}  # fmt: skip
# An identifier's type code (CX.5) that names a national number, not the hospital's own.
_HL7_ID_TYPES = {"NH": "UK_NHS", "SS": "US_SSN", "NI": "UK_NINO"}
_HL7_ID_TYPE = 4


def _hl7_separators(text: str) -> tuple[str, str, str, str]:
    """Field, component, repetition and subcomponent separators (``MSH|^~\\&`` or the
    defaults)."""
    header = re.search(r"(?m)(?:^|(?<=\r))[ \t]*MSH(?P<sep>[^\w\s])(?P<enc>[^\w\s]{4})", text)
    if header is None:
        return "|", "^", "~", "&"
    encoding = header.group("enc")
    return header.group("sep"), encoding[0], encoding[1], encoding[3]


def scan_hl7(text: str) -> Iterator[Span]:
    """Patients' and relatives' identifiers, names, dates of birth, addresses and phone
    numbers, and clinicians' names, in the segments of an HL7 v2 message."""
    if not any(name in text for name in _HL7_FIELDS) or _HL7_SEGMENT.search(text) is None:
        return
    field_sep, component_sep, repeat_sep, sub_sep = _hl7_separators(text)
    for segment in _HL7_SEGMENT.finditer(text):
        if text[segment.end() : segment.end() + 1] != field_sep:
            continue
        name = segment.group("segment")
        fields_of = _HL7_FIELDS.get(name)
        line_end = len(text)
        for stop in ("\n", "\r"):
            found = text.find(stop, segment.end())
            if found != -1:
                line_end = min(line_end, found)
        if fields_of is None:
            continue
        pos = segment.end() + 1
        for number, field in enumerate(text[pos:line_end].split(field_sep), start=1):
            wanted = fields_of.get(number)
            if wanted is not None and field:
                yield from _hl7_field(field, pos, wanted, (component_sep, repeat_sep, sub_sep))
            pos += len(field) + 1


def _hl7_field(
    field: str, offset: int, wanted: tuple[str, tuple[int, ...]], seps: tuple[str, str, str]
) -> Iterator[Span]:
    entity, components = wanted
    component_sep, repeat_sep, sub_sep = seps
    for repetition in field.split(repeat_sep):
        parts = repetition.split(component_sep)
        kind = entity
        if entity == "MEDICAL_RECORD_NUMBER" and len(parts) > _HL7_ID_TYPE:
            kind = _HL7_ID_TYPES.get(parts[_HL7_ID_TYPE].strip().upper(), entity)
        start = offset
        for index, part in enumerate(parts):
            if components and index not in components:
                start += len(part) + 1
                continue
            if not components and index > 0:
                break  # a date's or a number's first component is the value
            sub_start = start
            for sub in part.split(sub_sep):
                trimmed = sub.strip()
                if trimmed and any(ch.isalnum() for ch in trimmed):
                    lead = sub_start + len(sub) - len(sub.lstrip())
                    yield kind, lead, lead + len(trimmed)
                sub_start += len(sub) + 1
            start += len(part) + 1
        offset += len(repetition) + 1


# A record printed without its column names: an SQL tuple ``(12,'Pfeiffer','Gundula',
# '1961-07-23',…)``, the bound parameters of a stack trace ``[Ostrowski, Bogumił,
# 1977-02-09, …]``, a CSV row in a text of its own ``"Hartwig";"Erdmuthe Lore";
# "08.12.1939";…``. Registers list a person by name, then the date of birth: a date in
# such a record right after the name (a surname and a given name in two fields, or a full
# name in one) is the date of birth when it lies more than a year back (an appointment's
# or a booking's date in a record is recent or ahead).
_BRACKETED = re.compile(r"[(\[](?P<items>[^()\[\]\n]{5,600})[)\]]")
_RECORD_DELIMITERS = (";", "\t", "|", ",")
MIN_RECORD_FIELDS = 3
MAX_NAME_FIELD_WORDS = 3
_NAME_FIELD = re.compile(r"[^\W\d_][^\W\d_'’.\-]*(?:[\-'’][^\W\d_]+)*")
_FIELD_QUOTES = " \t\"'`\r"
MIN_AGE_DAYS = 366


def _fields(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each field of ``line`` split at ``delimiter`` (outside quotes),
    trimmed of blanks and quotes."""
    fields: list[tuple[int, int]] = []
    start = 0
    quote = ""
    for pos, char in enumerate([*line, delimiter]):
        if char in "\"'" and (not quote or quote == char):
            quote = "" if quote else char
        elif char == delimiter and not quote:
            a, b = start, pos
            while a < b and line[a] in _FIELD_QUOTES:
                a += 1
            while b > a and line[b - 1] in _FIELD_QUOTES:
                b -= 1
            fields.append((a, b))
            start = pos + 1
    return fields


def _name_field(value: str, lexicon: Lexicon) -> tuple[bool, bool] | None:
    """(name-shaped, holds a name) for a field of one to three capitalised words, None for
    any other field. A word holds a name when it is a listed first name, or no place and a
    listed surname or no ordinary word ("Berlin" is a surname too, but here a town)."""
    words = value.split()
    if not 1 <= len(words) <= MAX_NAME_FIELD_WORDS:
        return None
    named = False
    for word in words:
        if _NAME_FIELD.fullmatch(word) is None or not word[0].isupper():
            return None
        if word in lexicon.first_names:
            named = True
        elif word not in lexicon.places and (
            word in lexicon.surnames or not is_ordinary_word(word, lexicon)
        ):
            named = True
    return True, named


def _birth_date_after_name(
    line: str, fields: list[tuple[int, int]], dates: dict[tuple[int, int], str], today: date
) -> Iterator[tuple[int, int]]:
    """The fields of ``line`` that are dates (``dates``: span -> the date read with OCR
    letters as digits) right after a name, more than a year back."""
    lexicon = load_lexicon()
    for index, (start, end) in enumerate(fields):
        value = dates.get((start, end))
        if index == 0 or value is None:
            continue
        key = date_key(value)
        if key is None or not _past(key, today):
            continue
        before = _name_field(line[slice(*fields[index - 1])], lexicon)
        if before is None:
            continue
        named = before[1]
        if len(line[slice(*fields[index - 1])].split()) < 2:
            earlier = _name_field(line[slice(*fields[index - 2])], lexicon) if index > 1 else None
            if earlier is None:
                continue
            named = named or earlier[1]
        if named:
            yield start, end


def _past(key: tuple[int, int, int], today: date) -> bool:
    """True for a date (day, month, four-digit year) more than a year before ``today``."""
    day, month, year = key
    try:
        when = date(year, month, day)
    except ValueError:
        return False
    return (today - when).days >= MIN_AGE_DAYS


def scan_record_birth_dates(text: str, today: date | None = None) -> Iterator[Span]:
    """Dates of birth in records without column names (see above). Where the columns are
    named, their names decide (pii.structured's tables and SQL): the tuples of an ``INSERT``
    with a column list, and the rows under a header line (the first line of a block of lines
    with the same number of the delimiter, holding no digit)."""
    if _DATE_HINT.search(text) is None and _COMPACT_DATE_HINT.search(text) is None:
        return
    today = today or date.today()
    named_columns = _SQL_COLUMNS.search(text) is not None
    # Per delimiter: its count on the previous line, and whether the block of lines with
    # that count began with a header line.
    blocks = dict.fromkeys(_RECORD_DELIMITERS, (-1, False))
    offset = 0
    for line in text.split("\n"):
        headed: dict[str, bool] = {}
        for delimiter in _RECORD_DELIMITERS:
            count = line.count(delimiter)
            previous, header = blocks[delimiter]
            if count != previous:
                header = count > 0 and not any(ch.isdigit() for ch in line)
                headed[delimiter] = False
            else:
                headed[delimiter] = header
            blocks[delimiter] = (count, header)
        if _DATE_HINT.search(line) is not None or _COMPACT_DATE_HINT.search(line) is not None:
            yield from _line_birth_dates(line, offset, today, named_columns, headed)
        offset += len(line) + 1


def _line_birth_dates(
    line: str, offset: int, today: date, named_columns: bool, headed: dict[str, bool]
) -> Iterator[Span]:
    records = [(m.start("items"), m.group("items")) for m in _BRACKETED.finditer(line)]
    bracketed = bool(records)
    if not bracketed:
        records = [(0, line)]
    for start, record in records:
        delimiter = next(
            (d for d in _RECORD_DELIMITERS if record.count(d) >= MIN_RECORD_FIELDS - 1), None
        )
        if delimiter is None or (named_columns if bracketed else headed[delimiter]):
            continue
        folded = fold_ocr_dates(record)
        dates = {
            m.span(): m.group()
            for m in NUMERIC_DATE.finditer(folded)
            if _alone(record, m.start(), m.end(), delimiter)
        }
        if not dates:
            continue
        fields = _fields(record, delimiter)
        for a, b in _birth_date_after_name(record, fields, dates, today):
            yield "DATE_OF_BIRTH", offset + start + a, offset + start + b


def _alone(record: str, start: int, end: int, delimiter: str) -> bool:
    """True when ``record[start:end]`` fills its field (only blanks and quotes beside it)."""
    before = record[:start].rstrip(_FIELD_QUOTES)
    after = record[end:].lstrip(_FIELD_QUOTES)
    return (not before or before.endswith(delimiter)) and (not after or after.startswith(delimiter))


# What a record's date holds (most lines have none: their fields are not split). Written to
# start with a rare character: a search for a digit first is ~5 times slower on prose.
_DATE_HINT = re.compile(r"[./-](?<=\d[./-])[\dOoIl]")
_COMPACT_DATE_HINT = re.compile(r"(?:19|20)[0-9]{6}")
_SQL_COLUMNS = re.compile(r"(?i)\bINSERT\s+INTO\s+[^\s(]{1,80}\s*\([^()]{1,600}\)\s*VALUES\b")
