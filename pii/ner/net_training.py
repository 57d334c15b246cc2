"""Trains the name detector's net (``pii.ner.net``) in PyTorch and writes it as ``.npz``.

Training only: torch is no dependency of the package (the gateway tags with numpy), so
``leitplanke pii train`` needs it installed by hand (``pip install torch==2.13.0``) for the
languages in ``pii.ner.model.NET_LANGUAGES`` and says so when it is missing.

Data: the CRF's training split of the language (``pii.ner.training``: PER-only tags, the
same seeded shuffle, jackknifed harvested name list, surname-cut and re-cased copies), less
a seeded slice of ``VALIDATION_SENTENCES`` held back for early stopping (entity F1 of the
bare net, patience 2). One torch thread, seeded: the same weights on every run (on the
shared two-core machine a second thread made steps slower, not faster).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from pii.lexicon import load_lexicon
from pii.ner.corpus import LabelledSentence
from pii.ner.features import Featurizer, Token
from pii.ner.model import build_lexicons, spans_from_tags
from pii.ner.name_pools import FIRST_NAMES, SURNAMES
from pii.ner.net import (
    CLUSTER_KEYS,
    LABELS,
    PAD,
    NameNet,
    NetVocabulary,
    WordInputs,
    split_features,
    vocabulary_arrays,
    word_inputs,
)
from pii.ner.training import (
    SEED,
    PersonScore,
    augment,
    common_words,
    harvest_names,
    name_list,
    person_only,
    score_model,
)

VALIDATION_SENTENCES = 1500
WORD_MIN_COUNT = 2
CHAR_MIN_COUNT = 5
BATCH_SENTENCES = 32
MAX_EPOCHS = 12


@dataclass(frozen=True, slots=True)
class Sizes:
    """Network dimensions: small, for CPU tagging (RESULTS_PII.md, third round)."""

    word: int = 64
    char: int = 25
    char_filters: int = 40
    shape: int = 8
    cluster: int = 12
    channels: int = 64
    layers: int = 3
    dropout: float = 0.3


def build_vocabulary(
    featurizers: Sequence[Featurizer], sentences: Sequence[LabelledSentence]
) -> NetVocabulary:
    """Symbol tables from the training sentences (words seen ``WORD_MIN_COUNT`` times)."""
    counts = Counter(t.lower() for s in sentences for t in s.tokens)
    chars = Counter(c for s in sentences for t in s.tokens for c in t)
    types = {t for s in sentences for t in s.tokens}
    shapes: set[str] = set()
    clusters: list[set[str]] = [set() for _ in CLUSTER_KEYS]
    flags: set[str] = set()
    for featurizer in featurizers:
        for word in types:
            shape, paths, own_flags = split_features(featurizer.word_features(word)[0])
            shapes.add(shape)
            for seen, path in zip(clusters, paths, strict=True):
                seen.add(path)
            flags.update(own_flags)
    return NetVocabulary(
        words=_ids(w for w, n in counts.items() if n >= WORD_MIN_COUNT),
        chars=_ids(c for c, n in chars.items() if n >= CHAR_MIN_COUNT),
        shapes=_ids(shapes),
        clusters=tuple(_ids(seen) for seen in clusters),
        flags={f: i for i, f in enumerate(sorted(flags))},
    )


def _ids(symbols: object) -> dict[str, int]:
    return {s: i for i, s in enumerate(sorted(symbols), start=2)}  # type: ignore[call-overload]


def _tensors(inputs: WordInputs) -> tuple[torch.Tensor, ...]:
    return tuple(
        torch.from_numpy(a)
        for a in (inputs.words, inputs.chars, inputs.shapes, inputs.clusters, inputs.flags)
    )


class WordEncoder(nn.Module):
    """Word embedding + char CNN + shape + cluster prefixes + CRF flags -> one vector."""

    def __init__(self, vocab: NetVocabulary, sizes: Sizes) -> None:
        super().__init__()
        self.words = nn.Embedding(len(vocab.words) + 2, sizes.word, padding_idx=PAD)
        self.chars = nn.Embedding(len(vocab.chars) + 2, sizes.char, padding_idx=PAD)
        self.char_cnn = nn.Conv1d(sizes.char, sizes.char_filters, 3, padding=1)
        self.shapes = nn.Embedding(len(vocab.shapes) + 2, sizes.shape)
        self.clusters = nn.ModuleList(
            nn.Embedding(len(table) + 2, sizes.cluster) for table in vocab.clusters
        )
        self.dim = (
            sizes.word
            + sizes.char_filters
            + sizes.shape
            + sizes.cluster * len(CLUSTER_KEYS)
            + len(vocab.flags)
        )

    def forward(
        self,
        words: torch.Tensor,
        chars: torch.Tensor,
        shapes: torch.Tensor,
        clusters: torch.Tensor,
        flags: torch.Tensor,
    ) -> torch.Tensor:
        char_vectors = self.chars(chars).transpose(1, 2)  # [N, C, L]
        char_features = torch.relu(self.char_cnn(char_vectors)).max(dim=2).values
        parts = [self.words(words), char_features, self.shapes(shapes)]
        parts += [table(clusters[:, i]) for i, table in enumerate(self.clusters)]
        return torch.cat([*parts, flags], dim=1)


class ConvEncoder(nn.Module):
    """Word vectors of a sentence [B, T, D] -> label scores [B, T, 3]."""

    def __init__(self, dim: int, sizes: Sizes) -> None:
        super().__init__()
        self.dropout = nn.Dropout(sizes.dropout)
        width = sizes.channels
        self.convs = nn.ModuleList(
            nn.Conv1d(dim if i == 0 else width, width, 3, padding=1) for i in range(sizes.layers)
        )
        self.out = nn.Linear(width, len(LABELS))

    def forward(self, vectors: torch.Tensor) -> torch.Tensor:
        # Padding positions are zero vectors, as the convolution's own zero padding at the
        # ends of a sentence (the numpy tagger sees a single sentence without padding).
        x = self.dropout(vectors).transpose(1, 2)
        for conv in self.convs:
            x = torch.relu(conv(x))
        scores: torch.Tensor = self.out(self.dropout(x.transpose(1, 2)))
        return scores


@dataclass(slots=True)
class TrainedNet:
    """The trained modules, their vocabulary and the training figures."""

    vocab: NetVocabulary
    words: WordEncoder
    seq: ConvEncoder
    stats: dict[str, float]

    def arrays(self) -> dict[str, np.ndarray]:
        """The weights file's arrays (read by ``pii.ner.net.NameNet``)."""
        w, s = self.words, self.seq
        arrays = vocabulary_arrays(self.vocab)
        arrays["conv_layers"] = np.array(len(s.convs))
        tensors: dict[str, Any] = {
            "word_embedding": w.words.weight,
            "char_embedding": w.chars.weight,
            "char_conv_weight": w.char_cnn.weight,
            "char_conv_bias": w.char_cnn.bias,
            "shape_embedding": w.shapes.weight,
            "out_weight": s.out.weight,
            "out_bias": s.out.bias,
            **{
                f"cluster_embedding_{k}": t.weight
                for k, t in zip(CLUSTER_KEYS, w.clusters, strict=True)
            },
            **{f"conv{i}_weight": c.weight for i, c in enumerate(s.convs)},
            **{f"conv{i}_bias": c.bias for i, c in enumerate(s.convs)},
        }
        arrays.update({k: v.detach().numpy().astype(np.float32) for k, v in tensors.items()})
        return arrays

    def save(self, path: Path) -> None:
        """Writes the weights file (compressed ``.npz``, no pickled objects)."""
        np.savez_compressed(path, **self.arrays())  # type: ignore[arg-type]

    def probabilities(self, featurizer: Featurizer, words: Sequence[str]) -> np.ndarray:
        """[T, 3] softmax probabilities computed by torch (reference for the numpy tagger)."""
        with torch.no_grad():
            inputs = _tensors(word_inputs(self.vocab, featurizer, words))
            scores = self.seq(self.words(*inputs)[None])[0]
            return torch.softmax(scores, dim=1).numpy()


