"""PERSON: names written in Greek, Cyrillic, Arabic or Hebrew letters in a chat message.

The cue and sign-off rules of pii/recognizers/person.py read Latin capitals; a name in
another alphabet has no capitals (Arabic, Hebrew) or other ones (Greek, Cyrillic). Found:

- the words of another script right after a self-introduction in that script ("اسمي …",
  "меня зовут …", "με λένε …", "שמי …") or after a Latin cue that says a name follows in
  that script ("my name in Greek: …", "mein Name auf Russisch - …", "Name: …"): up to four
  words of the same script, up to punctuation or the end of the line;
- one to three capitalised Greek or Cyrillic words, or one to four Arabic or Hebrew words,
  closing a message otherwise written in Latin letters, on their own line or after the
  sentence's end ("… never arrives. Σταυρούλα"): the writer signing; not a greeting or a
  thanks in that script (``GREETINGS``).

``GREETINGS`` also lets the name detector's guard veto such words (pii/recognizers/
name_detector_guard.py: "السلام عليكم" is a greeting, not a name).

The recognizers see the text after pii/normalize.py folded homoglyphs: Greek and Cyrillic
letters that look Latin are Latin there ("Σταυρούλα" reads "Σtauρoύλa"), so a word is a run
of letters with at least one letter of another script, and cues and greetings are folded
the same way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex as re

from pii.normalize import HOMOGLYPHS
from pii.recognizers.base import Hit, ScanRecognizer

SCORE = 0.8
_SCRIPTS = ("Greek", "Cyrillic", "Arabic", "Hebrew")
_CASED = ("Greek", "Cyrillic")
MAX_WORDS = 4
MAX_SIGNED_CASED_WORDS = 3


# Greetings, thanks and farewells that may close a message or open it ("Спасибо", "Γεια
# σας", "شكرا", "مع السلامة"): no names.
def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(HOMOGLYPHS)


GREETINGS = frozenset(
    _folded(word)
    for word in """
    السلام عليكم سلام مرحبا شكرا شكراً جزيلا وعليكم تحياتي مع السلامة أهلا اهلا وسهلا
    إن شاء الله ان انشاء الله الحمد لله بسم صباح مساء الخير النور
    спасибо привет пока здравствуйте добрый день вечер утро благодарю до свидания всего
    хорошего большое с уважением дякую привіт вітаю
    γεια σας σου ευχαριστώ ευχαριστω πολύ καλημέρα καλησπέρα χαίρετε αντίο φιλιά τα λέμε
    שלום תודה רבה להתראות בברכה
    """.split()
)
_OTHER = "".join(rf"\p{{{s}}}" for s in _SCRIPTS)
_LETTERS = r"[\p{L}\p{M}\u0640'’-]"
_WORD = rf"(?<!\p{{L}}){_LETTERS}*?[{_OTHER}]{_LETTERS}*"
_RUN = rf"{_WORD}(?:[ \t]+{_WORD}){{0,{MAX_WORDS - 1}}}"
_END = r"(?=[ \t]*(?:$|[\n.,;:!?)،؛؟]))"
# Self-introductions in the other scripts.
_OWN_CUES = (
    r"اسمي|إسمي|انا اسمي|أنا اسمي|اسمه|اسمها|الاسم"
    r"|меня\s+зовут|мо[её]\s+имя|его\s+зовут|её\s+зовут|ее\s+зовут|мене\s+звати|моє\s+ім'я"
    r"|με\s+λένε|ονομάζομαι|λέγομαι|το\s+όνομά\s+μου\s+είναι|τη\s+λένε|τον\s+λένε"
    r"|שמי|קוראים\s+לי"
)
# A Latin cue saying that a name in another script follows: "name" or a language or script
# word close before a colon or dash ("mein name auf arabisch:", "in Greek letters -").
_LATIN_CUE = (
    r"(?i:\bname[ns]?\b[^\n:.!?]{0,30}|\b(?:arabic|arabisch|greek|griechisch|russian|russisch"
    r"|cyrillic|kyrillisch|ukrainian|ukrainisch|bulgarian|bulgarisch|hebrew|hebräisch|persian"
    r"|persisch|farsi|urdu|serbian|serbisch)\b[^\n:.!?]{0,16})[ \t]*[:–—-]"
)
_OWN_CUE = rf"(?<!\p{{L}})(?:{_folded(_OWN_CUES)})[ \t]*[:,،]?"
CUED_RUN = re.compile(rf"(?:{_OWN_CUE}|{_LATIN_CUE})[ \t]*(?P<name>{_RUN}){_END}")
SIGNED_RUN = re.compile(rf"(?:^|\n|[.!?][ \t]+)[ \t]*(?P<name>{_RUN})[ \t]*[.!]?\s*\Z")
_LATIN_WORD = re.compile(r"(?<!\p{L})[A-Za-zÀ-ÿ]{2,}(?!\p{L})")
_ANY_WORD = re.compile(r"\p{L}+")
_OTHER_LETTER = re.compile(rf"[{_OTHER}]")


_SCRIPT_LETTER = {script: re.compile(rf"\p{{{script}}}") for script in _SCRIPTS}


def _script(word: str) -> str | None:
    """The other script of ``word``'s first letter of one (None: Latin only)."""
    first = _OTHER_LETTER.search(word)
    if first is None:
        return None
    return next(s for s, letter in _SCRIPT_LETTER.items() if letter.match(first.group()))


