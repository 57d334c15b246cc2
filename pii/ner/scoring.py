"""The CRF's state scores computed per word, handed to crfsuite as three attributes.

A linear-chain CRF scores label ``y`` at a token as the sum of the weights ``W[a, y]`` of the
token's attributes. The features of a token are its own word's plus its neighbours' (each
a function of that neighbour's word and offset), so that sum splits into per-word parts
that are computed once per distinct word and cached (:class:`StateScores`).

crfsuite has no entry point for ready state scores, and turning ~20 feature strings per
token into its attribute ids was most of its tagging time. Any score vector over the three
labels is a combination ``c1 W[b1] + c2 W[b2] + c3 W[b3]`` of three attributes of the model
whose weight vectors are linearly independent (the *basis*); crfsuite accepts real-valued
attributes, so each token becomes ``{b1: c1, b2: c2, b3: c3}``. Viterbi path and marginals
are those of the full feature lists up to floating-point rounding
(``tests/unit/pii/test_ner_scoring.py`` checks both on a sample).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import cast

import numpy as np
import pycrfsuite

from pii.ner.features import Featurizer

# Worst accepted condition number of the basis: keeps the rounding error of the
# coefficients near machine precision.
_MAX_CONDITION = 100.0
_CACHE_LIMIT = 100_000
# crfsuite's model file (lib/crf/src/crf1d_model.c), little-endian on the platforms we run.
_HEADER = "<4sI4sIIIII"  # magic, size, type, version, #features, #labels, #attrs, features
_CHUNK = "<4sII"  # "FEAT", chunk size, number of features
_FEATURE = "<IIId"  # type, source, target, weight
_STATE_FEATURE = 0


def state_weights(
    path: Path, info: pycrfsuite.ParsedDump
) -> tuple[tuple[str, ...], dict[str, np.ndarray]]:
    """The labels (in crfsuite's order) and each attribute's weight vector over them.

    The weights are read from the model file itself (crfsuite's "FOMC" format: a header,
    then a "FEAT" chunk of (type, source, target, weight) records): the text dump behind
    ``Tagger.info()`` rounds them to six decimals. ``info`` names the ids.

    Raises:
        ValueError: the file is not a crfsuite CRF model.
    """
    data = path.read_bytes()
    magic, _, kind, _, _, _, _, features = struct.unpack_from(_HEADER, data)
    chunk, _, count = struct.unpack_from(_CHUNK, data, features)
    if magic != b"lCRF" or kind != b"FOMC" or chunk != b"FEAT":
        raise ValueError(f"not a crfsuite CRF model: {path.name}")
    labels = tuple(sorted(info.labels, key=lambda label: int(info.labels[label])))
    attributes = {int(i): attribute for attribute, i in info.attributes.items()}
    weights: dict[str, np.ndarray] = {}
    offset = features + struct.calcsize(_CHUNK)
    for kind_id, source, target, weight in struct.iter_unpack(
        _FEATURE, data[offset : offset + count * struct.calcsize(_FEATURE)]
    ):
        if kind_id != _STATE_FEATURE:
            continue  # transitions stay with crfsuite
        vector = weights.get(attributes[source])
        if vector is None:
            vector = weights[attributes[source]] = np.zeros(len(labels))
        vector[target] = weight
    return labels, weights


def choose_basis(weights: Mapping[str, np.ndarray], size: int) -> tuple[str, ...]:
    """For each label, the attribute that weighs most on it and least on the others.

    Raises:
        ValueError: the chosen vectors are (nearly) linearly dependent.
    """

    def purity(attribute: str, label: int) -> tuple[float, str]:
        vector = np.abs(weights[attribute])
        return (2 * vector[label] - vector.sum(), attribute)

    basis = tuple(max(weights, key=lambda a: purity(a, label)) for label in range(size))
    matrix = np.array([weights[a] for a in basis]).T
    if len(set(basis)) < size or np.linalg.cond(matrix) > _MAX_CONDITION:
        raise ValueError("the model has no well-conditioned attribute basis")
    return basis


class StateScores:
    """Turns words into crfsuite items of three real-valued basis attributes.

    Not thread-safe (the table grows): callers hold the tagger's lock.
    """

    def __init__(self, path: Path, tagger: pycrfsuite.Tagger, featurizer: Featurizer) -> None:
        labels, self._weights = state_weights(path, tagger.info())
        self._basis = choose_basis(self._weights, len(labels))
        matrix = np.array([self._weights[a] for a in self._basis]).T
        # Coefficients of a score vector s in the basis: inverse @ s.
        self._inverse = np.linalg.inv(matrix)
        self._featurizer = featurizer
        # Row r of the table: a word's own part, then its part as seen from offsets
        # -2, -1, +1, +2 (basis coefficients); the dict gives each cached word its row.
        self._rows: dict[str, int] = {}
        self._table = np.zeros((1024, 5, len(labels)))
        none = featurizer.none_features
        self._none = [self._coefficients(features) for features in none]
        self._start = self._coefficients(featurizer.start_features)

    def _coefficients(self, features: Sequence[str]) -> np.ndarray:
        score = np.zeros(len(self._inverse))
        for feature in features:
            vector = self._weights.get(feature)
            if vector is not None:
                score += vector
        return self._inverse @ score

    def _row(self, word: str) -> int:
        """The table row of ``word``, computed on first sight."""
        row = self._rows.get(word)
        if row is None:
            row = len(self._rows)
            if row == len(self._table):
                self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            parts = self._featurizer.word_features(word)
            self._table[row] = [self._coefficients(p) for p in parts]
            self._rows[word] = row
        return row

    def items(self, words: Sequence[str]) -> list[dict[str, float]]:
        """One crfsuite item per word: the basis coefficients of its state scores."""
        n = len(words)
        if not n:
            return []
        if len(self._rows) > _CACHE_LIMIT:
            self._rows.clear()  # rows are then reused; never within one call
        known = self._rows.get
        seen = [known(w) for w in words]
        rows = cast("list[int]", seen) if None not in seen else [self._row(w) for w in words]
        parts = self._table[rows]
        total = parts[:, 0].copy()
        # As in Featurizer.items: token i adds what word i-2 shows at offset -2, ...
        total[2:] += parts[:-2, 1]
        total[1:] += parts[:-1, 2]
        total[:-1] += parts[1:, 3]
        total[:-2] += parts[2:, 4]
        total[: min(2, n)] += self._none[0]
        total[:1] += self._none[1]
        total[-1:] += self._none[2]
        total[max(n - 2, 0) :] += self._none[3]
        ends = self._featurizer.sentence_ends
        starts = [0, *(i + 1 for i, w in enumerate(words[:-1]) if w in ends)]
        total[starts] += self._start
        b1, b2, b3 = self._basis
        return [{b1: x, b2: y, b3: z} for x, y, z in total.tolist()]
