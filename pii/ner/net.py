"""The name detector's second opinion: a small convolutional tagger run in plain numpy.

Its name probabilities are averaged with the CRF's marginals (``NameModel.tag``): the two
models know different things (RESULTS_PII.md, "Third round: a smaller net in the
ensemble"). The net sees per word what the CRF's featurizer knows (the word's own features:
shape, Brown cluster prefixes, name/place/noun/frequency flags) plus a lower-cased word
embedding and a char CNN; three width-3 convolutions over the sentence and a softmax over
``O``/``B-PER``/``I-PER``. It is trained in PyTorch (``pii.ner.net_training``, training
only) and shipped as a ``.npz`` of weights and vocabularies, so tagging needs no new
dependency.

Speed: everything up to the first convolution depends on the word alone, so each distinct
word's share of the first layer (its vector times the layer's three kernel slices) is
computed once and cached, as the CRF's state scores are (``pii.ner.scoring``). Per token
there remain two ``C x 3C`` layers and the output layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pii.ner.features import Featurizer

LABELS = ("O", "B-PER", "I-PER")
PAD, UNKNOWN = 0, 1
MAX_CHARS = 16
CLUSTER_KEYS = ("c4", "c6", "c10", "c20")
# Own features of the CRF's featurizer that the net gets as embeddings (shape, clusters) or
# not at all (the word itself and its affixes: the word embedding and the char CNN cover
# them); every other own feature is a 0/1 flag.
_VALUES = ("sh=", *(k + "=" for k in CLUSTER_KEYS))
_NOT_FLAGS = ("w=", "p3=", "s2=", "s3=", "s4=", *_VALUES)
# Words whose first-layer part is cached (768 bytes each at 64 channels: ~13 MB); past it
# the cache starts over (recomputing a word costs ~20 µs).
_CACHE_LIMIT = 16_384
# Multiply-adds per matrix product below OpenBLAS's threading threshold (see _product).
_SINGLE_THREAD_PRODUCT = 200_000


def split_features(own: Sequence[str]) -> tuple[str, list[str], list[str]]:
    """Shape, cluster prefixes and flags among a word's own CRF features."""
    values = dict(f.split("=", 1) for f in own if f.startswith(_VALUES))
    flags = [f for f in own if not f.startswith(_NOT_FLAGS)]
    return values.get("sh", ""), [values.get(k, "-") for k in CLUSTER_KEYS], flags


@dataclass(frozen=True, slots=True)
class NetVocabulary:
    """Symbol -> id tables (0 = padding, 1 = unknown) and the flag columns."""

    words: dict[str, int]
    chars: dict[str, int]
    shapes: dict[str, int]
    clusters: tuple[dict[str, int], ...]  # one table per CLUSTER_KEYS entry
    flags: dict[str, int]


@dataclass(frozen=True, slots=True)
class WordInputs:
    """The context-free inputs of a list of words (one row per word)."""

    words: np.ndarray  # [N] int64
    chars: np.ndarray  # [N, MAX_CHARS] int64
    shapes: np.ndarray  # [N] int64
    clusters: np.ndarray  # [N, 4] int64
    flags: np.ndarray  # [N, F] float32


def word_inputs(vocab: NetVocabulary, featurizer: Featurizer, words: Sequence[str]) -> WordInputs:
    """Looks up the inputs of ``words`` (flags, shape and clusters from ``featurizer``)."""
    n = len(words)
    out = WordInputs(
        np.zeros(n, np.int64),
        np.zeros((n, MAX_CHARS), np.int64),
        np.zeros(n, np.int64),
        np.zeros((n, len(CLUSTER_KEYS)), np.int64),
        np.zeros((n, len(vocab.flags)), np.float32),
    )
    for row, word in enumerate(words):
        shape, paths, flags = split_features(featurizer.word_features(word)[0])
        out.words[row] = vocab.words.get(word.lower(), UNKNOWN)
        chars = [vocab.chars.get(c, UNKNOWN) for c in word[:MAX_CHARS]]
        out.chars[row, : len(chars)] = chars
        out.shapes[row] = vocab.shapes.get(shape, UNKNOWN)
        out.clusters[row] = [
            table.get(path, UNKNOWN) for table, path in zip(vocab.clusters, paths, strict=True)
        ]
        for flag in flags:
            column = vocab.flags.get(flag)
            if column is not None:
                out.flags[row, column] = 1.0
    return out


