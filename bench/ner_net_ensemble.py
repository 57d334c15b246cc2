"""Third and fourth round of the neural tagger: a smaller net (``pii.ner.net``) averaged with
the CRF.

Trains the net (``pii.ner.net_training``, torch, one thread, seeded) on the training split
of ``--language`` (German by default; the fourth round: English), writes ``LANG.net.npz``
into ``--out``, checks that the numpy tagger gives
torch's probabilities (max abs difference over every tuning sentence), and scores on the
TUNING splits only (model alone, ``NameModel.find_tokens``, ``score_model``): the CRF, the
net (``net_weight`` 1) and their average (``net_weight`` 0.5) at name-probability thresholds
0.5/0.45/0.4/0.3/0.2, as written and lower-cased; then the tagging CPU time per 300-token text
of the language's first tuning split (germeval-tune, wikiann-en-tune).

``--ler-tune 0.3`` holds the end of LER dev out of the net's training and scores it as
``ler-dev-tune``; the CRF must then be a variant trained without it too
(``bench/ner_experiments.py --ler-tune 0.3 --extra --wordfreq --clusters pii/ner/models
--variant NAME``), passed as ``--crf-dir /tmp/nerexp/NAME-de`` (its own harvested names).

    .venv/bin/python bench/ner_net_ensemble.py --corpora ../shared/corpora/ner --out /tmp/net
    .venv/bin/python bench/ner_net_ensemble.py --corpora ../shared/corpora/ner \\
        --ler-tune 0.3 --crf-dir /tmp/nerexp/lt-de --out /tmp/nerexp/lt-de
    .venv/bin/python bench/ner_net_ensemble.py --corpora ../shared/corpora/ner \\
        --language en --out /tmp/net-en

Needs torch (training only: ``.venv/bin/pip install torch==2.13.0``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.ner import training  # noqa: E402
from pii.ner.corpus import LabelledSentence  # noqa: E402
from pii.ner.features import Token  # noqa: E402
from pii.ner.model import (  # noqa: E402
    MODEL_DIR,
    NAME_PROBABILITY,
    RARE_SURNAME_LANGUAGES,
    STRICT_LONE_WORDS,
    UNCASED_NAME_PROBABILITY,
    NameModel,
    build_lexicons,
    model_path,
    net_path,
)
from pii.ner.net import NameNet  # noqa: E402
from pii.ner.net_training import Sizes, train_net  # noqa: E402

THRESHOLDS = (0.5, 0.45, 0.4, 0.3, 0.2)
TEXT_TOKENS = 300
COST_SPLIT = {"de": "germeval-tune", "en": "wikiann-en-tune"}


def texts_of(sentences: list[LabelledSentence], size: int = TEXT_TOKENS) -> list[list[str]]:
    """The tuning sentences run together into texts of ``size`` tokens."""
    tokens = [t for s in sentences for t in s.tokens]
    return [tokens[i : i + size] for i in range(0, len(tokens) - size + 1, size)]


def tagging_cost(
    contenders: dict[str, Callable[[list[str]], object]], texts: list[list[str]], rounds: int
) -> dict[str, float]:
    """Median over rounds of the mean CPU ms per text; contenders interleaved per round,
    word caches warm (as in a running gateway)."""
    for tag in contenders.values():
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
    parser.add_argument("--language", choices=("de", "en"), default="de")
    parser.add_argument("--out", type=Path, required=True, help="folder for LANG.net.npz")
    parser.add_argument("--crf-dir", type=Path, default=MODEL_DIR)
    parser.add_argument("--ler-tune", type=float, default=0.0)
    parser.add_argument("--channels", type=int, default=Sizes().channels)
    parser.add_argument("--limit", type=int, default=None, help="training sentences (smoke)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="score an existing --out net")
    args = parser.parse_args()
    language = args.language
    training.LER_TUNE_SHARE = args.ler_tune
    splits = training.load_splits(args.corpora, language, ROOT)
    splits.holdout.clear()  # never looked at here
    args.out.mkdir(parents=True, exist_ok=True)
    weights = net_path(language, args.out)
    crf = language_model(language, args.crf_dir, None)
    if not args.reuse:
        net = train_net(
            language, splits.train, sizes=Sizes(channels=args.channels), limit=args.limit
        )
        print(f"training: {net.stats}")
        net.save(weights)
        numpy_net = NameNet(weights, crf.featurizer)
        worst = 0.0
        for split in splits.tune.values():
            for sentence in split:
                words = list(sentence.tokens)
                difference = np.abs(
                    numpy_net.probabilities(words) - net.probabilities(crf.featurizer, words)
                ).max()
                worst = max(worst, float(difference))
        print(f"numpy vs torch: max abs difference of the probabilities {worst:.2e}")
    print(f"{weights.name}: {weights.stat().st_size / 1e6:.2f} MB")
    models = {
        "CRF": crf,
        "net": language_model(language, args.crf_dir, weights, 1.0),
        "average": language_model(language, args.crf_dir, weights, 0.5),
    }
    for name, split in splits.tune.items():
        if name == "citizen-tune" and args.ler_tune:
            continue
        for case in ("as written", "lower-cased"):
            sentences = (
                split
                if case == "as written"
                else [replace(s, tokens=tuple(t.lower() for t in s.tokens)) for s in split]
            )
            for threshold in THRESHOLDS:
                line = []
                for label, model in models.items():
                    model.threshold = model.uncased_threshold = threshold
                    score = training.score_model(model.find_tokens, sentences)
                    line.append(
                        f"{label} {score.recall:.3f}/{score.precision:.3f} "
                        f"({score.caught}/{score.gold}, {score.correct}/{score.predicted})"
                    )
                print(f"{name} {case} threshold {threshold}: " + "; ".join(line))
    for model in models.values():  # the shipped thresholds
        model.threshold, model.uncased_threshold = (
            NAME_PROBABILITY[language],
            UNCASED_NAME_PROBABILITY[language],
        )
    texts = texts_of(splits.tune[COST_SPLIT[language]])
    net_only = NameNet(weights, crf.featurizer)
    cost = tagging_cost(
        {
            "CRF: NameModel.tag": crf.tag,
            "net: NameNet.probabilities (numpy)": net_only.probabilities,
            "average: NameModel.tag": models["average"].tag,
            "CRF: find_tokens": lambda w: crf.find_tokens([Token(t, 0, 0) for t in w]),
            "average: find_tokens": lambda w: models["average"].find_tokens(
                [Token(t, 0, 0) for t in w]
            ),
        },
        texts,
        args.rounds,
    )
    print(f"tagging CPU ms per {TEXT_TOKENS}-token text ({len(texts)} texts, warm caches):")
    for name, ms in cost.items():
        print(f"  {name}: {ms:.3f} ms")


def language_model(
    language: str, crf_dir: Path, weights: Path | None, weight: float = 0.5
) -> NameModel:
    """The CRF of ``language`` in ``crf_dir`` with the shipped decoding and the given net
    (None: the CRF alone)."""
    return NameModel(
        model_path(language, crf_dir),
        build_lexicons(language, crf_dir),
        threshold=NAME_PROBABILITY[language],
        uncased_threshold=UNCASED_NAME_PROBABILITY[language],
        strict_lone_words=language in STRICT_LONE_WORDS,
        rare_surnames=language in RARE_SURNAME_LANGUAGES,
        net=weights,
        net_weight=weight,
    )


if __name__ == "__main__":
    main()
