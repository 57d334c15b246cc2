"""The shipped name detector: a CRF per language plus a document-consistency pass.

The CRF tags tokens ``B-PER``/``I-PER``/``O``. Afterwards every word that the CRF found
inside a multi-token name ("Alexander Dobrindt") is also a name wherever else it occurs
in the same text ("Dobrindt sagte ..."), unless it is a function word: the CRF finds full
names far more reliably than bare surnames.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycrfsuite

from pii.lexicon import load_lexicon
from pii.ner.features import PARTICLES, Featurizer, Lexicons, Token, capitalised, tokenize

MODEL_DIR = Path(__file__).parent / "models"
LANGUAGES = ("de", "en")
NAMES_FILE = "names.txt"
BEGIN, INSIDE = "B-PER", "I-PER"
# Scores of the Presidio results: below the cue recognizers (0.7-0.85), so a cued name or an
# address keeps its own span when they overlap, above the default threshold of 0.5.
MODEL_SCORE = 0.6
CONSISTENCY_SCORE = 0.55
# A token is part of a name when the CRF's marginal probability of B-PER + I-PER reaches
# this (recall-oriented decoding; chosen on the tuning split, see the model card).
NAME_PROBABILITY = 0.5


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name found by the detector (character offsets)."""

    start: int
    end: int
    score: float


def model_path(language: str, directory: Path = MODEL_DIR) -> Path:
    """The CRF weights of ``language``."""
    return directory / f"{language}.crfsuite"


def read_words(path: Path) -> frozenset[str]:
    """A word list: one entry per line, ``#`` comments and blank lines skipped."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def build_lexicons(language: str, directory: Path = MODEL_DIR) -> Lexicons:
    """The lexicons of the features: the project's lexicon plus the shipped word lists."""
    base = load_lexicon()
    return Lexicons(
        first_names=base.first_names,
        surnames=base.surnames,
        names=read_words(directory / NAMES_FILE),
        places=base.places,
        nouns=base.nouns,
        function_words=base.function_words,
        common=read_words(directory / f"{language}.common.txt"),
    )


def spans_from_tags(tokens: list[Token], tags: list[str]) -> list[tuple[int, int]]:
    """Token index ranges of the names in a BIO sequence (an ``I`` may open a name)."""
    ranges: list[tuple[int, int]] = []
    start = -1
    for i, tag in enumerate([*tags, "O"]):
        if tag == INSIDE and start >= 0:
            continue
        if start >= 0:
            ranges.append((start, i))
            start = -1
        if tag in (BEGIN, INSIDE):
            start = i
    # A name never starts or ends with a particle ("von", "de").
    trimmed = []
    for first, end in ranges:
        while first < end and tokens[first].text.lower() in PARTICLES:
            first += 1
        while end > first and tokens[end - 1].text.lower() in PARTICLES:
            end -= 1
        if first < end:
            trimmed.append((first, end))
    return trimmed


class NameModel:
    """A loaded CRF with its featurizer; thread-safe (the tagger is guarded by a lock)."""

    def __init__(
        self, path: Path, lexicons: Lexicons, *, threshold: float = NAME_PROBABILITY
    ) -> None:
        if not path.exists():
            raise FileNotFoundError(f"name detector weights missing: {path}")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._featurizer = Featurizer(lexicons)
        self._lock = threading.Lock()
        self.threshold = threshold

    @property
    def featurizer(self) -> Featurizer:
        """The featurizer (exposes the lexicons)."""
        return self._featurizer

    def tag(self, words: list[str]) -> list[str]:
        """BIO tags of a token sequence, recall-oriented (see ``NAME_PROBABILITY``).

        A token whose Viterbi tag is not a name tag becomes a name token when its marginal name
        probability reaches the threshold; it continues a name right before it.
        """
        if not words:
            return []
        items = self._featurizer.items(words)
        with self._lock:
            tags = list(self._tagger.tag(items))
            if self.threshold < 0.5:
                marginal = self._tagger.marginal
                for i, tag in enumerate(tags):
                    if tag in (BEGIN, INSIDE):
                        continue
                    if marginal(BEGIN, i) + marginal(INSIDE, i) >= self.threshold:
                        tags[i] = INSIDE if i and tags[i - 1] in (BEGIN, INSIDE) else BEGIN
        return tags

    def find(self, text: str) -> list[NameSpan]:
        """Names in ``text`` as character spans, ordered by start."""
        tokens = tokenize(text)
        return [
            NameSpan(tokens[first].start, tokens[end - 1].end, score)
            for first, end, score in self.find_tokens(tokens)
        ]

    def find_tokens(self, tokens: list[Token]) -> list[tuple[int, int, float]]:
        """Names as (first token, end token, score), ordered by first token."""
        if not tokens:
            return []
        ranges = spans_from_tags(tokens, self.tag([t.text for t in tokens]))
        found = [(first, end, MODEL_SCORE) for first, end in ranges]
        found.extend((i, i + 1, CONSISTENCY_SCORE) for i in self._consistent(tokens, ranges))
        return sorted(found)

    def _consistent(self, tokens: list[Token], ranges: list[tuple[int, int]]) -> list[int]:
        """Tokens repeating a word of a multi-token name found elsewhere in the text."""
        lexicons = self._featurizer.lexicons
        known: set[str] = set()
        for first, end in ranges:
            if end - first >= 2:
                known.update(
                    capitalised(t.text)
                    for t in tokens[first:end]
                    if t.text[:1].isalpha() and t.text.lower() not in PARTICLES
                )
        if not known:
            return []
        covered = {i for first, end in ranges for i in range(first, end)}
        found = []
        for i, token in enumerate(tokens):
            if i in covered or not token.text[:1].isalpha():
                continue
            word = capitalised(token.text)
            if word.endswith("s") and word not in known and word[:-1] in known:
                word = word[:-1]  # German genitive: "Dobrindts"
            if word in known and word not in lexicons.function_words:
                found.append(i)
        return found


@cache
def load_model(language: str) -> NameModel:
    """The shipped model of ``language`` (loaded once per process).

    Raises:
        FileNotFoundError: the package ships no weights for ``language``.
    """
    return NameModel(model_path(language), build_lexicons(language))