def _mostly_latin(text: str) -> bool:
    """True when most words of ``text`` are Latin-only (two letters or more)."""
    words = _ANY_WORD.findall(text)
    latin = sum(1 for w in words if _LATIN_WORD.fullmatch(w))
    return latin >= 3 and latin >= 2 * (len(words) - latin)


def _name_words(run: str) -> list[str]:
    """The leading words of ``run`` in the first word's script that are no greeting."""
    words = run.split()
    script = _script(words[0])
    kept = []
    for word in words:
        if _script(word) != script or _folded(word.lower()) in GREETINGS or len(word) < 2:
            break
        kept.append(word)
    return kept


def cued_names(text: str) -> Iterable[Hit]:
    """Other-script names after a cue (module docstring)."""
    for match in CUED_RUN.finditer(text):
        words = _name_words(match.group("name"))
        if not words or len(match.group("name").split()) != len(words):
            continue
        yield "PERSON", match.start("name"), match.end("name"), SCORE


def signed_names(text: str) -> Iterable[Hit]:
    """An other-script name closing a Latin-script message (module docstring)."""
    tail = text[-80:]
    match = SIGNED_RUN.search(tail)
    if match is None or not _mostly_latin(text[: len(text) - len(tail) + match.start()]):
        return
    run = match.group("name")
    words = _name_words(run)
    if not words or len(run.split()) != len(words):
        return
    if _script(words[0]) in _CASED and (
        len(words) > MAX_SIGNED_CASED_WORDS
        or not all(w[0].isupper() and w[1:].islower() for w in words)
    ):
        return
    base = len(text) - len(tail)
    yield "PERSON", base + match.start("name"), base + match.end("name"), SCORE


def is_other_script_greeting(word: str) -> bool:
    """True when every word of ``word`` is a greeting of ``GREETINGS`` and one of them is
    written in another script: a folded greeting can read Latin ("с" of "с уважением" is
    "c"), and a Latin initial ("Herr C") is no greeting."""
    parts = word.split()
    return (
        bool(parts)
        and all(_folded(p.lower().strip("،,.!")) in GREETINGS for p in parts)
        and _OTHER_LETTER.search(word) is not None
    )


class OtherScriptNameRecognizer(ScanRecognizer):
    """Greek, Cyrillic, Arabic and Hebrew names after cues and as sign-offs."""

    ENTITIES = ("PERSON",)

    def scan(self, text: str) -> Iterable[Hit]:
        """Yields the other-script names in ``text``."""
        if _OTHER_LETTER.search(text) is None:
            return
        yield from cued_names(text)
        yield from signed_names(text)
