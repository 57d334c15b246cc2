"""The people an e-mail names in its header block and in a reply's attribution line.

A forwarded or pasted e-mail carries its sender and recipients by their layout only:
``To: Mehwish Qureshi`` under ``From: …`` and over ``Subject: …`` has no cue word a name
recognizer could use (a lone "To" before two rare words is an ordinary preposition), and
neither has the line a mail client writes above a quoted reply ("On Tue, 3 Mar 2026,
Chinyere Okorafor <…> wrote:", "Am 01.03.2026 schrieb Hausverwaltung Voßberg:").

A header block is two or more consecutive ``Key: value`` lines of a mail header (also
quoted with ``>``), one of them a sender or recipient line and one a subject, date or the
other party. Each display name of a sender or recipient line is a person's name unless its
words are all ordinary words or places, none a listed name ("Housing Options", "Sekretariat
Grundschule", "Benefits Team": a mailbox of an office); beside an office noun only the
words naming a person are ("Hausverwaltung Voßberg", "Kanzlei Weber"; not "Steuerkanzlei
am Dom"). The e-mail addresses themselves are
the e-mail recognizer's. A pure function over text; :func:`pii.structured.scan_structured`
runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pii.lexicon import TRADE_HEADS, Lexicon, load_lexicon, names_an_office
from pii.word_frequency import zipf

Span = tuple[str, int, int]  # entity type, start, end

# A word this frequent in English or German text is an ordinary word in a display name
# ("Housing Options", "Customer Notifications"; "Graeme" 3.3 is one, "Lockyer" none).
COMMON_ZIPF = 3.0

_PARTY_KEYS = frozenset(
    {"from", "to", "cc", "bcc", "reply-to", "sender", "von", "an", "kopie", "blindkopie",
     "antwort an"}
)  # fmt: skip
_MESSAGE_KEYS = frozenset("subject sent date betreff gesendet datum".split())
_HEADER_LINE = re.compile(
    r"(?m)^[ \t]*(?:>[ \t]*)*\**(?P<key>(?i:from|to|cc|bcc|reply-to|sender|von|an|kopie"
    r"|blindkopie|antwort[ \t]an|subject|sent|date|betreff|gesendet|datum))\**[ \t]*:\**[ \t]*"
    r"(?P<value>[^\r\n]{0,300}?)[ \t]*\r?$"
)
# The line a mail client writes above a quoted reply.
_ATTRIBUTION = re.compile(
    r"(?m)^[ \t]*(?:>[ \t]*)*(?:On[ \t]+[^\r\n]{4,80},[ \t]+(?P<who_en>[^\r\n,]{1,120}?)[ \t]+wrote"
    r"|Am[ \t]+[^\r\n]{4,80}?[ \t]+schrieb[ \t]+(?P<who_de>[^\r\n]{1,120}?)"
    r"|(?P<who_de2>[^\r\n:>]{1,80}?)[ \t]+schrieb[ \t]+am[ \t]+[^\r\n]{4,60}?)[ \t]*:[ \t]*\r?$"
)
# What a display name is not: an address in brackets, an Outlook "[mailto:…]", a bare
# address, a comment in parentheses.
_NOT_NAME = re.compile(r"<[^<>\r\n]*>|\[[^\[\]\r\n]*\]|\([^()\r\n]*\)|\S+@\S+|\"")
_NAME_PIECE = re.compile(r"[^,;]+")
_WORD = re.compile(r"[^\W\d_][^\W\d_'’.\-]*")
_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. herr herrn frau hr. fr. sir dame".split()
)
# Words of a company's or an office's name beside its rare words ("Voßberg GmbH").
_ORGANISATION_WORDS = frozenset(
    """
    gmbh ag kg ug ohg e.v. ev ltd ltd. limited plc llc inc inc. co co. corp team teams office
    service services department unit support helpdesk council group practice surgery clinic
    school academy trust kanzlei praxis apotheke büro buero verlag agentur
    """.split()
) | frozenset(w.lower() for w in TRADE_HEADS)
_PLACE_PREPOSITIONS = frozenset("am an im in auf zum zur beim bei of on at".split())


def scan_mail_headers(text: str) -> Iterator[Span]:
    """The display names of the sender and recipient lines of each header block, and the
    sender named in a reply's attribution line."""
    if ":" not in text:
        return
    lexicon = load_lexicon()
    for start, end in _party_values(text):
        yield from _display_names(text, start, end, lexicon)
    if "wrote" in text or "schrieb" in text:
        for match in _ATTRIBUTION.finditer(text):
            group = next(g for g in ("who_en", "who_de", "who_de2") if match.group(g))
            yield from _display_names(text, *match.span(group), lexicon)


