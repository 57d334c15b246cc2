"""Evasion-resistant normalisation with a map back to the original offsets.

The analyzer sees a normalised copy of the text; every character of the copy knows the
range of original characters it came from, so spans found in the copy redact exactly the
original characters (including any zero-width or look-alike characters inside them).
"""

from __future__ import annotations

import base64
import binascii
import functools
import html
import itertools
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import phonenumbers

from pii.anchored_scan import AnchoredScan
from pii.spoken_numbers import DE_CARDINALS, read_spoken_dates
from pii.structured import entity_for_key

Piece = tuple[str, int, int]  # replacement text, start and end in the current text


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised text with per-character origin ranges.

    Attributes:
        text: what the analyzer sees.
        starts: ``starts[i]`` is the original offset where ``text[i]`` begins.
        ends: ``ends[i]`` is the original offset where ``text[i]`` ends.
        identity: True when ``text`` equals the original (no mapping needed).
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    identity: bool

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Maps a span of :attr:`text` to the original text."""
        if self.identity:
            return start, end
        return self.starts[start], self.ends[end - 1]


def identity(text: str) -> NormalizedText:
    """A text that needs no normalisation."""
    return NormalizedText(text=text, starts=(), ends=(), identity=True)


def apply_pieces(
    text: str, starts: list[int], ends: list[int], pieces: list[Piece]
) -> tuple[str, list[int], list[int]]:
    """Rewrites ``text``; ``pieces`` (sorted, non-overlapping) replace ranges of it.

    Characters of a replacement map to the whole original range of the replaced source.
    """
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for replacement, start, end in pieces:
        out.append(text[pos:start])
        new_starts.extend(starts[pos:start])
        new_ends.extend(ends[pos:start])
        if replacement:
            origin_start = starts[start] if start < len(starts) else ends[-1]
            origin_end = ends[end - 1] if end > start else origin_start
            out.append(replacement)
            new_starts.extend([origin_start] * len(replacement))
            new_ends.extend([origin_end] * len(replacement))
        pos = end
    out.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(out), new_starts, new_ends


Pass = Callable[[str], list[Piece]]


def normalize(text: str, passes: tuple[Pass, ...] = ()) -> NormalizedText:
    """Runs the normalisation passes; returns the identity when none changes anything."""
    if not passes:
        passes = DEFAULT_PASSES
    current = text
    starts: list[int] | None = None
    ends: list[int] | None = None
    for run in passes:
        pieces = run(current)
        if not pieces:
            continue
        if starts is None or ends is None:
            starts = list(range(len(text)))
            ends = list(range(1, len(text) + 1))
        current, starts, ends = apply_pieces(current, starts, ends, pieces)
    if starts is None or ends is None:
        return identity(text)
    return NormalizedText(text=current, starts=tuple(starts), ends=tuple(ends), identity=False)


# Invisible characters used to split values so that patterns do not match.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068"
    "\u2069\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
)
# Cyrillic and Greek letters that look like Latin ones.
HOMOGLYPHS = str.maketrans(
    "АВЕЗІЈКМНОРСТУХЅаеіјорсуххѕԁԛԝһӏɑοΑΒΕΖΗΙΚΜΝΟΡΤΥΧνρτυχ",
    "ABE3IJKMHOPCTYXSaeijopcyxxsdqwhlaoABEZHIKMNOPTYXvptux",
)
_LOCAL = r"(?<![\w.+-])[\w.+-]+"
_LABEL = r"[\w-]+"
# "max[at]beispiel[punkt]de", "max (at) beispiel.de", "max{ät}beispiel{dot}de"
_B_AT = r"\s*[\[({<]\s*(?:at|ät|@|et)\s*[\])}>]\s*"
_B_DOT = r"\s*[\[({<]\s*(?:dot|punkt|pkt|point|\.)\s*[\])}>]\s*"
# The local part may hold disguised dots too ("akua [dot] frimpong [at] proton [dot] me").
BRACKETED_EMAIL = re.compile(
    rf"(?i)(?P<local>{_LOCAL}(?:{_B_DOT}[\w+-]+)*){_B_AT}(?P<domain>{_LABEL}(?:(?:{_B_DOT}|\.){_LABEL})*)"
    rf"(?:{_B_DOT}|\.)(?P<tld>[a-z]{{2,6}})\b"
)
# "max at beispiel dot de", "r punkt dumitrescu bei yahoo punkt ro": spelled-out only when
# both words are spelled out. "bei" is a common German word: an address with it counts only
# when its top-level domain is a common one and no label is a function word (see
# unobfuscate_emails).
_S_AT = r"\s+(?:at|ät|bei)\s+"
_S_DOT = r"\s+(?:dot|punkt)\s+"
SPELLED_EMAIL = re.compile(
    rf"(?i)(?P<local>{_LOCAL}(?:{_S_DOT}[\w+-]+)*)(?P<at>{_S_AT})(?P<domain>{_LABEL}(?:(?:{_S_DOT}|\.){_LABEL})*)"
    rf"{_S_DOT}(?P<tld>[a-z]{{2,6}})\b"
)
# Does a text hold a disguised address at all? These two find a match exactly when
# ``_B_AT`` or ``_S_AT\S+_S_DOT`` does: they only leave out whitespace at the edges that is
# optional or may be shortened to one character. Starting at the bracket or the space makes
# them ~3x faster (tests/unit/pii/test_normalize_fast.py).
_BRACKETED_AT = re.compile(r"(?i)[\[({<]\s*(?:at|ät|@|et)\s*[\])}>]")
_SPELLED_AT = re.compile(r"(?i)\s(?:at|ät|bei)\s+\S+\s+(?:dot|punkt)\s")


# "&#64;", "&#x40;", "&commat;": an "@" written as an HTML character reference.
_ENTITY_AT = re.compile(r"(?i)&(?:commat|#0*64|#x0*40);")


def has_disguised_email(text: str) -> bool:
    """True when ``text`` may hold a bracketed, spelled-out or entity-encoded address."""
    return (
        _BRACKETED_AT.search(text) is not None
        or _SPELLED_AT.search(text) is not None
        or ("&" in text and _ENTITY_AT.search(text) is not None)
    )


# Any HTML character reference ("&#64;", "&period;", "&#x2E;").
HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_html_entities(text: str) -> list[Piece]:
    """Decodes HTML character references into the character they stand for."""
    if "&" not in text:
        return []
    pieces: list[Piece] = []
    for match in HTML_ENTITY.finditer(text):
        decoded = html.unescape(match.group())
        if decoded != match.group() and len(decoded) == 1 and decoded.isprintable():
            pieces.append((decoded, match.start(), match.end()))
    return pieces


# "jana @ web . de", "jana@ web.de": spaces around "@" and the dots. Only with a common
# top-level domain in lower case, so "Treffen @ Rathaus. Danach" stays prose.
_SPACED_TLDS = (
    "de|com|org|net|eu|at|ch|info|io|gov|edu|uk|fr|nl|it|es|pl|be|dk|se|no|fi|cz|lu|li|biz|"
    "online|bund\.de|nrw|berlin|bayern|hamburg"
)
SPACED_EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w.+-]+)[ \t]*@[ \t]*(?P<domain>[\w-]+(?:[ \t]*\.[ \t]*[\w-]+)*?)"
    rf"[ \t]*\.[ \t]*(?P<tld>{_SPACED_TLDS})(?![\w.@-])"
)


_LOCAL_CHAR = re.compile(r"[\w.+-]")


def _spaced_emails(text: str) -> Iterator[re.Match[str]]:
    """The SPACED_EMAIL matches of ``text``, tried only where one can start.

    A match holds one "@"; its local part is the whole run of ``[\\w.+-]`` before the spaces
    or tabs before that "@" (the look-behind forbids a longer run). So the only start for an
    "@" is that run's start: matching there finds what ``finditer`` finds, without trying the
    pattern at every word of the text (about 0.25 -> 0.03 ms per pair of 1 KB texts).
    """
    taken = 0
    at = text.find("@")
    while at >= 0:
        start = at
        while start > taken and text[start - 1] in " \t":
            start -= 1
        while start > taken and _LOCAL_CHAR.match(text, start - 1):
            start -= 1
        match = SPACED_EMAIL.match(text, start)
        if match is not None:
            yield match
            taken = match.end()
        at = text.find("@", max(at + 1, taken))


def unspace_emails(text: str) -> list[Piece]:
    """Rewrites "jana @ web . de" as "jana@web.de"."""
    if "@" not in text:
        return []
    pieces: list[Piece] = []
    for match in _spaced_emails(text):
        if not any(ch in " \t" for ch in match.group()):
            continue  # an ordinary address: nothing to rewrite
        domain = re.sub(r"[ \t]*\.[ \t]*", ".", match.group("domain"))
        email = f"{match.group('local')}@{domain}.{match.group('tld')}"
        pieces.append((email, match.start(), match.end()))
    return pieces


# "^rosalind\\.achebe@nhs\\.net$": an address written as a regular expression (a JSON-schema
# "pattern", a filter rule) with its dots, plus signs, dashes or "@" escaped.
REGEX_ESCAPED_EMAIL = re.compile(
    r"(?<![\w.+\\-])(?:[\w+-]|\\?\.|\\[+\-])+\\?@(?:[\w-]|\\?\.|\\-)+(?<![.\\])"
)
_REGEX_ESCAPE = re.compile(r"\\([.+\-@])")


def unescape_regex_emails(text: str) -> list[Piece]:
    """Rewrites "max\\.muster@web\\.de" as "max.muster@web.de" (regex escapes removed)."""
    if "\\" not in text or "@" not in text:
        return []
    pieces: list[Piece] = []
    for match in REGEX_ESCAPED_EMAIL.finditer(text):
        if "\\" in match.group():
            pieces.append((_REGEX_ESCAPE.sub(r"\1", match.group()), match.start(), match.end()))
    return pieces


_DOT_IN_DOMAIN_B = re.compile(rf"(?i){_B_DOT}")
_DOT_IN_DOMAIN_S = re.compile(rf"(?i){_S_DOT}")
# Values typed one character at a time: "D E 8 9 3 7 …", "0.1.7.1.1.2.3 …", or copied from
# the boxes of a form, one character per box: "|4|0|9|5|2|9|8|6|2|3|5|".
SPACED_RUN = re.compile(r"(?<![\w])\w(?:(?:[ \t]{1,2}|[ \t]?[.\-_/·|][ \t]?)\w(?![\w])){6,}")
# IBAN-shaped runs with unusual separators: "DE89.3704.0044.0532.0130.00", "DE89-3704-…".
SEPARATED_IBAN = re.compile(
    r"\b[A-Z]{2}\d{2}(?:(?:[.\-_/]| {2,})[A-Z0-9]{1,4}){3,8}\b"
    r"|\b[A-Z]{2} \d{2}(?: [A-Z0-9]{2,4}){3,8}\b"  # "DE 75 5121 0800 …"
)
LOWER_IBAN = re.compile(
    r"(?i)(?<![\w])[a-z]{2}\d{2}[ ]?[a-z0-9]{4}(?:[ ]?\d{4}){1,7}(?:[ ]?\d{1,3})?(?![\w])"
)
# The same in lower or mixed case with dots, dashes, underscores or slashes between groups
# ("at65-1241-…"): joined and upper-cased only when the country's length and mod-97 agree.
LOWER_SEPARATED_IBAN = re.compile(
    r"(?i)(?<![\w\-./])[a-z]{2}\d{2}(?:[.\-_/][a-z0-9]{1,4}){3,8}(?![\w\-/]|\.\w)"
)
PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
BASE64_RUN = re.compile(
    r"(?<![\w+/=])[A-Za-z0-9+/]{16,}={0,2}(?![\w+/=])"
    r"|(?<![\w=-])[A-Za-z0-9_-]{16,}={0,2}(?![\w=-])"
)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    if char in INVISIBLE:
        return ""
    return unicodedata.normalize("NFKC", char).translate(HOMOGLYPHS)


def canonical(entity_type: str, value: str) -> str:
    """The comparison key of a value: disguises and formatting removed.

    "DE89 3704 …" and "de89.3704…" or "Erika  Mustermann" and "Er\u200bika Mustermann" are
    the same value and get the same placeholder.
    """
    folded = value
    if not value.isascii():  # the common case needs no pass over the characters
        folded = "".join(_fold(ch) if not ch.isascii() else ch for ch in value)
    if entity_type in FREE_TEXT_TYPES:
        return " ".join(folded.split())
    if entity_type == "EMAIL_ADDRESS":
        return folded.strip().lower()
    if entity_type == "PHONE_NUMBER":
        try:
            number = phonenumbers.parse(folded, "DE")
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            pass
    return "".join(ch for ch in folded if ch.isalnum()).upper()


FREE_TEXT_TYPES = frozenset({"PERSON", "ADDRESS", "LOCATION", "DATE_OF_BIRTH", "DATE_TIME"})


# Dashes other than "-" that text copied from a PDF or a word processor puts between the
# groups of a number ("63–701–612–446", "S474‑492‑333"); NFKC keeps them. Between two letters
# or digits they are a hyphen: every identifier's pattern then sees the separator it knows.
# With space around ("Reisepass X – was …") a dash is prose punctuation and stays.
UNICODE_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58")


def _between_alphanumerics(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()


def fold_characters(text: str) -> list[Piece]:
    """NFKC, invisible-character removal and homoglyph folding, character by character;
    a Unicode dash between two letters or digits becomes "-"."""
    if text.isascii():
        return []
    pieces: list[Piece] = []
    for match in _NON_ASCII.finditer(text):
        char = match.group()
        if char in UNICODE_DASHES and _between_alphanumerics(text, match.start()):
            pieces.append(("-", match.start(), match.end()))
            continue
        folded = _fold(char)
        if folded != char:
            pieces.append((folded, match.start(), match.end()))
    return pieces


# OCR reads a capital "I" as a small "l" ("für lhr Kind", "lch heiße"): the German pronouns
# so misread are no words at all, and the cues before a name are read in them.
_OCR_PRONOUN = re.compile(r"(?<![\w-])l(?=(?:hr|hre|hrem|hren|hrer|hres|hnen|ch)(?![\w-]))")


def read_ocr_pronouns(text: str) -> list[Piece]:
    """A German pronoun with its capital "I" read as "l" by OCR (``_OCR_PRONOUN``)."""
    if "lhr" not in text and "lch" not in text and "lhn" not in text:
        return []
    return [("I", match.start(), match.end()) for match in _OCR_PRONOUN.finditer(text)]


# Top-level domains common enough that "… bei web punkt de" is an address, not prose.
_COMMON_TLDS = frozenset(
    "de com org net eu at ch info io me ro pl nl fr it es uk be dk se no fi cz lu li pt gr "
    "hu sk si hr bg tr ru ua us ca co email online mail gmx".split()
)
# German words around "bei" in prose ("bei mir punkt acht"): never an address's label.
_PROSE_LABELS = frozenset(
    "mir dir ihm ihr uns euch ihnen der die das dem den einem einer eines uhr um im in am "
    "an auf mit und oder es er sie wir ich du".split()
)


def _spelled_at_plausible(match: re.Match[str]) -> bool:
    """Whether a spelled-out address is one; "bei" needs a common TLD and no prose label."""
    if match.group("at").strip().lower() != "bei":
        return True
    labels = re.split(r"\s+(?:dot|punkt)\s+|\.", match.group("domain"), flags=re.IGNORECASE)
    words = [*labels, *re.split(r"\s+(?:dot|punkt)\s+", match.group("local"), flags=re.I)]
    return match.group("tld").lower() in _COMMON_TLDS and not any(
        word.lower() in _PROSE_LABELS for word in words
    )


@functools.cache
def _suffix_list() -> Any:
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def is_public_suffix(tld: str) -> bool:
    """True when ``tld`` is a top-level domain of the public suffix list (bundled copy)."""
    return str(_suffix_list()(f"x.{tld}").suffix) == tld.lower()


def _spelled_emails(text: str) -> Iterator[re.Match[str]]:
    """SPELLED_EMAIL's matches; one whose "tld" is none ("me at tomas dot ilves at mail dot
    ee") is read again from the word after its "at" when that gives an address with a real
    top-level domain: the first "at" was prose ("reach me at")."""
    pos = 0
    while (match := SPELLED_EMAIL.search(text, pos)) is not None:
        if not is_public_suffix(match.group("tld")):
            later = SPELLED_EMAIL.search(text, match.end("at"))
            if (
                later is not None
                and later.start() < match.end()
                and is_public_suffix(later.group("tld"))
            ):
                match = later
        yield match
        pos = match.end()


def unobfuscate_emails(text: str) -> list[Piece]:
    """Rewrites "max [at] beispiel [punkt] de" as "max@beispiel.de"."""
    if not has_disguised_email(text):
        return []
    pieces: list[Piece] = []
    taken = -1
    for pattern, dots in ((BRACKETED_EMAIL, _DOT_IN_DOMAIN_B), (SPELLED_EMAIL, _DOT_IN_DOMAIN_S)):
        matches = pattern.finditer(text) if pattern is BRACKETED_EMAIL else _spelled_emails(text)
        for match in matches:
            if match.start() < taken:
                continue
            if pattern is SPELLED_EMAIL and not _spelled_at_plausible(match):
                continue
            local = dots.sub(".", match.group("local"))
            domain = dots.sub(".", match.group("domain"))
            email = f"{local}@{domain}.{match.group('tld')}"
            pieces.append((email, match.start(), match.end()))
            taken = match.end()
    pieces.sort(key=lambda p: p[1])
    return [p for i, p in enumerate(pieces) if i == 0 or p[1] >= pieces[i - 1][2]]


def collapse_spaced_runs(text: str) -> list[Piece]:
    """Joins values typed with a separator between every character or IBAN group."""
    pieces: list[Piece] = []
    taken = 0
    for pattern in (SPACED_RUN, SEPARATED_IBAN):
        for match in pattern.finditer(text):
            if match.start() < taken:
                continue
            joined = re.sub(r"[ \t.\-_/·|]", "", match.group())
            if sum(c.isdigit() for c in joined) < 4 or joined == match.group():
                continue
            if pattern is SEPARATED_IBAN and not _iban_checksum_ok(joined):
                # Not an IBAN: "Steuer-ID 96 535 362 568" is no IBAN of a country "ID"; joined,
                # the tax id would lose its groups and the word before it its end.
                continue
            pieces.append((joined, match.start(), match.end()))
            taken = match.end()
    return sorted(pieces, key=lambda p: p[1])


# IBAN lengths of the SEPA countries (ISO 13616 registry).
# fmt: off
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "VA": 22,
}
# fmt: on
# "DE89 37040044 0532013000", "DE2214 743108 947935 4216", "DE 89 370 400 …": any grouping,
# any run of spaces or tabs between groups, or a line break where the IBAN ran over a line
# ("DE84 0309 4464\n4516 1980 95", a narrow column or an answer wrapped by the model);
# possessive: no backtracking over the groups. Length and mod-97 decide (a chance of 1 in 97
# for digits that happen to follow a country code and two digits on the next line).
_GROUP_GAP = r"(?:[ \t]*+\r?\n[ \t]*+|[ \t]++)"
GROUPED_IBAN = re.compile(
    rf"\b[A-Z]{{2}}[ \t]*+\d[ \t]*+\d[A-Z0-9]*+(?:{_GROUP_GAP}[A-Z0-9]++){{1,30}}+"
)
_GAP_CHARS = " \t\r\n"


def _iban_checksum_ok(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def collapse_grouped_ibans(text: str) -> list[Piece]:
    """Joins IBANs typed in irregular groups, when the joined value passes mod-97."""
    pieces: list[Piece] = []
    for match in GROUPED_IBAN.finditer(text):
        length = IBAN_LENGTHS.get(match.group()[:2])
        if length is None:
            continue
        positions = [
            match.start() + i for i, ch in enumerate(match.group()) if ch not in _GAP_CHARS
        ]
        if len(positions) < length:
            continue
        end = positions[length - 1] + 1
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            continue  # the IBAN would end inside a group or word
        compact = "".join(text[i] for i in positions[:length])
        spaced = any(ch in _GAP_CHARS for ch in text[match.start() : end])
        if spaced and _iban_checksum_ok(compact):
            pieces.append((compact, match.start(), end))
    return pieces


def uppercase_ibans(text: str) -> list[Piece]:
    """Upper-cases IBAN-shaped runs typed in lower case ("de44 5001 …"); joins those with
    other separators ("at65-1241-…") when the joined value is an IBAN by length and mod-97
    (upper-case ones are collapse_spaced_runs')."""
    pieces = [
        (m.group().upper(), m.start(), m.end())
        for m in LOWER_IBAN.finditer(text)
        if not m.group().isupper() and sum(c.isdigit() for c in m.group()) >= 10
    ]
    for m in LOWER_SEPARATED_IBAN.finditer(text):
        compact = re.sub(r"[.\-_/]", "", m.group()).upper()
        if (
            not m.group().isupper()
            and IBAN_LENGTHS.get(compact[:2]) == len(compact)
            and _iban_checksum_ok(compact)
        ):
            pieces.append((compact, m.start(), m.end()))
    return sorted(pieces, key=lambda p: p[1])


def decode_percent(text: str) -> list[Piece]:
    """Decodes URL-encoded runs ("max%40beispiel.de") where they form UTF-8 text."""
    if "%" not in text:
        return []
    pieces: list[Piece] = []
    for match in PERCENT_RUN.finditer(text):
        try:
            decoded = urllib.parse.unquote(match.group(), errors="strict")
        except UnicodeDecodeError:
            continue
        if decoded.isprintable():
            pieces.append((decoded, match.start(), match.end()))
    return pieces


# MIME text: an RFC 2047 encoded word in a mail header ("=?utf-8?q?J=C3=B6rdis_Weber?=",
# "=?UTF-8?B?...?=") and a quoted-printable body ("Ren=C3=A9e", a soft line break "=\n").
ENCODED_WORD = re.compile(
    r"=\?(?P<charset>[\w-]{1,40})(?:\*[\w-]{1,20})?\?(?P<encoding>[QqBb])\?"
    r"(?P<payload>[^?\s]{1,900})\?="
)
QP_RUN = re.compile(r"(?:=[0-9A-F]{2})+")
_QP_SOFT_BREAK = re.compile(r"=\r?\n")


def _qp_pieces(text: str, start: int, end: int) -> list[Piece]:
    """Pieces decoding the quoted-printable runs in ``text[start:end]``, one piece per
    decoded character (a name found in it maps to exactly its original characters). A run
    must be UTF-8 holding a character beyond ASCII: "x=3D1" in code stays as it is."""
    pieces: list[Piece] = []
    for run in QP_RUN.finditer(text, start, end):
        try:
            decoded = bytes.fromhex(run.group().replace("=", "")).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if decoded.isascii() or not decoded.isprintable():
            continue
        pos = run.start()
        for char in decoded:
            width = 3 * len(char.encode("utf-8"))
            pieces.append((char, pos, pos + width))
            pos += width
    return pieces


def _encoded_word(text: str, word: re.Match[str]) -> list[Piece]:
    charset = word.group("charset").lower()
    head = ("", word.start(), word.start("payload"))
    tail = ("", word.end("payload"), word.end())
    start, end = word.span("payload")
    if word.group("encoding") in "Bb":
        payload = word.group("payload")
        try:
            decoded = base64.b64decode(payload + "=" * (-len(payload) % 4)).decode(charset)
        except (binascii.Error, ValueError, UnicodeDecodeError, LookupError):
            return []
        return [head, (decoded, start, end), tail] if decoded.isprintable() else []
    if charset not in {"utf-8", "utf8"}:
        return []
    spaces = [(" ", i, i + 1) for i in range(start, end) if text[i] == "_"]
    return [head, *sorted([*_qp_pieces(text, start, end), *spaces], key=lambda p: p[1]), tail]


def decode_mime_text(text: str) -> list[Piece]:
    """Decodes RFC 2047 encoded words (a "_" in a "q" word is a space) and the
    quoted-printable runs outside them; the soft line breaks of a text holding such a run
    join its lines."""
    if "=" not in text:
        return []
    pieces: list[Piece] = []
    body: list[Piece] = []
    pos = 0
    for word in ENCODED_WORD.finditer(text):
        body.extend(_qp_pieces(text, pos, word.start()))
        pieces.extend(_encoded_word(text, word))
        pos = word.end()
    body.extend(_qp_pieces(text, pos, len(text)))
    if body:
        # a soft break never stands inside an encoded word (those hold no whitespace)
        body.extend(("", m.start(), m.end()) for m in _QP_SOFT_BREAK.finditer(text))
    return sorted([*pieces, *body], key=lambda p: p[1])


# A URL query's value ("?center=47+Kilbarrack+Road,+Dublin&zoom=17"): form encoding writes
# a space as "+", so an address or a name there reads as one token until "+" is a space.
_QUERY_VALUE = re.compile(r"[?&;]([\w.\[\]-]+)=([^&#\s]*\+[^&#\s]*)")
_QUERY_PLUS = re.compile(r"(?<=[^\W_])\+(?=[\w,])|(?<=,)\+(?=\w)")


def decode_query_plus(text: str) -> list[Piece]:
    """Reads a "+" between words of a URL query's value as the space it encodes (after
    ``decode_percent``, so "%20" and "+" both end as spaces); every "+" maps to itself.
    A value under a personal key ("applicant=Jana+Kowalczyk") stays as it is: the keyed
    scan (``pii.structured.scan_url_query``) decodes and marks it whole."""
    if "+" not in text or "=" not in text:
        return []
    return [
        (" ", plus.start(), plus.end())
        for pair in _QUERY_VALUE.finditer(text)
        if entity_for_key(pair.group(1)) is None
        for plus in _QUERY_PLUS.finditer(text, pair.start(2), pair.end(2))
    ]


# Digits spoken as words (voice-bot transcripts: "oh seven seven hundred, nine hundred",
# "null eins sieben eins vier vier drei zwo"). "double"/"triple" (de "doppel") repeat the
# next digit; "hundred" after a digit is "00" (British phone speech: "seven hundred").
SPOKEN_DIGITS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1", "two": "2",
    "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "null": "0", "eins": "1", "ein": "1", "zwei": "2", "zwo": "2", "drei": "3",
    "vier": "4", "fünf": "5", "fuenf": "5", "sechs": "6", "sieben": "7", "acht": "8",
    "neun": "9",
}  # fmt: skip
_REPEATS = {"double": 2, "triple": 3, "doppel": 2, "doppelte": 2}
_HUNDRED = frozenset({"hundred"})
# German speakers read a long number in pairs ("sechzig, fünfundsiebzig, achtundsechzig"):
# a German cardinal 10..99 says two digits. One word each, so unlike English pairs
# ("sixty five") they cannot be misread as two digits.
SPOKEN_PAIRS = {word: str(n) for word, n in DE_CARDINALS.items() if n >= 10}
_PAIR_WORD = (
    r"(?:(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und)?"
    r"(?:zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)"
    r"|zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn"
)
_SPOKEN_WORD = (
    "|".join(sorted([*SPOKEN_DIGITS, *_REPEATS, *_HUNDRED], key=len, reverse=True))
    + "|"
    + _PAIR_WORD
)
# The letters a spoken word starts with: a position without one is rejected before the
# look-behind and the ~45 alternatives are tried (~40 % of the scan on ordinary prose).
_SPOKEN_INITIALS = "".join(
    sorted({word[0] for word in [*SPOKEN_DIGITS, *_REPEATS, *_HUNDRED, *SPOKEN_PAIRS]})
)
# A run of such words apart by spaces, commas, hyphens or dots ("null-eins-sieben"); a
# capital letter read out alone between them is part of the value ("… sieben null Z eins acht
# zwo": the letter of a Rentenversicherungsnummer).
_SPOKEN_LETTER = r"(?-i:[A-Z])"
SPOKEN_RUN = re.compile(
    rf"(?i)(?=[{_SPOKEN_INITIALS}])(?<![\w-])(?:{_SPOKEN_WORD})"
    rf"(?:[ \t]*[,.\-]?[ \t]+(?:{_SPOKEN_LETTER}[ \t]+)?(?:{_SPOKEN_WORD})"
    rf"|-(?:{_SPOKEN_WORD}))+(?![\w-])"
)
_SPOKEN_RUN_SCAN = AnchoredScan(SPOKEN_RUN)  # tried only where a spoken word's start stands
_SPOKEN_TOKEN = re.compile(rf"(?i)(?<!\w)(?:{_SPOKEN_WORD}|{_SPOKEN_LETTER})(?!\w)")
# Fewer digits are a count or a time ("one or two", "zwei, drei Tage"), not a number.
MIN_SPOKEN_DIGITS = 6


