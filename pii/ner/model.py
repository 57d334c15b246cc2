"""The shipped name detector: a CRF per language plus a document-consistency pass.

The CRF tags tokens ``B-PER``/``I-PER``/``O``. Afterwards every word that the CRF found
inside a multi-token name ("Alexander Dobrindt") is also a name wherever else it occurs
in the same text ("Dobrindt sagte ..."), unless it is a function word: the CRF finds full
names far more reliably than bare surnames.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycrfsuite

from pii.lexicon import NAMESAKE_HEADS, load_lexicon
from pii.ner.clusters import ClusterTable
from pii.ner.features import PARTICLES, TOKEN, Featurizer, Lexicons, Token, capitalised
from pii.ner.lone_names import mark_lone_first_names
from pii.ner.name_origins import mark_names_of_origins
from pii.ner.net import NameNet
from pii.ner.scoring import StateScores
from pii.sentence_openers import IMPERATIVE_OBJECTS as ENGLISH_IMPERATIVE_OBJECTS
from pii.sentence_openers import SENTENCE_MARKS, drop_german_imperatives, drop_ordinary_openers
from pii.word_frequency import is_common, is_known, zipf

MODEL_DIR = Path(__file__).parent / "models"
LANGUAGES = ("de", "en")
NAMES_FILE = "names.txt"
EXTRA_FIRST_NAMES_FILE = "extra_first_names.txt"
EXTRA_SURNAMES_FILE = "extra_surnames.txt"
# First names of many countries (nam_dict.txt, GFDL; bench/ner_world_names.py), read for the
# decoding rules of first name + rare surname only: no model was trained with them as
# features (issue 20, tests/pii/names2/tune_en.conll; MODEL_CARD.md).
WORLD_FIRST_NAMES_FILE = "world_first_names.txt"
GFDL_FILE = "GFDL-1.2.txt"  # the world list's licence, shipped beside it
# Languages whose CRF sees the extra name lists (Faker; bench/ner_name_lists.py) as features
# of their own. English was retrained with them too and not shipped: on its hold-outs recall
# did not improve (MODEL_CARD.md), so the English model is the one trained before.
EXTRA_NAME_LANGUAGES = frozenset({"de"})
# Languages whose CRF sees binned word frequencies (pii.word_frequency) as features
# (chosen on the tuning splits, 2026-12-07: GermEval tune through the gateway 88 -> 91 of
# 128 names, same over-redaction; LER-dev tune unchanged; MODEL_CARD.md). English was not
# retrained.
WORD_FREQUENCY_LANGUAGES = frozenset({"de"})
# Languages whose CRF sees Brown word clusters (bench/ner_cluster_lists.py) as features
# (chosen on the tuning splits, 2026-12-07: GermEval tune through the gateway 89 -> 97 of 128
# names, over-redaction 1.47 % -> 1.06 %, LER-dev tune recall kept; MODEL_CARD.md). English
# gained too little on its tuning split to retrain (recall -0.008, precision +0.016).
CLUSTER_LANGUAGES = frozenset({"de"})
# Languages whose CRF marginals are averaged with a small net's probabilities (pii.ner.net;
# RESULTS_PII.md, "Third round: a smaller net in the ensemble"): through the gateway at
# name probability 0.45, GermEval tune 100 -> 105 of 128 names (precision 0.867 -> 0.858,
# over-redaction 0.71 % both) and LER-dev tune 75 -> 78 of 131 (precision 0.412 -> 0.405).
# English (fourth round): wikiann-en-tune 746 -> 759 of 902 names (precision 0.699 -> 0.697,
# over-redaction 4.95 % -> 4.10 %), citizen-tune 190 -> 202 of 240 (0.961 -> 0.959).
NET_LANGUAGES = frozenset({"de", "en"})
NET_WEIGHT = 0.5
# Texts shorter than this (form fields, JSON values, "Rentenauskunft anfordern") are left to
# the CRF alone: the net learned from WikiANN's title fragments that a lone rare capitalised
# word is a name (0.97 for "Rentenbescheid", 1.0 for "Bürgergeld"; issue-19 bench).
NET_MIN_TOKENS = 3
# Words at least this common (pii.word_frequency) that are no listed name keep the CRF's
# probability (NameModel._ensemble); the guard's threshold for common sentence words.
NET_COMMON_ZIPF = 4.0
# Words that, after a sentence's first word, make it an imperative ("Transcribe the voicemail",
# "Forward our invoice"): that word is a name only when the CRF and the net both say so
# (NameModel._ensemble). The English net, trained on WikiANN's title fragments, took
# "Transcribe" for a name (0.91; issue-19 bench), the CRF alone takes "Forward" in "Forward
# our invoice"; in the English training split 23 of 637 sentence-initial capitalised words
# before one of these are names, most of them epithets ("William the Conqueror").
IMPERATIVE_OBJECTS = {"en": ENGLISH_IMPERATIVE_OBJECTS}
_ORDINARY_CACHE_LIMIT = 100_000
BEGIN, INSIDE = "B-PER", "I-PER"
# Scores of the Presidio results: below the cue recognizers (0.7-0.85), so a cued name or an
# address keeps its own span when they overlap, above the default threshold of 0.5.
MODEL_SCORE = 0.6
CONSISTENCY_SCORE = 0.55
# A token is part of a name when the CRF's marginal probability of B-PER + I-PER reaches
# the language's threshold (chosen on the tuning splits, never the hold-outs; MODEL_CARD.md).
# Both of the CRF + net average (0.5 / 0.45 / 0.4 measured; 0.45 is the lowest that keeps
# PERSON precision within 0.01 of the CRF alone at 0.5 on both tuning splits of the language).
NAME_PROBABILITY = {"de": 0.45, "en": 0.45}
# The same for texts without capitals ("ich heiße anna schmidt"), where case gives no hint:
# the lowest of 0.5/0.4/0.3/0.2 whose PERSON precision on the lower-cased tuning split stays
# within 0.02 of the language's precision on the split as written (bench/ner_tune_precision.py
# --case lower): de 0.3 (recall 0.562 -> 0.594, precision 0.728 vs. 0.748 as written),
# en 0.2 (0.560 -> 0.596, precision 0.753 vs. 0.701).
UNCASED_NAME_PROBABILITY = {"de": 0.3, "en": 0.2}
# Languages whose lone-word rule is strict (see NameModel.tag): chosen on the tuning split
# (GermEval dev 1321-1760: over-redaction 1.62 % -> 1.47 %, recall unchanged); on the English
# tuning split it lost 9 of 902 names for 2 fewer false names (bench/ner_tune_precision.py).
STRICT_LONE_WORDS = frozenset({"de"})
# Languages where a listed first name followed by a rare capitalised word is a name
# ("Brigitte Weigl", "Gert Hilger"; see NameModel._rare_surnames). English reads the extra
# (Faker) first names for this rule only, its CRF was trained without them as features
# (issue 20, tests/pii/names2/tune_en.conll: PER recall 0.703 -> 0.746, precision kept;
# MODEL_CARD.md, "Choices"). Both read the world first names (WORLD_FIRST_NAMES_FILE) for it
# too (issue 20, second round: tune_en 0.791 -> 0.825, precision 0.932 -> 0.935).
RARE_SURNAME_LANGUAGES: frozenset[str] = frozenset({"de", "en"})
# There an extra first name that is no first name of the project's lists opens such a pair
# only when it is rarer than this in the language (Zipf, pii.word_frequency): the Faker lists
# hold "North", "French", "Santa", "Richmond" ("North Sulawesi", "Santa Bárbara").
PAIR_FIRST_NAME_MAX_ZIPF = {"en": 3.0}
# A capitalised word this common (Zipf, German or English) after such a pair that is no
# listed name makes the pair part of a proper noun ("Emmeline Pankhurst Primary";
# NameModel._rare_surnames).
NAMESAKE_ZIPF = 3.0
# Languages whose decoding marks names of origins the training data rarely shows (romanized
# Korean and Chinese names; pii.ner.name_origins), and those where it also marks rare words
# written with Central and Eastern European letters beside a name (English text writes none).
NAME_ORIGIN_LANGUAGES: frozenset[str] = frozenset({"de", "en"})
FOREIGN_LETTER_LANGUAGES: frozenset[str] = frozenset({"en"})
# A lone word that is also a German common noun and a listed name ("Sommer") needs more
# certainty; a lone common noun that is no listed name is never a name.
NOUN_PROBABILITY = 0.8


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name found by the detector (character offsets)."""

    start: int
    end: int
    score: float


