"""Writes the torch reference the numpy net is tested against (needs torch 2.13.0).

Usage:
    .venv/bin/pip install torch==2.13.0      # training-time tool, never a run-time dependency
    .venv/bin/python bench/ner_net_reference.py --lang de|en

The shipped weights (``pii/ner/models/<lang>.net.npz``) are loaded back into the training
code's torch modules (``pii.ner.net_training``) and their softmax probabilities for the first
sentences of the frozen tuning sample are written to
``tests/pii/ner_sample/<lang>_net_torch_reference.npz``. ``tests/unit/pii/test_ner_net.py``
then checks, without torch, that the numpy tagger (``pii.ner.net.NameNet``) gives the same
probabilities (<= 1e-5) for the shipped net. Re-run after retraining the net.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.ner.corpus import read_corpus  # noqa: E402
from pii.ner.model import build_model, net_path  # noqa: E402
from pii.ner.net import CLUSTER_KEYS, NameNet  # noqa: E402
from pii.ner.net_training import ConvEncoder, Sizes, TrainedNet, WordEncoder  # noqa: E402

SAMPLES = ROOT / "tests" / "pii" / "ner_sample"
TUNE_SAMPLES = {"de": SAMPLES / "germeval_tune_de.conll", "en": SAMPLES / "wikiann_tune_en.conll"}
SENTENCES = 60


def reference_path(language: str) -> Path:
    return SAMPLES / f"{language}_net_torch_reference.npz"


def torch_net(path: Path, net: NameNet) -> TrainedNet:
    """The shipped arrays loaded into the training code's modules."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    sizes = Sizes(
        word=arrays["word_embedding"].shape[1],
        char=arrays["char_embedding"].shape[1],
        char_filters=arrays["char_conv_weight"].shape[0],
        shape=arrays["shape_embedding"].shape[1],
        cluster=arrays[f"cluster_embedding_{CLUSTER_KEYS[0]}"].shape[1],
        channels=arrays["conv0_weight"].shape[0],
        layers=int(arrays["conv_layers"]),
    )
    words = WordEncoder(net.vocab, sizes)
    trained = TrainedNet(net.vocab, words, ConvEncoder(words.dim, sizes), {})
    names = {  # weights-file array -> module parameter, as TrainedNet.arrays writes them
        "word_embedding": trained.words.words.weight,
        "char_embedding": trained.words.chars.weight,
        "char_conv_weight": trained.words.char_cnn.weight,
        "char_conv_bias": trained.words.char_cnn.bias,
        "shape_embedding": trained.words.shapes.weight,
        "out_weight": trained.seq.out.weight,
        "out_bias": trained.seq.out.bias,
        **{
            f"cluster_embedding_{k}": t.weight
            for k, t in zip(CLUSTER_KEYS, trained.words.clusters, strict=True)
        },
        **{f"conv{i}_weight": c.weight for i, c in enumerate(trained.seq.convs)},
        **{f"conv{i}_bias": c.bias for i, c in enumerate(trained.seq.convs)},
    }
    parameters = [*trained.words.parameters(), *trained.seq.parameters()]
    assert len(parameters) == len(names), "the weights file and the modules differ"
    with torch.no_grad():
        for key, parameter in names.items():
            parameter.copy_(torch.from_numpy(arrays[key]))
    trained.words.eval()
    trained.seq.eval()
    return trained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=sorted(TUNE_SAMPLES), required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = build_model(args.lang)
    path = net_path(args.lang)
    net = NameNet(path, model.featurizer)
    trained = torch_net(path, net)
    sentences = [list(s.tokens) for s in read_corpus(TUNE_SAMPLES[args.lang], "conll")[:SENTENCES]]
    expected = [trained.probabilities(model.featurizer, words) for words in sentences]
    worst = max(
        float(np.abs(net.probabilities(words) - probabilities).max())
        for words, probabilities in zip(sentences, expected, strict=True)
    )
    np.savez_compressed(
        reference_path(args.lang),
        tokens=np.array([t for words in sentences for t in words], dtype=str),
        lengths=np.array([len(words) for words in sentences]),
        probabilities=np.concatenate(expected).astype(np.float32),
    )
    print(f"{len(sentences)} sentences; numpy vs torch max |difference| {worst:.2e}")


if __name__ == "__main__":
    main()
