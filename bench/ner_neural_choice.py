"""Model-family choice, second round: a small neural tagger vs. the shipped German CRF.

The first round (``bench/ner_model_choice.py``) gave a spaCy CNN 4,000 sentences and five
epochs. Here a BiLSTM (or CNN) tagger sees the CRF's whole German training split and the
same knowledge the CRF uses, and is scored against the *shipped* ``de.crfsuite``:

- word features (context-free, computed once per distinct word, like the CRF's state
  scores): a lower-cased word embedding trained from scratch (frequency cutoff), a char CNN
  over the word as written, the word shape, the Brown cluster path prefixes 4/6/10/20
  (``de.clusters.npz``) and every flag of the CRF's featurizer (first-name/surname/extra
  name lists, harvested names, places, nouns, function words, word-frequency bins, case);
- a sequence encoder over those vectors (BiLSTM, or three width-3 convolutions), a softmax
  over ``O``/``B-PER``/``I-PER``;
- the same training split and augmented copies as the CRF (``pii.ner.training``: PER-only
  tags, jackknifed harvested name list, surname-cut and re-cased copies), less a seeded
  slice of 1,500 sentences held back for early stopping.

Scored only on the German tuning split (GermEval dev sentences 1321-1760) with the project's
scorer (``score_model``): the bare taggers (marginal/softmax name probability >= 0.5), the
shipped decoding (``NameModel.find_tokens``: lone-noun rule, lower-case guard, rare surnames,
consistency) with the CRF, the net, or their averaged probabilities inside, and the union of
the CRF's and the net's spans. Tagging cost: CPU time (``time.thread_time``; onnxruntime on
one intra-op thread in the calling thread) per 300-token text, the net exported to ONNX
and run by onnxruntime, interleaved with the CRF in each round (the machine is shared).

Not a project dependency and not imported by tests; needs torch and onnxruntime in the venv:

    .venv/bin/pip install torch==2.13.0 onnxruntime onnx
    .venv/bin/python bench/ner_neural_choice.py --corpora ../shared/corpora/ner \\
        --encoder lstm --minutes 25
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pii.lexicon import load_lexicon
from pii.ner.corpus import PERSON, LabelledSentence, entities
from pii.ner.features import Featurizer, Token
from pii.ner.model import BEGIN, INSIDE, NameModel, build_lexicons, build_model, spans_from_tags
from pii.ner.name_pools import FIRST_NAMES, SURNAMES
from pii.ner.training import (
    SEED,
    PersonScore,
    augment,
    common_words,
    harvest_names,
    load_splits,
    name_list,
    person_only,
    score_model,
)

LABELS = ("O", BEGIN, INSIDE)
VALIDATION_SENTENCES = 1500
WORD_MIN_COUNT = 2
CHAR_MIN_COUNT = 5
MAX_CHARS = 16
CLUSTER_KEYS = ("c4", "c6", "c10", "c20")
# Own features of the CRF's featurizer that the net gets as embeddings or not at all
# (the word itself and its affixes: the word embedding and the char CNN cover them).
_VALUES = ("sh=", *(k + "=" for k in CLUSTER_KEYS))
_NOT_FLAGS = ("w=", "p3=", "s2=", "s3=", "s4=", *_VALUES)
PAD, UNKNOWN = 0, 1
TEXT_TOKENS = 300
THRESHOLDS = (0.5, 0.4, 0.3, 0.2)
Find = Callable[[list[Token]], list[tuple[int, int, float]]]


@dataclass(frozen=True, slots=True)
class Sizes:
    """Network dimensions (small: two shared cores, CPU tagging)."""

    word: int = 64
    char: int = 25
    char_filters: int = 40
    shape: int = 8
    cluster: int = 12
    hidden: int = 64  # per direction for the BiLSTM, channels x 2 for the CNN
    dropout: float = 0.3


class Vocabulary:
    """Symbol -> id tables built from the training sentences (0 = padding, 1 = unknown)."""

    def __init__(self, featurizers: Sequence[Featurizer], sentences: Sequence[LabelledSentence]):
        counts = Counter(t.lower() for s in sentences for t in s.tokens)
        self.words = _ids(w for w, n in counts.items() if n >= WORD_MIN_COUNT)
        chars = Counter(c for s in sentences for t in s.tokens for c in t)
        self.chars = _ids(c for c, n in chars.items() if n >= CHAR_MIN_COUNT)
        types = {t for s in sentences for t in s.tokens}
        shapes: set[str] = set()
        clusters: dict[str, set[str]] = {k: set() for k in CLUSTER_KEYS}
        flags: set[str] = set()
        for featurizer in featurizers:
            for word in types:
                shape, paths, own_flags = _split_features(featurizer.word_features(word)[0])
                shapes.add(shape)
                for key, path in zip(CLUSTER_KEYS, paths, strict=True):
                    clusters[key].add(path)
                flags.update(own_flags)
        self.shapes = _ids(shapes)
        self.clusters = {k: _ids(v) for k, v in clusters.items()}
        self.flags = {f: i for i, f in enumerate(sorted(flags))}


def _ids(symbols: Iterable[str]) -> dict[str, int]:
    return {s: i for i, s in enumerate(sorted(symbols), start=2)}


def _split_features(own: Sequence[str]) -> tuple[str, list[str], list[str]]:
    """Shape, cluster prefixes and flags among a word's own CRF features."""
    values = dict(f.split("=", 1) for f in own if f.startswith(_VALUES))
    flags = [f for f in own if not f.startswith(_NOT_FLAGS)]
    return values.get("sh", ""), [values.get(k, "-") for k in CLUSTER_KEYS], flags