def model_path(language: str, directory: Path = MODEL_DIR) -> Path:
    """The CRF weights of ``language``."""
    return directory / f"{language}.crfsuite"


def net_path(language: str, directory: Path = MODEL_DIR) -> Path:
    """The net weights of ``language`` (pii.ner.net, pii.ner.net_training)."""
    return directory / f"{language}.net.npz"


def cluster_path(language: str, directory: Path = MODEL_DIR) -> Path:
    """The Brown word clusters of ``language`` (pii.ner.clusters, bench/ner_cluster_lists.py)."""
    return directory / f"{language}.clusters.npz"


def read_words(path: Path) -> frozenset[str]:
    """A word list: one entry per line, ``#`` comments and blank lines skipped."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def build_lexicons(language: str, directory: Path = MODEL_DIR) -> Lexicons:
    """The lexicons of the features: the project's lexicon plus the shipped word lists."""
    base = load_lexicon()
    # The harvested list is silver data ("Bürgermeister" precedes many names in WikiANN):
    # a German common noun counts as a name only if the project's own lists say so.
    common_nouns = base.nouns - base.first_names - base.surnames
    return Lexicons(
        first_names=base.first_names,
        surnames=base.surnames,
        names=read_words(directory / NAMES_FILE) - common_nouns,
        places=base.places,
        nouns=base.nouns,
        function_words=base.function_words,
        common=read_words(directory / f"{language}.common.txt"),
        **(_extra_names(directory) if language in EXTRA_NAME_LANGUAGES else {}),
        word_frequency=language in WORD_FREQUENCY_LANGUAGES,
        clusters=_clusters(language, directory),
    )