def _spoken_number(words: list[str]) -> str | None:
    """The digits ``words`` say, or None when they do not read as a digit sequence."""
    digits: list[str] = []
    repeat = 1
    for word in words:
        if word in _REPEATS:
            if repeat > 1:
                return None
            repeat = _REPEATS[word]
        elif word in _HUNDRED:
            if not digits or repeat > 1:
                return None
            digits.append("00")
        elif word in SPOKEN_PAIRS:
            if repeat > 1:
                return None
            digits.append(SPOKEN_PAIRS[word])
        elif word not in SPOKEN_DIGITS:  # a capital letter read out alone
            if repeat > 1:
                return None
            digits.append(word)
        else:
            digits.append(SPOKEN_DIGITS[word] * repeat)
            repeat = 1
    return "".join(digits) if repeat == 1 else None


def read_spoken_digits(text: str) -> list[Piece]:
    """Replaces a run of spoken digits by the digits it says, when it says at least
    MIN_SPOKEN_DIGITS of them: the number recognizers then see a phone number or an account
    number, and a value found there redacts the whole spoken run."""
    pieces: list[Piece] = []
    for run in _SPOKEN_RUN_SCAN.finditer(text):
        words = [
            w if len(w) == 1 and w.lower() not in SPOKEN_DIGITS else w.lower()
            for w in _SPOKEN_TOKEN.findall(run.group())
        ]
        number = _spoken_number(words)
        if number is not None and sum(c.isdigit() for c in number) >= MIN_SPOKEN_DIGITS:
            pieces.append((number, run.start(), run.end()))
    return pieces


