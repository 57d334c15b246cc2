"""Speaker headers of a chat copied out of Teams, Slack or a messenger.

A message there starts with a line holding only its author and the time it was sent:
``Gillespie, Orla  10:14 AM`` (Teams, "Surname, Given"), ``Orla Gillespie  10:14`` or
German ``Nachname, Vorname  10:14``. The name has no cue word a recognizer could use; the
line's layout is the cue. A pure function over text; :func:`pii.structured.scan_structured`
runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pii.lexicon import Lexicon, is_ordinary_word, load_lexicon

Span = tuple[str, int, int]  # entity type, start, end

_WORD = r"[^\W\d_][^\W\d_'’\-]*(?:[\-'’][^\W\d_]+)?"
_TIME = r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
HEADER = re.compile(
    rf"(?m)^[ \t]*(?:(?P<surname>{_WORD}(?: {_WORD})?), (?P<given>{_WORD}(?: {_WORD})?)"
    rf"|(?P<first>{_WORD})(?: {_WORD})? (?P<last>{_WORD}))[ \t]+{_TIME}[ \t]*\r?$"
)

# A quoted message of a thread pasted from Slack: "> *Orla Gillespie*: I'll call her back"
# (the bold marks may be gone: the analyzer reads the text with its markdown removed).
QUOTED_SPEAKER = re.compile(
    rf"(?m)^[ \t]*>[ \t]*(?P<mark>\*{{1,2}}|_)?(?P<name>{_WORD}(?: {_WORD}){{1,2}})"
    r"(?P=mark)?[ \t]*:"
)

# A line of a messenger's export: date and time (in brackets, or followed by a dash), the
# sender, a colon, the message: "[12/03/2026, 09:14] Orla Gillespie: on my way",
# "12.03.26, 09:14 - Orla: ok". The layout alone says a person's name follows the time.
MESSENGER_SENDER = re.compile(
    r"(?m)^[ \t]*(?:\[[ \t]*(?P<bdate>\d{1,2}[./]\d{1,2}[./]\d{2,4}),?[ \t]+"
    rf"{_TIME}(?::[0-5]\d)?[ \t]*\]|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}},?[ \t]+{_TIME}"
    r"(?::[0-5]\d)?[ \t]+[-–])"
    rf"[ \t]*(?P<name>{_WORD}(?: {_WORD}){{0,3}}):"
)


def scan_chat_headers(text: str) -> Iterator[Span]:
    """Authors' names in the speaker headers of a chat export.

    "Surname, Given" headers come in lists: one whose name the lexicon knows (a listed
    surname before the comma or first name after it) confirms the others of the same text.
    A "Given Surname" header, a shape schedules share ("Team Sync 10:00"), needs a listed
    first name of its own. Names of places or common nouns ("Berlin, Hamburg 10:14", "Daily Standup
    09:30") are no authors.
    """
    if ":" not in text and "." not in text:
        return
    lexicon = load_lexicon()
    yield from _quoted_speakers(text, lexicon)
    yield from _messenger_senders(text, lexicon)
    headers = [h for h in HEADER.finditer(text) if _may_be_a_name(_name_words(h), lexicon)]
    inverted = [h for h in headers if h.group("surname")]
    if not any(_known_name(h, lexicon) for h in inverted):
        inverted = []
    for header in headers:
        if header.group("surname"):
            if inverted:
                yield "PERSON", header.start("surname"), header.end("given")
        elif _known_name(header, lexicon):
            yield "PERSON", header.start("first"), header.end("last")


def _name_words(header: re.Match[str]) -> list[str]:
    start = header.start("surname") if header.group("surname") else header.start("first")
    end = header.end("given") if header.group("given") else header.end("last")
    return header.string[start:end].replace(",", " ").split()


def _quoted_speakers(text: str, lexicon: Lexicon) -> Iterator[Span]:
    """The speakers of quoted thread messages (``QUOTED_SPEAKER``): like "Surname, Given"
    headers they come in lists, and one whose first name or surname the lexicon knows
    confirms the others of the same text ("*Next Steps*:" in a quote confirms nobody)."""
    speakers = [
        s for s in QUOTED_SPEAKER.finditer(text) if _may_be_a_name(s.group("name").split(), lexicon)
    ]
    if any(
        s.group("name").split()[0] in lexicon.first_names
        or any(part in lexicon.surnames for part in s.group("name").split()[-1].split("-"))
        for s in speakers
    ):
        for speaker in speakers:
            yield "PERSON", speaker.start("name"), speaker.end("name")


def _messenger_senders(text: str, lexicon: Lexicon) -> Iterator[Span]:
    """The senders of a messenger export's lines (``MESSENGER_SENDER``), when they may be a
    name and one word is a listed name or no ordinary word ("Mum:", "Info:" are none)."""
    for line in MESSENGER_SENDER.finditer(text):
        words = line.group("name").split()
        if _may_be_a_name(words, lexicon) and any(
            w in lexicon.first_names or w in lexicon.surnames or not is_ordinary_word(w, lexicon)
            for w in words
        ):
            yield "PERSON", line.start("name"), line.end("name")


def _may_be_a_name(words: list[str], lexicon: Lexicon) -> bool:
    return all(
        w[0].isupper()
        and not w.isupper()
        and w not in lexicon.places
        and not lexicon.is_plain_noun(w)
        for w in words
    )


def _known_name(header: re.Match[str], lexicon: Lexicon) -> bool:
    if header.group("surname"):
        return (
            header.group("surname").split()[-1] in lexicon.surnames
            or header.group("given").split()[0] in lexicon.first_names
        )
    return header.group("first") in lexicon.first_names