def _clusters(language: str, directory: Path) -> ClusterTable | None:
    """The cluster table of ``language``; None where it is not used or the file is missing
    (like the extra lists; the shipped model's frozen-sample test catches a missing file)."""
    path = cluster_path(language, directory)
    if language not in CLUSTER_LANGUAGES or not path.exists():
        return None
    return ClusterTable.read(path)


def _extra_names(directory: Path) -> dict[str, frozenset[str]]:
    """The extra name lists (features ``xfn``/``xsn``); empty where the files are missing."""
    return {
        "extra_first_names": extra_first_names(directory),
        "extra_surnames": read_words(directory / EXTRA_SURNAMES_FILE),
    }


# Titles are kept out of the redacted span: "Dr. <PERSON_1>" reads better and leaks nothing.
_TITLES = frozenset({"Dr.", "Prof.", "Hr.", "Fr.", "Mr.", "Mrs.", "Ms."})


def _name_edge(word: str) -> bool:
    return word[:1].isalpha() and word.lower() not in PARTICLES and word not in _TITLES


def spans_from_tags(words: list[str], tags: list[str]) -> list[tuple[int, int]]:
    """Token index ranges of the names in a BIO sequence (an ``I`` may open a name)."""
    ranges: list[tuple[int, int]] = []
    start = last = -1
    for i in [i for i, tag in enumerate(tags) if tag != "O"]:
        if start >= 0 and i == last + 1 and tags[i] == INSIDE:
            last = i
            continue
        if start >= 0:
            ranges.append((start, last + 1))
        start = last = i
    if start >= 0:
        ranges.append((start, last + 1))
    # A name never starts or ends with a particle ("von", "de"), a title, a number or
    # punctuation.
    trimmed = []
    for first, end in ranges:
        while first < end and not _name_edge(words[first]):
            first += 1
        while end > first and not _name_edge(words[end - 1]):
            end -= 1
        if first < end:
            trimmed.append((first, end))
    return trimmed


def crf_name_probability(marginal: Callable[[str, int], float], i: int) -> float:
    """The CRF's probability that token ``i`` is part of a name: its marginal probability of
    ``B-PER`` plus that of ``I-PER``."""
    return float(marginal(BEGIN, i) + marginal(INSIDE, i))