@dataclass(slots=True)
class WordInputs:
    """The context-free inputs of a list of distinct words (numpy, one row per word)."""

    words: np.ndarray  # [N] int64
    chars: np.ndarray  # [N, MAX_CHARS] int64
    shapes: np.ndarray  # [N] int64
    clusters: np.ndarray  # [N, 4] int64
    flags: np.ndarray  # [N, F] float32

    def tensors(self) -> tuple[torch.Tensor, ...]:
        return tuple(
            torch.from_numpy(a)
            for a in (self.words, self.chars, self.shapes, self.clusters, self.flags)
        )


def word_inputs(vocab: Vocabulary, featurizer: Featurizer, words: Sequence[str]) -> WordInputs:
    """Looks up the inputs of ``words`` (CRF flags from ``featurizer``)."""
    n = len(words)
    out = WordInputs(
        np.zeros(n, np.int64),
        np.zeros((n, MAX_CHARS), np.int64),
        np.zeros(n, np.int64),
        np.zeros((n, len(CLUSTER_KEYS)), np.int64),
        np.zeros((n, len(vocab.flags)), np.float32),
    )
    for row, word in enumerate(words):
        shape, paths, flags = _split_features(featurizer.word_features(word)[0])
        out.words[row] = vocab.words.get(word.lower(), UNKNOWN)
        chars = [vocab.chars.get(c, UNKNOWN) for c in word[:MAX_CHARS]]
        out.chars[row, : len(chars)] = chars
        out.shapes[row] = vocab.shapes.get(shape, UNKNOWN)
        out.clusters[row] = [
            vocab.clusters[k].get(p, UNKNOWN) for k, p in zip(CLUSTER_KEYS, paths, strict=True)
        ]
        for flag in flags:
            column = vocab.flags.get(flag)
            if column is not None:
                out.flags[row, column] = 1.0
    return out


