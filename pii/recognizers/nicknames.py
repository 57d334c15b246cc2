"""PERSON: nicknames and the names around them.

- A nickname in quotes between a given name and the surname ("Katharina „Kati“ Brennecke",
  'Robert "Bobby" Tennant'): the surname after the quoted word belongs to the name when the
  given name or the nickname is a known first name and the surname is no ordinary word.
- A name said to be what someone is called ("everyone calls her Lenka", "known as Mitzi",
  "goes by Tadzio", "alle nennen ihn Bodo", "genannt Fritzi"): the capitalised word after
  the phrase, when it is a known name or no ordinary word.
- A lower-case name signing off a chat message after a German or English greeting ("…
  danke. gruß hansi", "lg kalle"): the single word closing the text after the greeting,
  when it is no function word, no word for a relative or a group ("lg mama", "gruß an
  alle") and not a frequent word ("grüße zurück").
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

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
    for match in CALLED.finditer(text):
        name = match.group("name")
        if name in lexicon.function_words or name in lexicon.places:
            continue
        if is_known_name(name, lexicon) or not is_ordinary_word(name, lexicon):
            yield "PERSON", match.start("name"), match.end("name"), SCORE


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
        yield from lower_case_signers(text, self._lexicon)