class NameModel:
    """A loaded CRF with its featurizer; thread-safe (the tagger is guarded by a lock)."""

    def __init__(
        self,
        path: Path,
        lexicons: Lexicons,
        *,
        threshold: float = 0.5,
        uncased_threshold: float | None = None,
        strict_lone_words: bool = False,
        min_probability: float = 0.0,
        rare_surnames: bool = False,
        net: Path | None = None,
        net_weight: float = NET_WEIGHT,
        imperative_objects: frozenset[str] = frozenset(),
        pair_first_names: frozenset[str] | None = None,
        pair_first_name_zipf: tuple[str, float] | None = None,
        name_origins: bool = False,
        foreign_letters: bool = False,
        origin_names: frozenset[str] = frozenset(),
    ) -> None:
        if not path.exists():
            raise FileNotFoundError(f"name detector weights missing: {path}")
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._featurizer = Featurizer(lexicons)
        self._scores = StateScores(path, self._tagger, self._featurizer)
        self._lock = threading.Lock()
        self.threshold = threshold
        self.uncased_threshold = threshold if uncased_threshold is None else uncased_threshold
        self.strict_lone_words = strict_lone_words
        self.min_probability = min_probability
        self.rare_surnames = rare_surnames
        self._net = None if net is None else NameNet(net, self._featurizer)
        self.net_weight = net_weight
        self.imperative_objects = imperative_objects
        # First names of the rare-surname pair rule besides the project's: by default the
        # extra lists the CRF sees as features.
        self.pair_first_names = (
            lexicons.extra_first_names if pair_first_names is None else pair_first_names
        )
        # (language, Zipf): such a first name must be rarer than this in the language.
        self.pair_first_name_zipf = pair_first_name_zipf
        self.name_origins = name_origins
        # pii.ner.lone_names: a rare first name of the pair lists standing alone is a name.
        self.lone_first_names = True
        self.foreign_letters = foreign_letters
        self.origin_names = origin_names  # see pii.ner.name_origins
        self._ordinary_words: dict[str, bool] = {}  # per word: see _ordinary

    @property
    def featurizer(self) -> Featurizer:
        """The featurizer (exposes the lexicons)."""
        return self._featurizer

    def tag(self, words: list[str], line_starts: frozenset[int] = frozenset()) -> list[str]:
        """BIO tags of a token sequence, recall-oriented.

        A token is part of a name when the Viterbi path says so or, for a word, when the
        CRF's marginal probability of ``B-PER`` + ``I-PER`` reaches the threshold
        (``NAME_PROBABILITY``; ``UNCASED_NAME_PROBABILITY`` in a text without capitals); it
        begins a name where the Viterbi path does or where the token before is no name. A
        lone common noun must be a listed name and reach ``NOUN_PROBABILITY``; with
        ``strict_lone_words`` a word is lone unless a neighbour survives the lower-case
        guard, and a common lower-case word capitalised at the start of a sentence counts
        as a noun. With ``min_probability`` > 0 a run of name tokens is
        dropped when one of them is less likely a name than that (off: on the tuning splits
        it cost more recall than it gained precision; bench/ner_tune_precision.py).
        ``line_starts`` are the indices of the tokens that open a new line of the text (see
        ``_rare_surnames``).
        """
        if not words:
            return []
        with self._lock:
            items = self._scores.items(words)
            best = self._tagger.tag(items)
            marginal = self._tagger.marginal

            def crf_probability(i: int) -> float:
                return crf_name_probability(marginal, i)

            # Marginals only where they can add a name: capitalised words, or any word
            # of a text without capitals (in a cased text the lower-case guard would drop
            # an unlisted lower-case word anyway). Saves a third of the tagging time.
            cased = any(w[:1].isupper() for w in words)
            probability = (
                crf_probability
                if self._net is None or len(words) < NET_MIN_TOKENS
                else self._ensemble(words, best, marginal, cased)
            )
            threshold = self.threshold if cased else self.uncased_threshold
            names = [tag != "O" for tag in best]
            for i, word in enumerate(words):
                if not names[i] and (word[:1].isupper() or (not cased and word[:1].isalpha())):
                    names[i] = probability(i) >= threshold
            lexicons = self._featurizer.lexicons
            last = len(words) - 1
            # Strict: a neighbour the lower-case guard will drop ("reale Personen") or
            # punctuation does not make a word part of a longer name.
            strict = self.strict_lone_words
            kept = (
                [n and self._kept_by_guard(w, cased) for n, w in zip(names, words, strict=True)]
                if strict
                else names
            )
            for i in [i for i, name in enumerate(names) if name]:
                if (i and kept[i - 1]) or (i < last and kept[i + 1]):
                    continue
                form = capitalised(words[i])
                if form in lexicons.first_names:
                    continue
                # Strict: a common lower-case word written with a capital only because it
                # starts the sentence ("Rätselhafter erscheint ...") counts as a noun here.
                starts_sentence = i == 0 or words[i - 1] in SENTENCE_MARKS
                if form not in lexicons.nouns and not (
                    strict and starts_sentence and words[i].lower() in lexicons.common
                ):
                    continue
                # A lone common noun is a name only if listed as one ("Koch", "Sommer"),
                # and then only with more certainty; "Herr Bürgermeister" is none.
                names[i] = is_listed_name(form, lexicons) and (probability(i) >= NOUN_PROBABILITY)
            # English (the language with imperative objects): sentence openers used as
            # ordinary words ("Mark the form", "Holly and ivy"; pii.sentence_openers).
            if self.imperative_objects and cased:
                drop_ordinary_openers(words, names, lexicons.function_words)
            elif cased:
                # German: "-ier" imperatives opening a request ("Extrahier aus dem ...").
                drop_german_imperatives(words, names, lexicons.first_names)
            if self.min_probability > 0:
                _drop_unsure_runs(
                    names,
                    probability,
                    self.min_probability,
                )
        if self.rare_surnames:
            self._rare_surnames(words, names, line_starts)
        if cased and self.lone_first_names:
            mark_lone_first_names(words, names, lexicons, self.pair_first_names)
        if self.name_origins:
            mark_names_of_origins(
                words,
                names,
                lexicons,
                cased=cased,
                foreign_letters=self.foreign_letters,
                listed_names=self.origin_names,
            )
        # A word with a digit is an identifier, never a name ("subj-e2e", "A4").
        names = [n and not any(c.isdigit() for c in w) for n, w in zip(names, words, strict=True)]
        self._extend_initials(words, names)
        return [
            "O" if not name else (INSIDE if i and names[i - 1] and best[i] != BEGIN else BEGIN)
            for i, name in enumerate(names)
        ]

    def _ensemble(
        self,
        words: list[str],
        best: list[str],
        crf_marginal: Callable[[str, int], float],
        cased: bool,
    ) -> Callable[[int], float]:
        """Averages the CRF's marginals with the net's probabilities: returns the averaged
        name probability (``B-PER`` + ``I-PER``) of a word and sets ``best`` to the most
        probable label under the average of each word that can be a name (capitalised, or
        any word in a text without capitals).

        Both models alone find fewer names at the same precision than their average does
        (RESULTS_PII.md, third round). Other words keep the CRF's path: a lower-case word in
        a cased text is dropped by the lower-case guard unless listed, and the CRF's
        marginals of every word would cost a third of its tagging time. An ordinary word (a
        common lower-case word of the training data, or Zipf >= ``NET_COMMON_ZIPF`` in the
        German or English frequency list) that is no listed name keeps the CRF's path and
        probability even when written with a capital: the net took "Neu" in "Ich bin Neu
        hier" for a name (0.97), the CRF knows better (0.01). A sentence's first word
        followed by one of ``imperative_objects`` ("Transcribe the voicemail") takes the lower
        of the two models' probabilities, and its label is ``O`` below 0.5.
        """
        assert self._net is not None
        net = self._net.probabilities(words).tolist()
        weight = self.net_weight
        averaged: dict[int, float] = {}
        ordinary = self._ordinary_words
        if len(ordinary) > _ORDINARY_CACHE_LIMIT:
            ordinary.clear()

        objects = self.imperative_objects
        last = len(words) - 1

        def crf_only(i: int) -> bool:
            word = words[i]
            known = ordinary.get(word)
            if known is None:
                known = ordinary[word] = self._ordinary(word)
            return known

        def imperative(i: int) -> bool:
            return (
                i < last and words[i + 1] in objects and (i == 0 or words[i - 1] in SENTENCE_MARKS)
            )

        for i, word in enumerate(words):
            if not (word[:1].isupper() or (not cased and word[:1].isalpha())) or crf_only(i):
                continue
            if imperative(i):
                averaged[i] = min(crf_name_probability(crf_marginal, i), net[i][1] + net[i][2])
                if averaged[i] < 0.5:
                    best[i] = "O"
                continue
            begin = (1 - weight) * crf_marginal(BEGIN, i) + weight * net[i][1]
            inside = (1 - weight) * crf_marginal(INSIDE, i) + weight * net[i][2]
            other = 1 - begin - inside
            averaged[i] = begin + inside
            if other >= begin and other >= inside:
                best[i] = "O"
            else:
                best[i] = BEGIN if begin >= inside else INSIDE

        def probability(i: int) -> float:
            value = averaged.get(i)
            if value is None:
                value = crf_name_probability(crf_marginal, i)
                if not crf_only(i):
                    value = (1 - weight) * value + weight * (net[i][1] + net[i][2])
                averaged[i] = value
            return float(value)

        return probability

    def _ordinary(self, word: str) -> bool:
        """A common lower-case word of the training data, or a word of Zipf >=
        ``NET_COMMON_ZIPF``, that is no listed name (the net's opinion is not asked)."""
        lexicons = self._featurizer.lexicons
        common = word.lower() in lexicons.common or is_common(word, NET_COMMON_ZIPF)
        return common and not is_listed_name(capitalised(word), lexicons)

    def _rare_surnames(
        self, words: list[str], names: list[bool], line_starts: frozenset[int] = frozenset()
    ) -> None:
        """A listed first name followed by a rare capitalised word is a name.

        The CRF's strong O -> O transition misses "Brigitte Weigl" in a plain sentence
        (name probability ~0.02). The pair rule with any capitalised non-noun cost
        precision ("North Carolina"); a surname that is in neither word-frequency list
        (pii.word_frequency) and no German noun is rare enough, written like a surname
        (not "RdNr", "ZTR"; see ``_rare_surname``). First names: the project's, the extra
        (Faker) and the world lists (nam_dict.txt), not German nouns ("Villa"), function
        words or particles ("El", "Le"). A middle initial may stand between the two ("Majid
        R. Awad"), and a second rare word after the surname is part of the name ("Ziba
        Taraneh Ebrahimi": middle name and surname). A pair followed on its line by the head
        word of a namesake or an ordinary capitalised word ("Emmeline Pankhurst Primary",
        "Keir Hardie House") names a place; on the next line (``line_starts``: indices of
        the tokens that open a line) such a word is a signature's job title ("Housing
        Officer").
        """
        lexicons = self._featurizer.lexicons
        first_names, extra = lexicons.first_names, self.pair_first_names
        last = len(words) - 1
        # First names as written (a capitalised word), or in capitals before a surname in
        # capitals ("NAVID VAHIDI"): two or three set look-ups per token, the rest only for
        # pairs.
        candidates = [
            i
            for i, word in enumerate(words[:-1])
            if word[:1].isupper()
            and (
                word in extra
                or word in first_names
                or (word.isupper() and len(word) > 1 and _listed_capitals(word, extra, first_names))
            )
        ]
        for i in candidates:
            # The surname, after a middle initial if there is one ("R.").
            j = i + 2 if i + 2 <= last and _INITIAL.fullmatch(words[i + 1]) else i + 1
            first, surname = words[i], words[j]
            following = words[j + 1] if j < last and j + 1 not in line_starts else ""
            if first.isupper() and len(first) > 1:
                if not surname.isupper():
                    continue
                first, surname, following = (capitalised(w) for w in (first, surname, following))
            if all(names[i : j + 1]) or first.lower() in PARTICLES:
                continue
            if first in lexicons.function_words or first in lexicons.nouns:
                continue
            if not _rare_surname(surname, lexicons):
                continue
            # An everyday word among the extra first names ("Hope", "North") is one only
            # before a word already found as a name ("Hope Mwangi", not "North Carolina").
            if self._common_extra_first_name(first, first_names) and not (
                names[j] and first not in lexicons.places and surname not in lexicons.places
            ):
                continue
            # (A word of the pair the models found already makes it a person's name.)
            if not any(names[i : j + 1]) and _namesake_head(following, lexicons):
                continue
            names[i : j + 1] = [True] * (j + 1 - i)
            if following and _rare_surname(following, lexicons):
                names[j + 1] = True

    def _common_extra_first_name(self, word: str, first_names: frozenset[str]) -> bool:
        """An extra first name, not in the project's lists, at least as common a word as
        ``pair_first_name_zipf`` allows ("North", "French")."""
        if self.pair_first_name_zipf is None or word in first_names:
            return False
        language, limit = self.pair_first_name_zipf
        return zipf(word, language) >= limit

    def _extend_initials(self, words: list[str], names: list[bool]) -> None:
        """An initial found as a name takes the capitalised word after it ("M. Musterfrau").

        Alone, "M." is no name worth a placeholder and leaves the surname to other
        recognizers; the word after an initial the CRF took for a name is its surname unless
        it is a function word or a particle ("M. von Weizsäcker" keeps the particle rule).
        """
        function_words = self._featurizer.lexicons.function_words
        for i in range(len(words) - 1):
            if not names[i] or names[i + 1] or not _INITIAL.fullmatch(words[i]):
                continue
            following = words[i + 1]
            if (
                following[:1].isupper()
                and _NAME_WORD.fullmatch(following)
                and capitalised(following) not in function_words
                and following.lower() not in PARTICLES
            ):
                names[i + 1] = True

    def _kept_by_guard(self, word: str, cased: bool) -> bool:
        """True when a word tagged as a name would survive the lower-case guard."""
        if not word[:1].isalpha():
            return False
        if not cased or not word.islower() or word in PARTICLES:
            return True
        lexicons = self._featurizer.lexicons
        return word not in lexicons.common and is_listed_name(capitalised(word), lexicons)

    def find(self, text: str) -> list[NameSpan]:
        """Names in ``text`` as character spans, ordered by start."""
        # Plain (start, end) pairs instead of Token objects: a third of the time of
        # ``tokenize`` went into building them.
        matches = list(TOKEN.finditer(text))
        if not matches:
            return []
        words = [m.group() for m in matches]
        offsets = [m.span() for m in matches]
        line_starts = (
            frozenset(
                i for i in range(1, len(offsets)) if "\n" in text[offsets[i - 1][1] : offsets[i][0]]
            )
            if "\n" in text
            else frozenset()
        )
        return [
            NameSpan(offsets[first][0], offsets[end - 1][1], score)
            for first, end, score in self._find(words, offsets, line_starts)
        ]

    def find_tokens(self, tokens: list[Token]) -> list[tuple[int, int, float]]:
        """Names as (first token, end token, score), ordered by first token."""
        if not tokens:
            return []
        return self._find([t.text for t in tokens], [(t.start, t.end) for t in tokens])

    def _find(
        self,
        words: list[str],
        offsets: list[tuple[int, int]],
        line_starts: frozenset[int] = frozenset(),
    ) -> list[tuple[int, int, float]]:
        tags = self.tag(words, line_starts)
        if any(w[:1].isupper() for w in words):
            self._guard_lower_case(words, tags)
        ranges = spans_from_tags(words, tags)
        found = [(first, end, MODEL_SCORE) for first, end in ranges]
        found.extend(
            (i, i + 1, CONSISTENCY_SCORE) for i in self._consistent(words, offsets, ranges)
        )
        return sorted(found)

    def _guard_lower_case(self, words: list[str], tags: list[str]) -> None:
        """In a text written with capitals, a lower-case word is a name only if listed.

        The lower-cased training copies teach the CRF that "schmidt" can be a name; in a
        normally written text that would turn "schwarz" or "reicher" into names too. A
        lower-case word stays a name when it is a listed first name or surname and not a
        common lower-case word ("ich heiße anna schmidt").
        """
        lexicons = self._featurizer.lexicons
        last = len(words) - 1
        for i, word in enumerate(words):
            if tags[i] == "O" or not word.islower() or word in PARTICLES:
                continue
            if word not in lexicons.common and is_listed_name(capitalised(word), lexicons):
                continue
            # Between name words it stays ("Catherine of Aragon", "Musée d'Art"): after a
            # name word and before a capitalised one, with only lower-case words of the
            # name between; alone, at an edge or before lower-case words only it goes
            # ("Mark said the form": "said" and "the" are no connector).
            if 0 < i < last and tags[i - 1] != "O" and _connects_capitalised(words, tags, i):
                continue
            tags[i] = "O"
            if i < last and tags[i + 1] == INSIDE:
                tags[i + 1] = BEGIN

    def _consistent(
        self, words: list[str], offsets: list[tuple[int, int]], ranges: list[tuple[int, int]]
    ) -> list[int]:
        """Tokens repeating a word of a multi-token name found elsewhere in the text."""
        lexicons = self._featurizer.lexicons
        # A lower-case word inside a name is a connector ("Emperor of Russia", "Musée
        # d'Art"), never a name to look for elsewhere: in a text written with capitals any
        # lower-case word, in one without them a common word that is no listed name.
        cased = any(w[:1].isupper() for w in words)
        known: set[str] = set()
        for first, end in ranges:
            if end - first >= 2:
                known.update(
                    capitalised(w)
                    for w in words[first:end]
                    if w[:1].isalpha()
                    and w.lower() not in PARTICLES
                    and (
                        w[:1].isupper()
                        if cased
                        else w not in lexicons.common or is_listed_name(capitalised(w), lexicons)
                    )
                )
        if not known:
            return []
        known -= lexicons.function_words
        lower = {w.lower() for w in known}
        # The word itself or its German genitive ("Dobrindts").
        targets = lower | {w + "s" for w in lower}
        covered = {i for first, end in ranges for i in range(first, end)}
        return [
            i
            for i, word in enumerate(words)
            if word.lower() in targets
            and i not in covered
            and not _inside_address(words, offsets, i)
        ]