def has_spoken_digits(text: str) -> bool:
    """True when ``text`` holds a run of spoken digits that ``read_spoken_digits`` reads, or a
    date or house number spoken as words (``read_spoken_dates``)."""
    return bool(read_spoken_digits(text)) or bool(read_spoken_dates(text))


def _printable_ratio(decoded: str) -> float:
    good = sum(ch.isprintable() or ch in "\n\t" for ch in decoded)
    return good / max(len(decoded), 1)


# A base64 segment holds no whitespace and has at least 16 characters, so BASE64_RUN needs to
# run only over such runs; their edges (whitespace or the text's ends) satisfy its
# look-arounds as they do in the whole text. ~3x faster on ordinary prose.
_LONG_RUN = re.compile(r"(?<!\S)\S{16,}")


def _base64_matches(text: str) -> Iterator[re.Match[str]]:
    for run in _LONG_RUN.finditer(text):
        yield from BASE64_RUN.finditer(text, run.start(), run.end())


def decode_base64(text: str) -> list[Piece]:
    """Decodes base64 segments that turn into readable text.

    The decoded text replaces the whole segment; a value found inside it redacts the whole
    segment in the original.
    """
    pieces: list[Piece] = []
    for match in _base64_matches(text):
        token = match.group()
        if token.isalpha() and (token.islower() or token.isupper()):
            continue  # an ordinary word
        try:
            alphabet = "-_" if ("-" in token or "_" in token) else None
            padded = token + "=" * (-len(token) % 4)
            raw = (
                base64.urlsafe_b64decode(padded)
                if alphabet
                else base64.b64decode(padded, validate=True)
            )
            decoded = raw.decode("utf-8")
        except (binascii.Error, ValueError, UnicodeDecodeError):
            continue
        if len(decoded) >= 4 and _printable_ratio(decoded) > 0.95:
            pieces.append((f"\n{decoded}\n", match.start(), match.end()))
    return pieces