EXPORT_TOLERANCE = 1e-5
EXPORT_CHECK_SENTENCES = 200


def check_export(
    net: TrainedNet, path: Path, featurizer: Featurizer, sentences: Sequence[LabelledSentence]
) -> float:
    """The largest difference between torch's probabilities and those of the numpy tagger
    reading the written weights file, over the first sentences.

    Raises:
        ValueError: the two differ by more than EXPORT_TOLERANCE (a broken export).
    """
    loaded = NameNet(path, featurizer)
    worst = 0.0
    for sentence in sentences[:EXPORT_CHECK_SENTENCES]:
        words = list(sentence.tokens)
        difference = np.abs(loaded.probabilities(words) - net.probabilities(featurizer, words))
        worst = max(worst, float(difference.max()))
    if worst > EXPORT_TOLERANCE:
        raise ValueError(f"numpy tagger differs from torch by {worst:.2e} (> {EXPORT_TOLERANCE})")
    return worst


def jackknifed_featurizers(
    language: str, train: list[LabelledSentence]
) -> tuple[Featurizer, Featurizer, Featurizer]:
    """Featurizers of the two training halves and of the validation slice, as
    ``pii.ner.training.train_language`` builds them for the CRF: each half sees the names
    harvested from the other half only."""
    base = load_lexicon()
    halves = (train[0::2], train[1::2])
    pool = frozenset(FIRST_NAMES) | frozenset(SURNAMES)
    common_nouns = base.nouns - base.first_names - base.surnames
    name_sets = [
        (name_list(*harvest_names(h), base.function_words) - common_nouns) | pool for h in halves
    ]
    lexicons = replace(build_lexicons(language), common=common_words(train))
    return (
        Featurizer(replace(lexicons, names=name_sets[1])),
        Featurizer(replace(lexicons, names=name_sets[0])),
        Featurizer(replace(lexicons, names=name_sets[0] | name_sets[1])),
    )