_LOWER_WORD = re.compile(r"[^\W\d_A-Z]{2,}")
_INITIAL = re.compile(r"[A-ZÄÖÜ]\.")
_NAME_WORD = re.compile(r"[^\W\d_]{2,}(?:['’\-][^\W\d_]+)*")


def _connects_capitalised(words: list[str], tags: list[str], i: int) -> bool:
    """The name tokens after ``words[i]`` reach a capitalised word through lower-case ones,
    or a closing bracket (a title's note, "Peter Andersson ( musician )", as WikiANN labels
    it)."""
    for j in range(i + 1, len(words)):
        if tags[j] != INSIDE:
            return False
        if not words[j].islower():
            return words[j][:1].isupper() or words[j] == ")"
    return False


def may_hold_lower_case_name(text: str) -> bool:
    """True when a lower-case word of ``text`` may be a name: a first name of the project's
    lists ("anna schmidt") or one of the extra lists that is no frequent word (Zipf <
    ``NET_COMMON_ZIPF``: "danke izabela"; the extra lists hold "Will" and "Early"), standing
    free of a code token.

    Lets texts typed entirely in lower case reach the detector past the redactor's fast
    path (which skips texts without capitals, digits or cues). Any rare word (neither
    word-frequency list) let through as well found 1.6 % more names in lower-cased WikiANN-en
    tuning text at 5 % less precision (mostly places and typos): not taken.
    """
    first_names = load_lexicon().first_names
    extra = extra_first_names(MODEL_DIR)
    return any(
        (form := w.capitalize()) in first_names
        or (form in extra and not is_common(w, NET_COMMON_ZIPF) and _free_word(text, match))
        for match in _LOWER_WORD.finditer(text)
        if (w := match.group())
    )