# Markdown emphasis around words on one line: "**Nomvula**", "__Name:__", "*12 Oak Road*".
# The markers stand at word edges (not "2*3*4", "snake_case", "/__init__/").
MARKDOWN_EMPHASIS = re.compile(
    r"(?<![^\s(\[{\"'>])(?P<mark>\*\*|__|\*|_)(?=[^\s*_])"
    r"(?P<inner>[^\n*_]{1,120}?)(?<=[^\s*_])(?P=mark)(?![^\s.,;:!?)\]}\"'<])"
)


def strip_markdown_emphasis(text: str) -> list[Piece]:
    """Drops Markdown bold and italics markers, so that the cue rules and the key reader see
    ``Daughter Nomvula`` and ``Name: …`` (a value found redacts the word, the markers stay)."""
    if "*" not in text and "_" not in text:
        return []
    pieces: list[Piece] = []
    for match in MARKDOWN_EMPHASIS.finditer(text):
        pieces.append(("", match.start(), match.end("mark")))
        pieces.append(("", match.end("inner"), match.end()))
    return pieces


# A run of two or more underscores is a blank of a form ("Surname ____Jabłońska____",
# "__22/07/1989__"); underscores are word characters, so a value written into it has no word
# edge for the patterns and the key before it none for the key reader.
UNDERSCORE_RUN = re.compile(r"_{2,}")