Encoded = tuple[tuple[int, ...], tuple[int, ...]]


class _TypeTable:
    """Distinct (featurizer, word) pairs of the training data: each word's inputs once."""

    def __init__(self) -> None:
        self.rows: dict[tuple[int, str], int] = {}

    def encode(self, which: int, sentence: LabelledSentence) -> Encoded:
        rows = []
        for word in sentence.tokens:
            rows.append(self.rows.setdefault((which, word), len(self.rows)))
        return tuple(rows), tuple(LABELS.index(t) for t in sentence.tags)

    def inputs(self, vocab: NetVocabulary, featurizers: Sequence[Featurizer]) -> WordInputs:
        """Inputs of every row, in row order (looked up per featurizer, then reordered)."""
        keys = sorted(self.rows, key=self.rows.__getitem__)
        groups = sorted({which for which, _ in keys})
        parts = [
            word_inputs(vocab, featurizers[g], [word for which, word in keys if which == g])
            for g in groups
        ]
        # Row order within the concatenated groups: a stable sort by group.
        order = np.argsort(np.array([which for which, _ in keys]), kind="stable")
        position = np.empty(len(keys), np.int64)
        position[order] = np.arange(len(keys))
        return WordInputs(
            *(
                np.concatenate([getattr(p, f) for p in parts])[position]
                for f in WordInputs.__slots__
            )
        )


def _batches(data: list[Encoded], size: int, rng: random.Random) -> list[list[Encoded]]:
    """Shuffled batches of sentences of similar length (less padding)."""
    data = list(data)
    rng.shuffle(data)
    out = []
    for start in range(0, len(data), size * 50):
        pool = sorted(data[start : start + size * 50], key=lambda d: len(d[0]))
        out += [pool[i : i + size] for i in range(0, len(pool), size)]
    rng.shuffle(out)
    return out


def _run_batch(
    words: WordEncoder, seq: ConvEncoder, table: tuple[torch.Tensor, ...], batch: list[Encoded]
) -> tuple[torch.Tensor, torch.Tensor]:
    """Scores [B, T, 3] and gold labels [B, T] (-100 at padding) of a batch."""
    rows = sorted({r for sentence, _ in batch for r in sentence})
    local = {r: i for i, r in enumerate(rows)}
    picked = torch.tensor(rows)
    vectors = words(*(t[picked] for t in table))
    longest = max(len(s) for s, _ in batch)
    index = torch.zeros(len(batch), longest, dtype=torch.long)
    gold = torch.full((len(batch), longest), -100, dtype=torch.long)
    for b, (sentence, tags) in enumerate(batch):
        index[b, : len(sentence)] = torch.tensor([local[r] for r in sentence])
        gold[b, : len(tags)] = torch.tensor(tags)
    mask = (gold != -100).unsqueeze(2).float()
    return seq(vectors[index] * mask), gold