# A word glued to a code token ("tariq.benali", "team_lead", "/home/jana"): the code-name
# rules read those (pii.code_names).
_CODE_GLUE = frozenset("._@/-")


def _free_word(text: str, match: re.Match[str]) -> bool:
    start, end = match.span()
    before = text[start - 1] if start else " "
    after = text[end : end + 2]
    glued_after = len(after) == 2 and after[0] in _CODE_GLUE and after[1].isalnum()
    return before not in _CODE_GLUE and not glued_after


@cache
def extra_first_names(directory: Path) -> frozenset[str]:
    """The extra (Faker) first names of ``directory``, read once per process: one set for the
    German features, the pair and origin rules of every language and the lower-case fast path
    (``may_hold_lower_case_name``, which runs before any model is loaded)."""
    return read_words(directory / EXTRA_FIRST_NAMES_FILE)


def _drop_unsure_runs(names: list[bool], probability: Callable[[int], float], floor: float) -> None:
    """Clears each run of name tokens in which some token's name probability is below ``floor``."""
    i = 0
    while i < len(names):
        if not names[i]:
            i += 1
            continue
        end = i
        while end < len(names) and names[end]:
            end += 1
        if min(probability(k) for k in range(i, end)) < floor:
            names[i:end] = [False] * (end - i)
        i = end