def _symbols(table: dict[str, int]) -> np.ndarray:
    """A symbol table as an array in id order (ids start at 2)."""
    return np.array(sorted(table, key=table.__getitem__), dtype=str)


def _table(symbols: np.ndarray, start: int = 2) -> dict[str, int]:
    return {str(s): i for i, s in enumerate(symbols.tolist(), start=start)}


def vocabulary_arrays(vocab: NetVocabulary) -> dict[str, np.ndarray]:
    """The vocabulary as named arrays of the weights file."""
    arrays = {
        "vocab_words": _symbols(vocab.words),
        "vocab_chars": _symbols(vocab.chars),
        "vocab_shapes": _symbols(vocab.shapes),
        "vocab_flags": np.array(sorted(vocab.flags, key=vocab.flags.__getitem__), dtype=str),
    }
    for key, table in zip(CLUSTER_KEYS, vocab.clusters, strict=True):
        arrays[f"vocab_{key}"] = _symbols(table)
    return arrays


def _conv_matrix(weight: np.ndarray) -> np.ndarray:
    """A torch Conv1d weight [out, in, 3] as the matrix of [x(t-1), x(t), x(t+1)] -> out."""
    return np.ascontiguousarray(weight.transpose(2, 1, 0).reshape(-1, weight.shape[0]))