def blank_underscore_runs(text: str) -> list[Piece]:
    """Reads a run of 2+ underscores as a blank: nothing beside whitespace or the text's
    edge, a space between two letters or digits. A run beside other characters stays
    ("/__init__/"); Markdown's "__bold__" is strip_markdown_emphasis' (it runs first)."""
    if "__" not in text:
        return []
    pieces: list[Piece] = []
    for run in UNDERSCORE_RUN.finditer(text):
        start, end = run.span()
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if before.isspace() or after.isspace():
            pieces.append(("", start, end))
        elif before.isalnum() and after.isalnum():
            pieces.append((" ", start, end))
    return pieces


# OCR of a letter-spaced form prints every character apart and the words 2+ spaces apart
# ("S U R N A M E   M c L A U G H L I N"): a word of single characters, one space between.
LETTER_SPACED_WORD = re.compile(r"(?<!\S)\S(?: \S)+(?!\S)")
_WORD_GAP = re.compile(r" {2,}")
# Share of a line's characters that must stand in letter-spaced words: in prose a
# "a b c" now and then is no letter-spaced line.
LETTER_SPACED_SHARE = 0.8
MIN_LETTER_SPACED_CHARS = 6


def join_letter_spaced_lines(text: str) -> list[Piece]:
    """Joins the words of a letter-spaced line ("D A T E  O F  B I R T H" reads "DATE OF
    BIRTH"); only on a line made (almost) wholly of such words. When the words before the
    line's widest gap are a personal key, that gap reads ": " (the form's key and value)."""
    if "  " not in text and text.count(" ") < MIN_LETTER_SPACED_CHARS:
        return []
    pieces: list[Piece] = []
    line_start = 0
    for line in text.split("\n"):
        pieces.extend(_letter_spaced_line(line, line_start))
        line_start += len(line) + 1
    return pieces