def _surname_shape(word: str) -> bool:
    """ "Weigl", "Müller-Lüdenscheidt": each hyphen part a capital and lower-case letters;
    the first part may be a lower-case particle ("el-Hassan", "al-Amin")."""
    parts = word.split("-")
    if len(parts) > 1 and parts[0] in PARTICLES:
        parts = parts[1:]
    return all(
        len(part) > 1 and part.isalpha() and part[0].isupper() and part[1:].islower()
        for part in parts
    )


_POSSESSIVE = ("'s", "’s")


def _listed_capitals(word: str, *lists: frozenset[str]) -> bool:
    """A word in capitals ("NAVID") whose capitalised form is in one of ``lists``."""
    form = capitalised(word)
    return any(form in names for names in lists)


def _rare_surname(word: str, lexicons: Lexicons) -> bool:
    """A word written like a surname (``_surname_shape``; a possessive ending aside:
    "Vahidi's") that is in neither word-frequency list and no German common noun."""
    if word.endswith(_POSSESSIVE):
        word = word[:-2]
    return _surname_shape(word) and not is_known(word) and capitalised(word) not in lexicons.nouns


def _namesake_head(word: str, lexicons: Lexicons) -> bool:
    """A capitalised word after a name that makes it part of a proper noun: a namesake head
    (pii.lexicon: "School", "Foundation") or an ordinary word (Zipf >= 3 in German or
    English, or a German common noun) that is no listed name ("Primary", "House")."""
    if not word[:1].isupper():
        return False
    if word in NAMESAKE_HEADS:
        return True
    ordinary = is_common(word, NAMESAKE_ZIPF) or capitalised(word) in lexicons.nouns
    return ordinary and word not in lexicons.function_words and not is_listed_name(word, lexicons)


