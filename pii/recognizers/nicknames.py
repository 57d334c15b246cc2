"""PERSON: nicknames and the names around them.

- A nickname in quotes between a given name and the surname ("Katharina „Kati“ Brennecke",
  'Robert "Bobby" Tennant'): the surname after the quoted word belongs to the name when the
  given name or the nickname is a known first name and the surname is no ordinary word.
- A name said to be what someone is called ("everyone calls her Lenka", "known as Mitzi",
  "goes by Tadzio", "alle nennen ihn Bodo", "genannt Fritzi"): the capitalised word after
  the phrase, when it is a known name or no ordinary word.
- A name around such a phrase in brackets ("Oliwier (we call him Olek) Brzozowski",
  "Zuzanna (alle nennen sie Zuzia) Wrona"): the name-shaped word before the brackets is
  the given name, one right after them the surname, each when a known name or no ordinary
  word.
- A nickname in brackets right after a name found by another rule ("unser Sohn Seraphin
  (Finni)", "Margaret (Peggy) Doyle"): one or two name-shaped words, each a known name or
  no ordinary word, no place, after a one-word name, before a surname or a listed first
  name (``bracketed_nicknames``, run by the engine on the findings).
- A lower-case name signing off a chat message after a German or English greeting ("…
  danke. gruß hansi", "lg kalle"): the single word closing the text after the greeting,
  when it is no function word, no word for a relative or a group ("lg mama", "gruß an
  alle") and not a frequent word ("grüße zurück").
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from pii.anchored_scan import AnchoredScan
from pii.lexicon import Lexicon, is_ordinary_word, load_lexicon
from pii.recognizers.base import Hit, ScanRecognizer
from pii.recognizers.person import is_first_name, is_known_name
from pii.word_frequency import zipf

SCORE = 0.8
_PART = r"(?:O['’]|Mc|Mac)?\p{Lu}\p{Ll}+"
_NAME_WORD = rf"{_PART}(?:-{_PART})*"
_OPEN = "„“\"‚‘'«»‹›"
_CLOSE = "“”\"‘’'»«›‹"
QUOTED_NICKNAME = re.compile(
    rf"(?<![\w'’-])(?P<given>{_NAME_WORD})[ \t]+[{_OPEN}](?P<nick>{_NAME_WORD})[{_CLOSE}]"
    rf"[ \t]+(?P<surname>{_NAME_WORD})(?![\w'’-])"
)
CALLED = re.compile(
    r"(?<![\w-])(?i:(?:calls?|called|calling)[ \t]+(?:her|him|me|them|us)"
    r"|known[ \t]+as|goes[ \t]+by|go[ \t]+by|nicknamed|nickname[ \t]+is"
    r"|(?:nennen?|nennt|rufen?|ruft)[ \t]+(?:sie|ihn|mich|uns)|genannt|spitzname(?:[ \t]+ist)?)"
    rf"[ \t]*:?[ \t]+[{_OPEN}]?(?P<name>{_NAME_WORD})(?![\w-])"
)
_CALLED_SCAN = AnchoredScan(CALLED)  # tried only where a wording's start stands
# A part of each wording of CALLED, in lower case.
_CALLED_HINTS = ("call", "known", "go", "nick", "nenn", "ruf", "genannt", "spitzname")
LOWER_SIGN_OFF = re.compile(
    r"(?:^|[.!?,;:\n][ \t]*|\n)[ \t]*(?i:gru(?:ß|ss)|gr(?:ü|ue)(?:ß|ss)e|lg|vg|mfg|regards)"
    r"[ \t]*,?[ \t]+(?P<name>\p{Ll}{3,})[ \t]*[.!]?\s*\Z"
)
# Words that close a greeting but name nobody: relatives, groups and replies.
NOT_SIGNERS = frozenset(
    "mama papa mami papi mutti vati oma opa omi opi schatz schatzi team chef chefin familie "
    "mum mom dad nan gran grandma grandad everyone all zurück back".split()
)
MAX_SIGNER_ZIPF = 5.0


def quoted_nickname_names(text: str, lexicon: Lexicon) -> Iterable[Hit]:
    """Given name, quoted nickname and surname as one PERSON (module docstring)."""
    if not any(quote in text for quote in _OPEN):
        return
    for match in QUOTED_NICKNAME.finditer(text):
        surname = match.group("surname")
        if surname in lexicon.function_words or not (
            is_first_name(match.group("given"), lexicon)
            or is_first_name(match.group("nick"), lexicon)
        ):
            continue
        if is_known_name(surname, lexicon) or not any(
            is_ordinary_word(p, lexicon) for p in surname.split("-")
        ):
            yield "PERSON", match.start(), match.end(), SCORE


def called_names(text: str, lexicon: Lexicon) -> Iterable[Hit]:
    """The name after "calls her", "known as", "genannt" (module docstring)."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _CALLED_HINTS):
        return  # a substring test is far cheaper than the scan
    for match in _CALLED_SCAN.finditer(text):
        name = match.group("name")
        if name in lexicon.function_words or name in lexicon.places:
            continue
        if is_known_name(name, lexicon) or not is_ordinary_word(name, lexicon):
            yield "PERSON", match.start("name"), match.end("name"), SCORE


