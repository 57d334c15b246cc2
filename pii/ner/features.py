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

from pii.ner.clusters import ClusterTable
from pii.word_frequency import LANGUAGES, zipf

# Words with inner hyphens/apostrophes stay one token ("Müller-Lüdenscheidt", "O'Connor");
# so do initials and titles with their period ("K.", "Dr."), as in the training corpora.
TOKEN = re.compile(r"(?:Dr|Prof|Hr|Fr|Mr|Mrs|Ms|[A-ZÄÖÜ])\.(?!\w)|\w+(?:['’\-]\w+)*|[^\w\s]")
PARTICLES = frozenset(
    "von van de der den zu ten ter al el da di del dos du le la bin ibn ben abu".split()
)
_SENTENCE_END = frozenset('.!?:;"„“»«()[]–-')
_CACHE_LIMIT = 100_000
# A neighbour at offset k sees the token's context features under the prefix "-k:"; the
# cache keeps them per word in this order: item[1] is what the token two after sees, ...
_OFFSETS = (-2, -1, 1, 2)
_NONE = tuple([f"{offset}:none"] for offset in _OFFSETS)


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
    # Names of many origins from Faker's person providers (bench/ner_name_lists.py): own
    # flags, so the CRF learns how far to trust them; the decoding rules do not use them.
    extra_first_names: frozenset[str] = frozenset()
    extra_surnames: frozenset[str] = frozenset()
    # Binned word frequency in German and English (pii.word_frequency) as flags, and
    # "rare": in neither frequency list and no German common noun.
    word_frequency: bool = False
    # Brown cluster path of a word (bench/ner_cluster_lists.py): its prefixes are features
    # of the word and of its neighbours. Empty: no cluster features.
    clusters: ClusterTable | None = None


# Upper bounds of the zipf bins (log10 of uses per billion words; 0 = not in the list).
_ZIPF_BINS = ((2.0, "2"), (3.0, "3"), (4.0, "4"), (5.0, "5"))


def frequency_flags(word: str, nouns: frozenset[str]) -> list[str]:
    """``zde=3`` (zipf in [2, 3)), ``zen=0`` (not in the list), ..., and ``rare``."""
    flags: list[str] = []
    rare = True
    for lang in LANGUAGES:
        value = zipf(word, lang)
        if value:
            rare = False
            label = next((name for bound, name in _ZIPF_BINS if value < bound), "6")
        else:
            label = "0"
        flags.append(f"z{lang}={label}")
    form = capitalised(word)
    # Written like a word in any case ("Weigl", "weigl", "WEIGL"), not "RdNr" or "A4".
    if rare and word.replace("-", "").isalpha() and word in (form, word.lower(), word.upper()):
        if form not in nouns:
            flags.append("rare")
    return flags


# Prefix lengths of the cluster path used as features (the usual 4/6/10/20 of Brown-cluster
# NER features; a neighbour contributes its short ones).
CLUSTER_PREFIXES = (4, 6, 10, 20)
CONTEXT_CLUSTER_PREFIXES = (4, 6)


def cluster_of(word: str, clusters: ClusterTable) -> str:
    """The cluster path of ``word`` as written, else of its capitalised or lower-case form;
    ``"-"`` when none of them is in the table."""
    return (
        clusters.get(word)
        or clusters.get(capitalised(word))
        or clusters.get(word.lower())
        or "-"
    )


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
    """ "müller-lüdenscheidt" / "MÜLLER-LÜDENSCHEIDT" -> "Müller-Lüdenscheidt"."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


class Featurizer:
    """Turns token sequences into CRF items (lists of feature strings)."""

    # What a token sees where a neighbour is missing (offsets -2, -1, +1, +2), and the
    # feature of a token that starts a sentence.
    none_features = _NONE
    start_features = ("start",)
    # Tokens after which the next one starts a sentence (feature ``start``).
    sentence_ends = _SENTENCE_END

    def __init__(self, lexicons: Lexicons) -> None:
        self._lexicons = lexicons
        self._cache: dict[str, tuple[list[str], ...]] = {}

    @property
    def lexicons(self) -> Lexicons:
        """The lexicons in use."""
        return self._lexicons

    def word_features(self, word: str) -> tuple[list[str], ...]:
        """Own features, then the features seen from offsets -2, -1, +1, +2 (prefixed)."""
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
            if forms & lex.extra_first_names:
                flags.append("xfn")
            if forms & lex.extra_surnames or all(p in lex.extra_surnames for p in parts):
                flags.append("xsn")
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
            if lex.word_frequency:
                flags.extend(frequency_flags(word, lex.nouns))
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
        if lex.clusters is not None:
            path = cluster_of(word, lex.clusters)
            own.extend(f"c{n}={path[:n]}" for n in CLUSTER_PREFIXES)
            context.extend(f"c{n}={path[:n]}" for n in CONTEXT_CLUSTER_PREFIXES)
        result = (own, *([f"{offset}:{f}" for f in context] for offset in _OFFSETS))
        self._cache[word] = result
        return result

    def items(self, words: Sequence[str]) -> list[list[str]]:
        """One feature list per word of a sentence or text."""
        word = self.word_features
        cached = [word(w) for w in words]
        last = len(words) - 1
        none, start = _NONE, self.start_features
        items: list[list[str]] = []
        for i, features in enumerate(cached):
            item = [
                *features[0],
                *(cached[i - 2][1] if i > 1 else none[0]),
                *(cached[i - 1][2] if i else none[1]),
                *(cached[i + 1][3] if i < last else none[2]),
                *(cached[i + 2][4] if i < last - 1 else none[3]),
            ]
            if i == 0 or words[i - 1] in _SENTENCE_END:
                item.extend(start)
            items.append(item)
        return items