def is_listed_name(word: str, lexicons: Lexicons) -> bool:
    """A capitalised word found in the first-name, surname or harvested name lists."""
    return word in lexicons.first_names or word in lexicons.surnames or word in lexicons.names


def _inside_address(words: list[str], offsets: list[tuple[int, int]], i: int) -> bool:
    """True for "erika" in "erika.mustermann@example.org" (a word glued to "@", "." or "/")."""
    start, end = offsets[i]
    return (i > 0 and offsets[i - 1][1] == start and words[i - 1] in "@./_") or (
        i + 1 < len(words) and offsets[i + 1][0] == end and words[i + 1] in "@./_"
    )


def build_model(language: str, directory: Path = MODEL_DIR) -> NameModel:
    """The model of ``language`` in ``directory`` with the shipped decoding settings.

    Raises:
        FileNotFoundError: ``directory`` holds no weights for ``language``.
    """
    lexicons = build_lexicons(language, directory)
    # The extra (Faker) name lists for the decoding rules of a language whose CRF does not
    # see them as features: the rare-surname pair rule and pii.ner.name_origins. The world
    # first names (nam_dict.txt) serve these rules in every language, never the features.
    pair_first_names = extra_first_names(directory) | read_words(directory / WORLD_FIRST_NAMES_FILE)
    return NameModel(
        model_path(language, directory),
        lexicons,
        threshold=NAME_PROBABILITY[language],
        uncased_threshold=UNCASED_NAME_PROBABILITY[language],
        strict_lone_words=language in STRICT_LONE_WORDS,
        rare_surnames=language in RARE_SURNAME_LANGUAGES,
        net=net_path(language, directory) if language in NET_LANGUAGES else None,
        imperative_objects=IMPERATIVE_OBJECTS.get(language, frozenset()),
        pair_first_names=pair_first_names,
        pair_first_name_zipf=(
            (language, PAIR_FIRST_NAME_MAX_ZIPF[language])
            if language in PAIR_FIRST_NAME_MAX_ZIPF
            else None
        ),
        name_origins=language in NAME_ORIGIN_LANGUAGES,
        foreign_letters=language in FOREIGN_LETTER_LANGUAGES,
        origin_names=(
            pair_first_names | read_words(directory / EXTRA_SURNAMES_FILE)
            if language in FOREIGN_LETTER_LANGUAGES
            else frozenset()
        ),
    )


@cache
def load_model(language: str) -> NameModel:
    """The shipped model of ``language`` (loaded once per process).

    Raises:
        FileNotFoundError: the package ships no weights for ``language``.
    """
    return build_model(language)