def _bare_finder(
    net: TrainedNet, featurizer: Featurizer
) -> Callable[[list[Token]], list[tuple[int, int, float]]]:
    """Names where the net's P(B) + P(I) >= 0.5 (early stopping only)."""

    def find(tokens: list[Token]) -> list[tuple[int, int, float]]:
        words = [t.text for t in tokens]
        if not words:
            return []
        tags: list[str] = []
        for i, (_, begin, inside) in enumerate(net.probabilities(featurizer, words)):
            name = begin + inside >= 0.5
            tags.append("O" if not name else LABELS[2] if i and tags[-1] != "O" else LABELS[1])
        return [(s, e, 1.0) for s, e in spans_from_tags(words, tags)]

    return find


def _f1(score: PersonScore) -> float:
    total = score.recall + score.precision
    return 2 * score.recall * score.precision / total if total else 0.0


def train_net(
    language: str,
    sentences: list[LabelledSentence],
    *,
    sizes: Sizes = Sizes(),
    limit: int | None = None,
    log: Callable[[str], None] = print,
) -> TrainedNet:
    """Trains the net on ``sentences`` (the language's training split), seeded."""
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    shuffled = [person_only(s) for s in sentences]
    rng.shuffle(shuffled)
    if limit is not None:
        shuffled = shuffled[:limit]
    cut = min(VALIDATION_SENTENCES, len(shuffled) // 5)
    validation, train = shuffled[:cut], shuffled[cut:]
    featurizers = jackknifed_featurizers(language, train)
    halves = (train[0::2], train[1::2])
    copies = [augment(h, rng) for h in halves]
    vocab = build_vocabulary(featurizers[:2], copies[0] + copies[1])
    table = _TypeTable()
    data = [table.encode(which, s) for which in (0, 1) for s in copies[which]]
    inputs = _tensors(table.inputs(vocab, featurizers))
    words = WordEncoder(vocab, sizes)
    seq = ConvEncoder(words.dim, sizes)
    parameters = [*words.parameters(), *seq.parameters()]
    log(
        f"{language} net: {len(data)} sentences (with copies), {len(table.rows)} word types, "
        f"{len(vocab.words)} words, {len(vocab.flags)} flags, "
        f"{sum(p.numel() for p in parameters)} parameters"
    )
    optimizer = torch.optim.Adam(parameters, lr=2e-3)
    loss_of = nn.CrossEntropyLoss(ignore_index=-100)
    net = TrainedNet(vocab, words, seq, {})
    best: tuple[float, int, dict[str, torch.Tensor], dict[str, torch.Tensor]] | None = None
    started, cpu_started = time.monotonic(), time.process_time()
    patience = epoch = 0
    while epoch < MAX_EPOCHS and patience < 2:
        epoch += 1
        words.train()
        seq.train()
        total = 0.0
        for batch in _batches(data, BATCH_SENTENCES, rng):
            scores, gold = _run_batch(words, seq, inputs, batch)
            loss = loss_of(scores.reshape(-1, len(LABELS)), gold.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(parameters, 5.0)
            optimizer.step()
            total += loss.item()
        words.eval()
        seq.eval()
        f1 = _f1(score_model(_bare_finder(net, featurizers[2]), validation))
        log(
            f"{language} net epoch {epoch}: loss {total:.1f}, held-back F1 {f1:.3f}, "
            f"{time.monotonic() - started:.0f} s"
        )
        if best is None or f1 > best[0]:
            best = (f1, epoch, _copy(words), _copy(seq))
            patience = 0
        else:
            patience += 1
    assert best is not None
    words.load_state_dict(best[2])
    seq.load_state_dict(best[3])
    net.stats = {
        "epochs": epoch,
        "best_epoch": best[1],
        "validation_f1": round(best[0], 4),
        "validation_sentences": len(validation),
        "wall_seconds": round(time.monotonic() - started),
        "cpu_seconds": round(time.process_time() - cpu_started),
    }
    return net


def _copy(module: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in module.state_dict().items()}