def _party_values(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the values of sender and recipient lines in header blocks."""
    block: list[re.Match[str]] = []
    for line in _HEADER_LINE.finditer(text):
        if block and text.count("\n", block[-1].end(), line.start()) != 1:
            yield from _block_values(block)
            block = []
        block.append(line)
    yield from _block_values(block)


def _block_values(block: list[re.Match[str]]) -> Iterator[tuple[int, int]]:
    keys = [re.sub(r"[ \t]+", " ", m.group("key").lower()) for m in block]
    parties = [k for k in keys if k in _PARTY_KEYS]
    if len(set(keys)) < 2 or not parties:
        return
    if not (_MESSAGE_KEYS.intersection(keys) or len(set(parties)) >= 2):
        return
    for key, match in zip(keys, block, strict=True):
        if key in _PARTY_KEYS and match.group("value"):
            yield match.span("value")


def _display_names(text: str, start: int, end: int, lexicon: Lexicon) -> Iterator[Span]:
    """The names among the display names of ``text[start:end]`` (a list of addresses)."""
    value = _NOT_NAME.sub(lambda m: " " * len(m.group()), text[start:end])
    for piece in _NAME_PIECE.finditer(value):
        words = [w for w in _WORD.finditer(piece.group()) if w.group().lower() not in _TITLES]
        if not words or all(_ordinary(w.group(), lexicon) for w in words):
            continue
        offset = start + piece.start()
        if any(_office(w.group(), lexicon) for w in words):
            for index, word in enumerate(words):
                # After a preposition a word names where the office is ("am Dom").
                placed = index > 0 and words[index - 1].group().lower() in _PLACE_PREPOSITIONS
                if not placed and _named_by_office(word.group(), lexicon):
                    yield "PERSON", offset + word.start(), offset + word.end()
            continue
        yield "PERSON", offset + words[0].start(), offset + words[-1].end()


def _named_by_office(word: str, lexicon: Lexicon) -> bool:
    """A word of an office's or firm's name that names a person: a listed surname
    ("Kanzlei Weber"), or a rare word or first name that is no noun ("Hausverwaltung
    Voßberg"; not "Steuerkanzlei am Dom", Dom a noun and a first name)."""
    if _office(word, lexicon) or word in lexicon.function_words or word in lexicon.places:
        return False
    if word in lexicon.surnames:
        return True
    return word not in lexicon.nouns and (
        word in lexicon.first_names or not _ordinary(word, lexicon)
    )


def _listed(word: str, lexicon: Lexicon) -> bool:
    return word in lexicon.first_names or word in lexicon.surnames


def _office(word: str, lexicon: Lexicon) -> bool:
    return word.lower() in _ORGANISATION_WORDS or names_an_office(word, lexicon)


def _ordinary(word: str, lexicon: Lexicon) -> bool:
    """A common word (``COMMON_ZIPF``), a German noun, a place, a function word or a
    company's word, not a listed name. Not ``is_ordinary_word``: it takes many a surname for
    two English words run together ("Lockyer", "Mehwish")."""
    if _listed(word, lexicon):
        return False
    bare = word.strip(".'’-")
    return (
        word.lower() in _ORGANISATION_WORDS
        or word in lexicon.function_words
        or word in lexicon.places
        or bare in lexicon.nouns
        or names_an_office(bare, lexicon)
        or max(zipf(bare, "en"), zipf(bare, "de")) >= COMMON_ZIPF
    )