# Who calls somebody so, inside the brackets before the phrase ("(we call him …").
_CALLERS_BEFORE = re.compile(r"\([ \t]*(?:(?i:we|i|they|everyone|everybody|wir|alle|ich)[ \t]+)?\Z")
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME_WORD})[ \t]*\Z")
_CLOSING = re.compile(rf"[ \t]*\)(?:[ \t]+(?P<surname>{_NAME_WORD})(?![\w'’-]))?")


def _may_be_name(word: str, lexicon: Lexicon) -> bool:
    """A known name, or no function word, place or ordinary word."""
    if word in lexicon.function_words or word in lexicon.places:
        return False
    return is_known_name(word, lexicon) or not any(
        is_ordinary_word(p, lexicon) for p in word.split("-")
    )


def bracketed_called_names(text: str, lexicon: Lexicon) -> Iterable[Hit]:
    """The given name before and the surname after a bracketed CALLED phrase (module
    docstring)."""
    if "(" not in text:
        return
    for match in _CALLED_SCAN.finditer(text):
        opening = _CALLERS_BEFORE.search(text, max(0, match.start() - 24), match.start())
        closing = _CLOSING.match(text, match.end("name"))
        if opening is None or closing is None:
            continue
        given = _NAME_BEFORE.search(text, max(0, opening.start() - 64), opening.start())
        if given is not None and _may_be_name(given.group("name"), lexicon):
            yield "PERSON", given.start("name"), given.end("name"), SCORE
        surname = closing.group("surname")
        if surname is not None and _may_be_name(surname, lexicon):
            yield "PERSON", closing.start("surname"), closing.end("surname"), SCORE


# Nicknames are short ("Finni", "Peggy", "Nonso"); a longer word in brackets is a note
# ("Ylva (Auskunftssperre)": the register's block on giving her address out).
MAX_NICKNAME_CHARS = 10
_SURNAME_AFTER = re.compile(rf"[ \t]+{_NAME_WORD}(?![\w'’-])")
BRACKETED_NICKNAME = re.compile(
    rf"[ \t]*\([ \t]*(?P<nick>{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)[ \t]*\)"
)


def bracketed_nicknames(
    text: str, names: Iterable[tuple[int, int]], lexicon: Lexicon | None = None
) -> Iterable[tuple[int, int]]:
    """(start, end) of a nickname in brackets right after one of ``names`` (module
    docstring): after a one-word name ("Seraphin (Finni)", "Mr Okonkwo (Nonso)"), before a
    surname ("Margaret (Peggy) Doyle"), or a listed first name; after a full name a rare
    word in brackets is a remark as often ("Michael Barlow (Werribee)": his club's town)."""
    lexicon = lexicon or load_lexicon()
    for start, end in names:
        match = BRACKETED_NICKNAME.match(text, end)
        if match is None:
            continue
        words = match.group("nick").split()
        if not all(
            _may_be_name(word, lexicon) and len(word) <= MAX_NICKNAME_CHARS for word in words
        ):
            continue
        one_word = not any(ch.isspace() for ch in text[start:end].strip())
        surname = _SURNAME_AFTER.match(text, match.end()) is not None
        if one_word or surname or all(is_first_name(w, lexicon) for w in words):
            yield match.start("nick"), match.end("nick")


def lower_case_signers(text: str, lexicon: Lexicon) -> Iterable[Hit]:
    """The lower-case word signing off after a greeting (module docstring)."""
    match = LOWER_SIGN_OFF.search(text[-60:])
    if match is None:
        return
    word = match.group("name")
    if (
        word in NOT_SIGNERS
        or word.capitalize() in lexicon.function_words
        or word in lexicon.function_words
        or max(zipf(word, "de"), zipf(word, "en")) >= MAX_SIGNER_ZIPF
    ):
        return
    base = len(text) - len(text[-60:])
    yield "PERSON", base + match.start("name"), base + match.end("name"), SCORE


class NicknameRecognizer(ScanRecognizer):
    """Nicknames and the names around them (module docstring)."""

    ENTITIES = ("PERSON",)

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language)
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields the nickname hits in ``text``."""
        yield from quoted_nickname_names(text, self._lexicon)
        yield from called_names(text, self._lexicon)
        yield from bracketed_called_names(text, self._lexicon)
        yield from lower_case_signers(text, self._lexicon)
