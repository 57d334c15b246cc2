"""Tokens and CRF features: word identity, shape, affixes, lexicons and context.

The features of one word do not depend on its neighbours, so they are computed once per
distinct word and cached; a token's item is its own features plus a few of its
neighbours' (with their offset as prefix). Lexicon look-ups use the capitalised form of
the word, so "müller" and "MÜLLER" hit the same entries as "Müller" (case robustness).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Words with inner hyphens/apostrophes stay one token ("Müller-Lüdenscheidt", "O'Connor").
TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
PARTICLES = frozenset(
    "von van de der den zu ten ter al el da di del dos du le la bin ibn ben abu".split()
)
_SENTENCE_END = frozenset('.!?:;"„“»«()[]–-')
_CACHE_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Token:
    """A token of a text with its character offsets."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Splits ``text`` into word and punctuation tokens with offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Word lists the features look up (all hold capitalised forms, except ``common``)."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    names: frozenset[str]
    places: frozenset[str]
    nouns: frozenset[str]
    function_words: frozenset[str]
    common: frozenset[str]


def shape(word: str) -> str:
    """Compressed shape: "Müller" -> "Xx", "O'Connor" -> "X'Xx", "2024" -> "d"."""
    out: list[str] = []
    for char in word:
        if char.isupper():
            kind = "X"
        elif char.islower():
            kind = "x"
        elif char.isdigit():
            kind = "d"
        else:
            kind = char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out[:6])


def capitalised(word: str) -> str:
    """"müller-lüdenscheidt" / "MÜLLER-LÜDENSCHEIDT" -> "Müller-Lüdenscheidt"."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


class Featurizer:
    """Turns token sequences into CRF items (lists of feature strings)."""

    def __init__(self, lexicons: Lexicons) -> None:
        self._lexicons = lexicons
        self._cache: dict[str, tuple[list[str], list[str]]] = {}

    @property
    def lexicons(self) -> Lexicons:
        """The lexicons in use."""
        return self._lexicons

    def _word(self, word: str) -> tuple[list[str], list[str]]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        lex = self._lexicons
        lower = word.lower()
        flags: list[str] = []
        if word[:1].isalpha():
            forms = {word, capitalised(word)}
            parts = capitalised(word).split("-")
            if forms & lex.first_names or all(p in lex.first_names for p in parts):
                flags.append("fn")
            if forms & lex.surnames or all(p in lex.surnames for p in parts):
                flags.append("sn")
            if forms & lex.names or all(p in lex.names for p in parts):
                flags.append("gz")
            if forms & lex.places:
                flags.append("pl")
            if forms & lex.nouns:
                flags.append("noun")
            if forms & lex.function_words:
                flags.append("fw")
            if lower in lex.common:
                flags.append("cw")
            if lower in PARTICLES:
                flags.append("part")
        word_shape = shape(word)
        own = [
            "w=" + lower,
            "sh=" + word_shape,
            "p3=" + lower[:3],
            "s2=" + lower[-2:],
            "s3=" + lower[-3:],
            "s4=" + lower[-4:],
            *flags,
        ]
        if word[:1].isupper():
            own.append("cap")
            own.extend("cap&" + f for f in flags)
        if word.isupper() and len(word) > 1:
            own.append("allcaps")
        if "-" in word:
            own.append("hyph")
        if len(word) <= 2:
            own.append("short")
        context = ["w=" + lower, "sh=" + word_shape, *flags]
        result = (own, context)
        self._cache[word] = result
        return result

    def items(self, words: Sequence[str]) -> list[list[str]]:
        """One feature list per word of a sentence or text."""
        own_and_context = [self._word(w) for w in words]
        count = len(words)
        items: list[list[str]] = []
        for i in range(count):
            item = list(own_and_context[i][0])
            if i == 0 or words[i - 1] in _SENTENCE_END:
                item.append("start")
            for offset in (-2, -1, 1, 2):
                j = i + offset
                if 0 <= j < count:
                    prefix = f"{offset}:"
                    context = own_and_context[j][1]
                    item.extend(prefix + f for f in context)
                else:
                    item.append(f"{offset}:none")
            items.append(item)
        return items