class WordEncoder(nn.Module):
    """Word embedding + char CNN + shape + cluster prefixes + CRF flags -> one vector."""

    def __init__(self, vocab: Vocabulary, sizes: Sizes) -> None:
        super().__init__()
        self.words = nn.Embedding(len(vocab.words) + 2, sizes.word, padding_idx=PAD)
        self.chars = nn.Embedding(len(vocab.chars) + 2, sizes.char, padding_idx=PAD)
        self.char_cnn = nn.Conv1d(sizes.char, sizes.char_filters, 3, padding=1)
        self.shapes = nn.Embedding(len(vocab.shapes) + 2, sizes.shape)
        self.clusters = nn.ModuleList(
            nn.Embedding(len(vocab.clusters[k]) + 2, sizes.cluster) for k in CLUSTER_KEYS
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


class SequenceEncoder(nn.Module):
    """Word vectors of a sentence [B, T, D] -> label scores [B, T, 3]."""

    def __init__(self, dim: int, sizes: Sizes, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.dropout = nn.Dropout(sizes.dropout)
        if kind == "lstm":
            self.lstm = nn.LSTM(dim, sizes.hidden, batch_first=True, bidirectional=True)
        else:
            width = 2 * sizes.hidden
            self.convs = nn.ModuleList(
                nn.Conv1d(dim if i == 0 else width, width, 3, padding=1) for i in range(3)
            )
        self.out = nn.Linear(2 * sizes.hidden, len(LABELS))

    def forward(self, vectors: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        x = self.dropout(vectors)
        if self.kind == "lstm":
            if lengths is None:
                x, _ = self.lstm(x)
            else:
                packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
                x, _ = pad_packed_sequence(
                    self.lstm(packed)[0], batch_first=True, total_length=vectors.shape[1]
                )
        else:
            # Padding positions are zero vectors; a name at a sentence end sees them as the
            # zero padding of the convolution would.
            x = x.transpose(1, 2)
            for conv in self.convs:
                x = torch.relu(conv(x))
            x = x.transpose(1, 2)
        return self.out(self.dropout(x))


class NetTagger:
    """The trained net with a per-word vector cache; probabilities of O, B-PER, I-PER."""

    def __init__(
        self, vocab: Vocabulary, featurizer: Featurizer, words: WordEncoder, seq: SequenceEncoder
    ) -> None:
        self.vocab, self.featurizer, self.words, self.seq = vocab, featurizer, words, seq
        self._cache: dict[str, np.ndarray] = {}
        self._session: ort.InferenceSession | None = None
        self._word_session: ort.InferenceSession | None = None

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        """Word vectors [T, D], computed once per distinct word (by onnxruntime once exported)."""
        missing = sorted({w for w in words if w not in self._cache})
        if missing:
            inputs = word_inputs(self.vocab, self.featurizer, missing)
            if self._word_session is not None:
                feeds = dict(zip(_WORD_INPUTS, _arrays(inputs), strict=True))
                computed = self._word_session.run(None, feeds)[0]
            else:
                with torch.no_grad():
                    computed = self.words(*inputs.tensors()).numpy()
            self._cache.update(zip(missing, computed, strict=True))
        return np.stack([self._cache[w] for w in words])

    def probabilities(self, words: Sequence[str]) -> np.ndarray:
        """[T, 3] softmax probabilities."""
        vectors = self.vectors(words)[None]
        if self._session is not None:
            scores = self._session.run(None, {"vectors": vectors})[0][0]
        else:
            with torch.no_grad():
                scores = self.seq(torch.from_numpy(vectors)).numpy()[0]
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def export(self, directory: Path) -> dict[str, int]:
        """Writes both parts as ONNX and switches to onnxruntime; returns the file sizes."""
        word_file, seq_file = directory / "words.onnx", directory / "sequence.onnx"
        sample = word_inputs(self.vocab, self.featurizer, ["Müller", "sagte"]).tensors()
        torch.onnx.export(
            self.words,
            sample,
            str(word_file),
            input_names=list(_WORD_INPUTS),
            output_names=["vectors"],
            dynamic_axes={n: {0: "n"} for n in _WORD_INPUTS},
            dynamo=False,
        )
        torch.onnx.export(
            self.seq,
            (torch.zeros(1, 5, self.words.dim),),
            str(seq_file),
            input_names=["vectors"],
            output_names=["scores"],
            dynamic_axes={"vectors": {1: "t"}, "scores": {1: "t"}},
            dynamo=False,
        )
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._word_session = ort.InferenceSession(str(word_file), options)
        self._session = ort.InferenceSession(str(seq_file), options)
        self._cache.clear()
        return {"words.onnx": word_file.stat().st_size, "sequence.onnx": seq_file.stat().st_size}


_WORD_INPUTS = ("words", "chars", "shapes", "clusters", "flags")


def _arrays(inputs: WordInputs) -> tuple[np.ndarray, ...]:
    return inputs.words, inputs.chars, inputs.shapes, inputs.clusters, inputs.flags


def name_tags(probabilities: np.ndarray, threshold: float = 0.5) -> list[str]:
    """BIO tags from name probabilities (P(B) + P(I) >= threshold), as NameModel.tag does."""
    tags: list[str] = []
    for i, (_, b, inside) in enumerate(probabilities):
        if b + inside < threshold:
            tags.append("O")
        else:
            tags.append(INSIDE if i and tags[-1] != "O" and inside > b else BEGIN)
    return tags


def bare_finder(probabilities_of: Callable[[list[str]], np.ndarray]) -> Find:
    """A token finder from name probabilities alone (no decoding rules)."""

    def find(tokens: list[Token]) -> list[tuple[int, int, float]]:
        words = [t.text for t in tokens]
        tags = name_tags(probabilities_of(words)) if words else []
        return [(s, e, 1.0) for s, e in spans_from_tags(words, tags)]

    return find


def crf_probabilities(model: NameModel) -> Callable[[list[str]], np.ndarray]:
    """Marginals of the shipped CRF (its state scores as NameModel computes them)."""
    tagger = model._tagger
    scores = model._scores

    def probabilities(words: list[str]) -> np.ndarray:
        tagger.set(scores.items(words))
        return np.array(
            [[tagger.marginal(label, i) for label in LABELS] for i in range(len(words))]
        )

    return probabilities


class ProbabilityTagger:
    """Stands in for pycrfsuite.Tagger inside NameModel.tag: path and marginals from the net,
    or from the average of the net's and the CRF's probabilities (``crf_weight``)."""

    def __init__(self, net: NetTagger, crf: NameModel | None = None, crf_weight: float = 0.0):
        self.net, self.crf, self.crf_weight = net, crf, crf_weight
        self._probabilities = np.zeros((0, 3))

    def tag(self, words: list[str]) -> list[str]:
        probabilities = self.net.probabilities(words)
        if self.crf is not None and self.crf_weight:
            crf = crf_probabilities(self.crf)(words)
            probabilities = (1 - self.crf_weight) * probabilities + self.crf_weight * crf
        self._probabilities = probabilities
        return [LABELS[int(i)] for i in probabilities.argmax(axis=1)]

    def marginal(self, label: str, i: int) -> float:
        return float(self._probabilities[i, LABELS.index(label)])


def decoded_finder(
    net: NetTagger,
    *,
    crf: NameModel | None = None,
    crf_weight: float = 0.0,
    threshold: float | None = None,
) -> Find:
    """The shipped decoding (NameModel.find_tokens) around the net's probabilities."""
    model = build_model("de")
    model.threshold = model.threshold if threshold is None else threshold
    model._tagger = ProbabilityTagger(net, crf, crf_weight)  # type: ignore[assignment]
    model._scores = _PassWords()  # type: ignore[assignment]
    return model.find_tokens


class _PassWords:
    """Stands in for the CRF's state scores: hands the words on to ProbabilityTagger.tag."""

    def items(self, words: Sequence[str]) -> list[str]:
        return list(words)


def union_finder(first: Find, second: Find) -> Find:
    """Spans of both finders, overlapping spans merged."""

    def find(tokens: list[Token]) -> list[tuple[int, int, float]]:
        merged: list[tuple[int, int, float]] = []
        for start, end, score in sorted(first(tokens) + second(tokens)):
            if merged and start < merged[-1][1]:
                last = merged[-1]
                merged[-1] = (last[0], max(last[1], end), max(last[2], score))
            else:
                merged.append((start, end, score))
        return merged

    return find


# ---------------------------------------------------------------------------- training


def jackknifed_featurizers(train: list[LabelledSentence]) -> tuple[Featurizer, ...]:
    """Featurizers of the two training halves and of the validation slice, as
    pii.ner.training.train_language builds them: each half sees the names harvested from
    the other half only."""
    base = load_lexicon()
    halves = (train[0::2], train[1::2])
    pool = frozenset(FIRST_NAMES) | frozenset(SURNAMES)
    common_nouns = base.nouns - base.first_names - base.surnames
    name_sets = [
        (name_list(*harvest_names(h), base.function_words) - common_nouns) | pool for h in halves
    ]
    lexicons = replace(build_lexicons("de"), common=common_words(train))
    return (
        Featurizer(replace(lexicons, names=name_sets[1])),
        Featurizer(replace(lexicons, names=name_sets[0])),
        Featurizer(replace(lexicons, names=name_sets[0] | name_sets[1])),
    )


class TypeTable:
    """Distinct (featurizer, word) pairs of the training data and their inputs."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.rows: dict[tuple[int, str], int] = {}
        self.pending: dict[int, list[str]] = {}

    def encode(self, which: int, sentence: LabelledSentence) -> tuple[tuple[int, ...], ...]:
        rows = []
        for word in sentence.tokens:
            key = (which, word)
            row = self.rows.get(key)
            if row is None:
                row = self.rows[key] = len(self.rows)
                self.pending.setdefault(which, []).append(word)
            rows.append(row)
        return tuple(rows), tuple(LABELS.index(t) for t in sentence.tags)

    def inputs(self, featurizers: Sequence[Featurizer]) -> WordInputs:
        """Inputs of every row, in row order."""
        parts = {
            w: word_inputs(self.vocab, featurizers[w], words) for w, words in self.pending.items()
        }
        order = sorted(self.rows.items(), key=lambda kv: kv[1])
        position = {w: 0 for w in parts}
        index: list[tuple[int, int]] = []
        for (which, _), _ in order:
            index.append((which, position[which]))
            position[which] += 1
        arrays = []
        for field in ("words", "chars", "shapes", "clusters", "flags"):
            arrays.append(np.stack([getattr(parts[w], field)[i] for w, i in index]))
        return WordInputs(*arrays)


def batches(
    data: list[tuple[tuple[int, ...], tuple[int, ...]]], size: int, rng: random.Random
) -> list[list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """Shuffled batches of sentences of similar length (less padding)."""
    data = list(data)
    rng.shuffle(data)
    out = []
    for start in range(0, len(data), size * 50):
        pool = sorted(data[start : start + size * 50], key=lambda d: len(d[0]))
        out += [pool[i : i + size] for i in range(0, len(pool), size)]
    rng.shuffle(out)
    return out


def run_batch(
    words: WordEncoder,
    seq: SequenceEncoder,
    table: tuple[torch.Tensor, ...],
    batch: list[tuple[tuple[int, ...], tuple[int, ...]]],
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
    lengths = torch.tensor([len(s) for s, _ in batch])
    scores = seq(vectors[index] * mask, lengths)
    return scores, gold


def train_net(
    splits_train: list[LabelledSentence], kind: str, minutes: float, log: Callable[[str], None]
) -> tuple[NetTagger, dict[str, float]]:
    """Trains the net; early stopping on the held-back slice (entity F1 of PER)."""
    rng = random.Random(SEED)
    sentences = [person_only(s) for s in splits_train]
    rng.shuffle(sentences)
    validation, train = sentences[:VALIDATION_SENTENCES], sentences[VALIDATION_SENTENCES:]
    featurizers = jackknifed_featurizers(train)
    halves = (train[0::2], train[1::2])
    copies = [augment(h, rng) for h in halves]
    vocab = Vocabulary(featurizers[:2], copies[0] + copies[1])
    table = TypeTable(vocab)
    data = [table.encode(which, s) for which in (0, 1) for s in copies[which]]
    inputs = table.inputs(featurizers).tensors()
    log(
        f"net: {len(data)} training sentences (with copies), {len(table.rows)} word types, "
        f"{len(vocab.words)} words, {len(vocab.flags)} flags"
    )
    sizes = Sizes()
    torch.manual_seed(SEED)
    words = WordEncoder(vocab, sizes)
    seq = SequenceEncoder(words.dim, sizes, kind)
    parameters = [*words.parameters(), *seq.parameters()]
    log(f"net: {sum(p.numel() for p in parameters)} parameters")
    optimizer = torch.optim.Adam(parameters, lr=2e-3)
    loss_of = nn.CrossEntropyLoss(ignore_index=-100)
    net = NetTagger(vocab, featurizers[2], words, seq)
    best: tuple[float, dict[str, torch.Tensor], dict[str, torch.Tensor]] | None = None
    started = time.monotonic()
    cpu_started = time.process_time()
    patience = epoch = 0
    while time.monotonic() - started < minutes * 60 and patience < 2:
        epoch += 1
        words.train()
        seq.train()
        total = 0.0
        for batch in batches(data, 32, rng):
            scores, gold = run_batch(words, seq, inputs, batch)
            loss = loss_of(scores.reshape(-1, len(LABELS)), gold.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(parameters, 5.0)
            optimizer.step()
            total += loss.item()
            if time.monotonic() - started > minutes * 60:
                break
        words.eval()
        seq.eval()
        net._cache.clear()
        score = score_model(bare_finder(net.probabilities), validation)
        f1 = _f1(score)
        log(
            f"net epoch {epoch}: loss {total:.1f}; held-back slice recall {score.recall:.3f} "
            f"precision {score.precision:.3f} F1 {f1:.3f}; {time.monotonic() - started:.0f} s"
        )
        if best is None or f1 > best[0]:
            best = (f1, _copy(words), _copy(seq))
            patience = 0
        else:
            patience += 1
    assert best is not None
    words.load_state_dict(best[1])
    seq.load_state_dict(best[2])
    net._cache.clear()
    stats = {
        "epochs": epoch,
        "wall_seconds": time.monotonic() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "validation_f1": best[0],
    }
    return net, stats


def _f1(score: PersonScore) -> float:
    total = score.recall + score.precision
    return 2 * score.recall * score.precision / total if total else 0.0


def _copy(module: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone() for k, v in module.state_dict().items()}


# ---------------------------------------------------------------------------- cost


def texts_of(sentences: list[LabelledSentence], size: int = TEXT_TOKENS) -> list[list[str]]:
    """The tuning sentences run together into texts of ``size`` tokens."""
    tokens = [t for s in sentences for t in s.tokens]
    return [tokens[i : i + size] for i in range(0, len(tokens) - size + 1, size)]


def tagging_cost(
    contenders: dict[str, Callable[[list[str]], object]], texts: list[list[str]], rounds: int
) -> dict[str, float]:
    """Median over rounds of the mean CPU ms per text; contenders interleaved per round."""
    for tag in contenders.values():  # warm-up: word caches filled, as in a running gateway
        for words in texts:
            tag(words)
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, tag in contenders.items():
            started = time.thread_time()
            for words in texts:
                tag(words)
            samples[name].append((time.thread_time() - started) * 1000 / len(texts))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpora", type=Path, required=True)
    parser.add_argument("--encoder", choices=("lstm", "cnn"), default="lstm")
    parser.add_argument("--minutes", type=float, default=25.0)
    # One torch thread per process: on the shared two-core machine (load 5-7) a bidirectional
    # LSTM step took 1.4 ms with one thread and 33 ms with two (threads spinning for cores).
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--limit", type=int, default=0, help="training sentences (smoke test)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(SEED)
    np.random.seed(SEED % 2**32)
    root = Path(__file__).resolve().parents[1]
    splits = load_splits(args.corpora, "de", root)
    tune = splits.tune["germeval-tune"]
    gold = sum(1 for s in tune for k, _, _ in entities(s.tags) if k == PERSON)
    print(f"tuning split germeval-tune: {len(tune)} sentences, {gold} names")
    train = splits.train[: args.limit] if args.limit else splits.train
    net, stats = train_net(train, args.encoder, args.minutes, print)
    # Tagged with the shipped lexicons, as the CRF is.
    net.featurizer = Featurizer(build_lexicons("de"))
    print(
        f"net ({args.encoder}): {stats['epochs']} epochs, {stats['wall_seconds']:.0f} s wall, "
        f"{stats['cpu_seconds']:.0f} s CPU, held-back F1 {stats['validation_f1']:.3f}"
    )
    crf = build_model("de")
    net_probabilities = net.probabilities
    with tempfile.TemporaryDirectory() as tmp:
        sizes = net.export(Path(tmp))
        print("ONNX files: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sizes.items()))
        finders: dict[str, Find] = {
            "CRF, bare (marginal >= 0.5)": bare_finder(crf_probabilities(crf)),
            f"net {args.encoder}, bare (softmax >= 0.5)": bare_finder(net_probabilities),
            "CRF, shipped decoding (find_tokens)": crf.find_tokens,
            f"net {args.encoder}, shipped decoding": decoded_finder(net),
            "ensemble: averaged probabilities, shipped decoding": decoded_finder(
                net, crf=build_model("de"), crf_weight=0.5
            ),
            "ensemble: union of spans (shipped decoding each)": union_finder(
                crf.find_tokens, decoded_finder(net)
            ),
        }
        for name, find in finders.items():
            score = score_model(find, tune)
            lower = score_model(
                find, [replace(s, tokens=tuple(t.lower() for t in s.tokens)) for s in tune]
            )
            print(
                f"{name}: recall {score.recall:.3f} precision {score.precision:.3f} "
                f"({score.caught}/{score.gold}, {score.predicted} predicted); lower-cased "
                f"recall {lower.recall:.3f} precision {lower.precision:.3f}"
            )
        # Name-probability threshold of the decoding (cased texts; shipped: 0.5): does a
        # model's recall/precision curve lie above the CRF's?
        for threshold in THRESHOLDS:
            crf_at = build_model("de")
            crf_at.threshold = threshold
            curve = {
                "CRF": crf_at.find_tokens,
                f"net {args.encoder}": decoded_finder(net, threshold=threshold),
                "averaged": decoded_finder(
                    net, crf=build_model("de"), crf_weight=0.5, threshold=threshold
                ),
            }
            line = []
            for name, find in curve.items():
                score = score_model(find, tune)
                line.append(f"{name} {score.recall:.3f}/{score.precision:.3f}")
            print(f"threshold {threshold}: " + "; ".join(line) + " (recall/precision)")
        texts = texts_of(tune)
        net_find = finders[f"net {args.encoder}, shipped decoding"]
        cost = tagging_cost(
            {
                "CRF: NameModel.tag (state scores, Viterbi, marginals)": crf.tag,
                "net: word vectors + ONNX sequence encoder + softmax": net_probabilities,
                "net: word vectors only (cached look-up, stacking)": net.vectors,
                "CRF: find_tokens (shipped decoding)": lambda w: crf.find_tokens(
                    [Token(t, 0, 0) for t in w]
                ),
                "net: find_tokens (shipped decoding)": lambda w: net_find(
                    [Token(t, 0, 0) for t in w]
                ),
            },
            texts,
            args.rounds,
        )
        print(
            f"tagging CPU ms per {TEXT_TOKENS}-token text ({len(texts)} texts, median of "
            f"{args.rounds} rounds, warm word caches):"
        )
        for name, ms in cost.items():
            print(f"  {name}: {ms:.3f} ms")


if __name__ == "__main__":
    main()