def _product(x: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``x @ matrix`` in row blocks small enough for OpenBLAS to run each in the calling
    thread.

    A text's products (~2 M multiply-adds) are above OpenBLAS's threading threshold
    (65,536 x 4); its worker threads then cost more CPU than they save (69 vs. 45 µs for
    164 x 192 @ 192 x 64, all threads counted), and limiting the threads per call
    (threadpoolctl) cost ~0.3 ms per text in the gateway. Blocks need no global setting.

    The probabilities depend on the block size in their last digits (~1e-6): OpenBLAS's
    single-precision product of a row is not the same for every number of rows multiplied
    with it. Changing ``_SINGLE_THREAD_PRODUCT``, numpy/OpenBLAS or the CPU can therefore
    move a score by that much (``bench/redaction_equality.py`` digests are tied to the
    stack); the torch reference test allows 1e-5. For the same reason the net cannot be run
    on a subset of a text's words to save time without changing outputs.
    """
    rows = max(1, _SINGLE_THREAD_PRODUCT // (matrix.shape[0] * matrix.shape[1]))
    if len(x) <= rows:
        product: np.ndarray = x @ matrix
        return product
    out = np.empty((len(x), matrix.shape[1]), np.float32)
    for start in range(0, len(x), rows):
        np.matmul(x[start : start + rows], matrix, out=out[start : start + rows])
    return out


def _windows(x: np.ndarray) -> np.ndarray:
    """Rows [x(t-1), x(t), x(t+1)] of a sequence [T, C], zero beyond the ends."""
    padded = np.zeros((len(x) + 2, x.shape[1]), x.dtype)
    padded[1:-1] = x
    return np.concatenate([padded[:-2], padded[1:-1], padded[2:]], axis=1)


class NameNet:
    """The loaded net with a per-word cache of its first layer. Not thread-safe (the cache
    grows): ``NameModel`` calls it under its lock.

    Raises:
        FileNotFoundError: the weights file is missing.
        KeyError: the weights file lacks an array (not a net of this format).
    """

    def __init__(self, path: Path, featurizer: Featurizer) -> None:
        if not path.exists():
            raise FileNotFoundError(f"name detector net weights missing: {path}")
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        self.vocab = NetVocabulary(
            words=_table(arrays["vocab_words"]),
            chars=_table(arrays["vocab_chars"]),
            shapes=_table(arrays["vocab_shapes"]),
            clusters=tuple(_table(arrays[f"vocab_{key}"]) for key in CLUSTER_KEYS),
            flags=_table(arrays["vocab_flags"], start=0),
        )
        self._featurizer = featurizer
        f32 = np.float32
        self._word_embedding = arrays["word_embedding"].astype(f32)
        self._char_embedding = arrays["char_embedding"].astype(f32)
        self._char_conv = _conv_matrix(arrays["char_conv_weight"].astype(f32))
        self._char_bias = arrays["char_conv_bias"].astype(f32)
        self._shape_embedding = arrays["shape_embedding"].astype(f32)
        self._cluster_embeddings = [
            arrays[f"cluster_embedding_{k}"].astype(f32) for k in CLUSTER_KEYS
        ]
        layers = int(arrays["conv_layers"])
        first = arrays["conv0_weight"].astype(f32)  # [C, D, 3]
        # The first layer per word: its vector times each kernel slice, [D, 3C].
        self._first = np.ascontiguousarray(
            np.concatenate([first[:, :, k].T for k in range(3)], axis=1)
        )
        self._first_bias = arrays["conv0_bias"].astype(f32)
        self._channels = first.shape[0]
        self._convs = [
            (
                _conv_matrix(arrays[f"conv{i}_weight"].astype(f32)),
                arrays[f"conv{i}_bias"].astype(f32),
            )
            for i in range(1, layers)
        ]
        self._out = np.ascontiguousarray(arrays["out_weight"].astype(f32).T)
        self._out_bias = arrays["out_bias"].astype(f32)
        self._rows: dict[str, int] = {}
        self._table = np.zeros((1024, 3 * self._channels), f32)

    def word_vectors(self, words: Sequence[str]) -> np.ndarray:
        """The input vectors [N, D] of ``words`` (word embedding, char CNN, shape, clusters,
        flags), as the training's word encoder computes them."""
        inputs = word_inputs(self.vocab, self._featurizer, words)
        chars = self._char_embedding[inputs.chars]  # [N, L, E]
        n, length, size = chars.shape
        padded = np.zeros((n, length + 2, size), np.float32)
        padded[:, 1:-1] = chars
        windows = np.concatenate(
            [padded[:, :-2], padded[:, 1:-1], padded[:, 2:]], axis=2
        )  # [N, L, 3E]
        flat = _product(windows.reshape(n * length, -1), self._char_conv).reshape(n, length, -1)
        char_features = np.maximum(flat + self._char_bias, 0).max(axis=1)
        parts = [
            self._word_embedding[inputs.words],
            char_features,
            self._shape_embedding[inputs.shapes],
        ]
        parts += [table[inputs.clusters[:, i]] for i, table in enumerate(self._cluster_embeddings)]
        return np.concatenate([*parts, inputs.flags], axis=1).astype(np.float32)

    def _rows_of(self, words: Sequence[str]) -> list[int]:
        """Table rows of ``words``; first-layer parts of unseen words are computed now."""
        if len(self._rows) > _CACHE_LIMIT:
            self._rows.clear()  # rows are then reused; never within one call
        missing = sorted({w for w in words if w not in self._rows})
        if missing:
            start = len(self._rows)
            needed = start + len(missing)
            if needed > len(self._table):
                size = max(needed, min(2 * len(self._table), _CACHE_LIMIT))
                grown = np.zeros((size, self._table.shape[1]), np.float32)
                grown[: len(self._table)] = self._table
                self._table = grown
            self._table[start:needed] = _product(self.word_vectors(missing), self._first)
            self._rows.update(zip(missing, range(start, needed), strict=True))
        rows = self._rows
        return [rows[w] for w in words]

    def probabilities(self, words: Sequence[str]) -> np.ndarray:
        """[T, 3] softmax probabilities of ``O``, ``B-PER``, ``I-PER`` per word."""
        if not words:
            return np.zeros((0, len(LABELS)), np.float32)
        c = self._channels
        rows = self._rows_of(words)  # first: it may replace the table
        parts = self._table[rows]  # [T, 3C]: kernel slices 0, 1, 2
        x = parts[:, c : 2 * c] + self._first_bias
        x[1:] += parts[:-1, :c]  # slice 0 sees the word before
        x[:-1] += parts[1:, 2 * c :]  # slice 2 the word after
        x = np.maximum(x, 0)
        for matrix, bias in self._convs:
            x = np.maximum(_product(_windows(x), matrix) + bias, 0)
        scores = x @ self._out + self._out_bias
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities: np.ndarray = scores / scores.sum(axis=1, keepdims=True)
        return probabilities