# The gap after a form's key, before a value typed letter-spaced into its field ("Name,
# Vorname        M A T V I I E N K O ,  L I U D M Y L A"): a tab, a colon or 2+ spaces.
_FIELD_GAP = re.compile(r"(?:\t|:|[ ]{2})[ \t]*$")


def _letter_spaced_line(line: str, offset: int) -> list[Piece]:
    words = list(LETTER_SPACED_WORD.finditer(line))
    spaced = sum((w.end() - w.start() + 1) // 2 for w in words)
    total = sum(not ch.isspace() for ch in line)
    if not words or spaced < MIN_LETTER_SPACED_CHARS:
        return []
    if spaced < LETTER_SPACED_SHARE * total:
        return _letter_spaced_value(line, offset, words)
    joined = [w.group().replace(" ", "") for w in words]
    gaps = [_WORD_GAP.fullmatch(line, a.end(), b.start()) for a, b in itertools.pairwise(words)]
    widths = [g.end() - g.start() if g is not None else 0 for g in gaps]
    key_gap = widths.index(max(widths)) if widths and max(widths) > 0 else -1
    if key_gap >= 0 and entity_for_key(" ".join(joined[: key_gap + 1])) is None:
        key_gap = -1
    pieces: list[Piece] = []
    for i, word in enumerate(words):
        pieces.append((joined[i], offset + word.start(), offset + word.end()))
        gap = gaps[i] if i < len(gaps) else None
        if gap is not None:
            pieces.append((": " if i == key_gap else " ", offset + gap.start(), offset + gap.end()))
    return pieces


def _letter_spaced_value(line: str, offset: int, words: list[re.Match[str]]) -> list[Piece]:
    """A form's field typed letter-spaced after its key: the letter-spaced words that run
    to the end of the line after a field gap (``_FIELD_GAP``) are joined, the gaps between
    them read as one space."""
    tail: list[re.Match[str]] = []
    for word in reversed(words):
        between = line[word.end() : tail[0].start() if tail else len(line)]
        if between.strip():
            break
        tail.insert(0, word)
    letters = sum((w.end() - w.start() + 1) // 2 for w in tail)
    if letters < MIN_LETTER_SPACED_CHARS or not _FIELD_GAP.search(line, 0, tail[0].start()):
        return []
    pieces: list[Piece] = []
    for word, after in itertools.zip_longest(tail, tail[1:]):
        pieces.append((word.group().replace(" ", ""), offset + word.start(), offset + word.end()))
        if after is not None:
            pieces.append((" ", offset + word.end(), offset + after.start()))
    return pieces


DEFAULT_PASSES: tuple[Pass, ...] = (
    fold_characters,
    read_ocr_pronouns,
    decode_mime_text,
    join_letter_spaced_lines,
    strip_markdown_emphasis,
    blank_underscore_runs,
    decode_html_entities,
    decode_percent,
    decode_query_plus,
    read_spoken_dates,
    read_spoken_digits,
    decode_base64,
    unescape_regex_emails,
    unobfuscate_emails,
    unspace_emails,
    collapse_spaced_runs,
    uppercase_ibans,
    collapse_grouped_ibans,
)
