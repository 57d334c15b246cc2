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

The word features, the vocabulary, the word encoder, the CNN encoder, the batching and the
jackknifed featurizers are those of the shipped net (``pii.ner.net``,
``pii.ner.net_training``); this round's own parts are the BiLSTM encoder, 128 channels
(64 LSTM units per direction), a time budget instead of an epoch limit, and ONNX tagging.

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
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ner_net_ensemble import TEXT_TOKENS, tagging_cost, texts_of

from pii.ner.corpus import PERSON, LabelledSentence, entities
from pii.ner.features import Featurizer, Token
from pii.ner.model import BEGIN, INSIDE, NameModel, build_lexicons, build_model, spans_from_tags
from pii.ner.net import LABELS, NetVocabulary, WordInputs, word_inputs

# The training's private pieces, shared so that both nets are trained alike.
from pii.ner.net_training import (
    VALIDATION_SENTENCES,
    ConvEncoder,
    Sizes,
    WordEncoder,
    _batches,
    _copy,
    _f1,
    _run_batch,
    _tensors,
    _TypeTable,
    build_vocabulary,
    jackknifed_featurizers,
)
from pii.ner.training import SEED, augment, load_splits, person_only, score_model

# 128 channels for the CNN; the BiLSTM has half of them per direction.
SIZES = Sizes(channels=128)
THRESHOLDS = (0.5, 0.4, 0.3, 0.2)
Find = Callable[[list[Token]], list[tuple[int, int, float]]]


class LstmEncoder(nn.Module):
    """The BiLSTM alternative to ``ConvEncoder``: word vectors of a sentence [B, T, D] ->
    label scores [B, T, 3]."""

    def __init__(self, dim: int, sizes: Sizes) -> None:
        super().__init__()
        self.dropout = nn.Dropout(sizes.dropout)
        hidden = sizes.channels // 2
        self.lstm = nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(LABELS))

    def forward(self, vectors: torch.Tensor) -> torch.Tensor:
        x = self.dropout(vectors)
        if self.training:
            # A training batch (``_run_batch``) pads its sentences at the end with zero
            # vectors; the LSTM reads each only up to its length. Tagging (eval mode, the
            # ONNX export) sees one sentence without padding.
            lengths = (vectors != 0).any(dim=2).sum(dim=1)
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            x, _ = pad_packed_sequence(
                self.lstm(packed)[0], batch_first=True, total_length=vectors.shape[1]
            )
        else:
            x, _ = self.lstm(x)
        scores: torch.Tensor = self.out(self.dropout(x))
        return scores


Encoder = ConvEncoder | LstmEncoder


class NetTagger:
    """The trained net with a per-word vector cache; probabilities of O, B-PER, I-PER."""

    def __init__(
        self, vocab: NetVocabulary, featurizer: Featurizer, words: WordEncoder, seq: Encoder
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
                feeds = {name: getattr(inputs, name) for name in _WORD_INPUTS}
                computed = self._word_session.run(None, feeds)[0]
            else:
                with torch.no_grad():
                    computed = self.words(*_tensors(inputs)).numpy()
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
        sample = _tensors(word_inputs(self.vocab, self.featurizer, ["Müller", "sagte"]))
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


_WORD_INPUTS = tuple(field.name for field in fields(WordInputs))


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


def train_net(
    splits_train: list[LabelledSentence], kind: str, minutes: float, log: Callable[[str], None]
) -> tuple[NetTagger, dict[str, float]]:
    """Trains the net; early stopping on the held-back slice (entity F1 of PER)."""
    rng = random.Random(SEED)
    sentences = [person_only(s) for s in splits_train]
    rng.shuffle(sentences)
    validation, train = sentences[:VALIDATION_SENTENCES], sentences[VALIDATION_SENTENCES:]
    featurizers = jackknifed_featurizers("de", train)
    halves = (train[0::2], train[1::2])
    copies = [augment(h, rng) for h in halves]
    vocab = build_vocabulary(featurizers[:2], copies[0] + copies[1])
    table = _TypeTable()
    data = [table.encode(which, s) for which in (0, 1) for s in copies[which]]
    inputs = _tensors(table.inputs(vocab, featurizers))
    log(
        f"net: {len(data)} training sentences (with copies), {len(table.rows)} word types, "
        f"{len(vocab.words)} words, {len(vocab.flags)} flags"
    )
    torch.manual_seed(SEED)
    words = WordEncoder(vocab, SIZES)
    seq = LstmEncoder(words.dim, SIZES) if kind == "lstm" else ConvEncoder(words.dim, SIZES)
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
        for batch in _batches(data, 32, rng):
            scores, gold = _run_batch(words, seq, inputs, batch)  # type: ignore[arg-type]
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


# ---------------------------------------------------------------------------- cost


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
