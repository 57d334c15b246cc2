"""A name seen in Latin letters, written again in Arabic letters (Arabic, Urdu, Persian).

"mein Sohn heißt Qusai" and then "ابني قصي" (my son Qusai); "her name is Perveen Bibi" and
then "پروین بی بی is how she writes it": the Arabic script writes few vowels and Latin
spellings of one name differ ("Mohammed", "Muhammad"), so both are compared by their
consonants (``latin_skeleton``, ``arabic_skeleton``): letters for one sound alike ("kh"
and "خ" are "h", "q" and "ق" are "k"), vowels and the letters the Arabic script also writes
vowels with (و, ي: "w", "v", "y") dropped, doubled letters once. A run of one to three
Arabic-script words is the remembered name when its consonants are the name's, four at
least ("پروین بی بی" - "Perveen Bibi": p r n b); a single word with fewer ("قصي" - "Qusai":
k s) only right after a word for a relative in that script ("ابني", "زوجتي", "میری بیٹی").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from itertools import pairwise

MIN_SKELETON = 4
MIN_CUED_SKELETON = 2
MAX_RUN_WORDS = 3
ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")

# Arabic, Persian and Urdu letters -> the consonant compared ("" for a vowel carrier).
_CONSONANTS = {
    "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ث": "t", "ط": "t", "ة": "", "ج": "j", "چ": "c",
    "ح": "h", "خ": "h", "ه": "h", "ہ": "h", "د": "d", "ڈ": "d", "ذ": "d", "ض": "d", "ر": "r",
    "ڑ": "r", "ز": "z", "ژ": "z", "ظ": "z", "س": "s", "ص": "s", "ش": "s", "غ": "g", "گ": "g",
    "ف": "f", "ق": "k", "ك": "k", "ک": "k", "ل": "l", "م": "m", "ن": "n", "ں": "n",
}  # fmt: skip
_ARABIC_LETTERS = str.maketrans({**{ch: "" for ch in "اأإآءؤئىيیےوۓ\u0640ھعۃ"}, **_CONSONANTS})
# Latin spellings of one sound, then the letters dropped (vowels and vowel carriers).
_LATIN_SOUNDS = (
    ("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("th", "t"), ("dh", "d"), ("ph", "f"),
    ("q", "k"), ("c", "k"), ("x", "ks"),
)  # fmt: skip
_LATIN_DROPPED = str.maketrans(dict.fromkeys("aeiouywv'’-", ""))
# Words for a relative in Arabic, Persian and Urdu, before the relative's name: my son, my
# daughter, my husband, my wife, my brother, my sister, my mother, my father, my child.
RELATIVES = frozenset(
    """
    ابني ابنى إبني بني ابنتي بنتي زوجي زوجتي أخي اخي أختي اختي أمي امي والدتي أبي ابي والدي
    طفلي جدتي جدي حفيدي حفيدتي پسرم دخترم همسرم برادرم خواهرم مادرم پدرم بیٹا بیٹی بیٹے شوہر
    بیوی بھائی بہن امی ابو
    """.split()
)


def _collapsed(letters: str) -> str:
    """Doubled letters once ("mm" of "Mohammed")."""
    return re.sub(r"(.)\1+", r"\1", letters)


def latin_skeleton(name: str) -> str:
    """The consonants of a Latin-letter name (module docstring); words joined."""
    bare = "".join(
        ch for ch in unicodedata.normalize("NFD", name.lower()) if not unicodedata.combining(ch)
    )
    letters = "".join(ch for ch in bare if ch.isalpha() and ch.isascii())
    for spelled, sound in _LATIN_SOUNDS:
        letters = letters.replace(spelled, sound)
    return _collapsed(letters.translate(_LATIN_DROPPED))


def arabic_skeleton(word: str) -> str:
    """The consonants of an Arabic-script word (its vowel marks dropped)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))
    return bare.translate(_ARABIC_LETTERS)


def arabic_name_spans(text: str, names: Collection[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of Arabic-script words whose consonants are those of one of
    ``names`` (Latin skeletons, ``latin_skeleton``); module docstring."""
    if not names:
        return
    words = list(ARABIC_WORD.finditer(text))
    taken = -1
    for index, first in enumerate(words):
        if first.start() < taken:
            continue
        cued = (
            index > 0
            and words[index - 1].group() in RELATIVES
            and _adjacent(text, words[index - 1], first)
        )
        for size in range(MAX_RUN_WORDS, 0, -1):
            run = words[index : index + size]
            if len(run) < size or not all(_adjacent(text, a, b) for a, b in pairwise(run)):
                continue
            skeleton = _collapsed("".join(arabic_skeleton(w.group()) for w in run))
            minimum = MIN_CUED_SKELETON if cued and size == 1 else MIN_SKELETON
            if len(skeleton) >= minimum and skeleton in names:
                yield first.start(), run[-1].end()
                taken = run[-1].end()
                break


def _adjacent(text: str, one: re.Match[str], other: re.Match[str]) -> bool:
    """Two words with only spaces between them."""
    return text[one.end() : other.start()].strip(" \t") == "" and other.start() > one.end()
