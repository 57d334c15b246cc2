"""PERSON: a payer or payee in a line written in capitals (a bank statement's booking line).

Statements print their lines in capitals ("FASTER PAYMENT FROM ADAEZE OKONKWO   REF RENT",
"TFR TO MR K O'BRIEN-HALE   40-12-19"), where the cue rules of pii/recognizers/person.py
see no capitalised word. After "FROM"/"TO"/"BY"/"VON"/"AN" (optionally with a title and
initials) or a title alone, one to three words in capitals form the name up to a wide gap,
a tab, a reference word ("REF") or the line's end, when:

- after a title, every word is no function word or place;
- otherwise two or three words, each a known name or with a part that is no ordinary
  word, and no place
  ("TO TESCO STORES", "FROM HMRC", "TO SAVINGS ACCOUNT" stay).

Only lines written in capitals are read (``CAPITALS_PER_LOWER``).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from pii.lexicon import Lexicon, is_ordinary_word, load_lexicon
from pii.recognizers.base import Hit, ScanRecognizer
from pii.recognizers.person import is_known_name

SCORE = 0.75
_PART = r"(?:\p{Lu}['’])?\p{Lu}{2,}"
_WORD = rf"{_PART}(?:-{_PART})*"
_TITLE = r"(?:MR|MRS|MS|MISS|DR|HERR|FRAU|HR|FR)\.?"
PAYEE = re.compile(
    rf"(?<![\w'’-])(?:(?P<cue>FROM|TO|BY|VON|AN)[ \t]+(?:(?P<title1>{_TITLE})[ \t]+)?"
    rf"|(?P<title2>{_TITLE})[ \t]+)"
    r"(?:\p{Lu}\.?[ \t]+){0,2}"
    rf"(?P<name>(?:{_WORD})(?:[ \t](?:{_WORD})){{0,2}})"
    r"(?=[ \t]{2,}|\t|[ \t]*(?:\n|$)|[ \t]+(?:REF|REFERENCE|VERWENDUNGSZWECK)(?![\w-]))"
)
_CUE_WORD = re.compile(rf"(?<![\w-])(?:FROM|TO|BY|VON|AN|{_TITLE})[ \t]")
_LINE = re.compile(r"[^\n]+")
_LOWER = re.compile(r"\p{Ll}")
_UPPER = re.compile(r"\p{Lu}")
# A line counts as written in capitals with at most one lower-case letter to this many
# capitals ("03 Mar   FASTER PAYMENT FROM …": the date's month is typed as usual).
CAPITALS_PER_LOWER = 4


def _in_capitals(line: str) -> bool:
    return len(_UPPER.findall(line)) >= CAPITALS_PER_LOWER * len(_LOWER.findall(line))


def _title_case(word: str) -> str:
    return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))


def capitals_payees(text: str, lexicon: Lexicon) -> Iterable[Hit]:
    """Payers and payees in lines written in capitals (module docstring)."""
    for line in _LINE.finditer(text):
        if not _in_capitals(line.group()):
            continue
        for match in PAYEE.finditer(text, line.start(), line.end()):
            words = [_title_case(w) for w in match.group("name").split()]
            if any(w in lexicon.function_words or w in lexicon.places for w in words):
                continue
            titled = match.group("title1") or match.group("title2")
            if not titled and not (
                len(words) >= 2
                and all(
                    is_known_name(w, lexicon)
                    or not all(is_ordinary_word(p, lexicon) for p in w.split("-"))
                    for w in words
                )
            ):
                continue
            yield "PERSON", match.start("name"), match.end("name"), SCORE


class CapitalsPayeeRecognizer(ScanRecognizer):
    """Payers and payees in lines written in capitals (module docstring)."""

    ENTITIES = ("PERSON",)

    def __init__(self, *, supported_language: str = "de", lexicon: Lexicon | None = None):
        super().__init__(supported_language=supported_language)
        self._lexicon = lexicon or load_lexicon()

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields the payers and payees in ``text``."""
        if _CUE_WORD.search(text) is None:
            return
        yield from capitals_payees(text, self._lexicon)
