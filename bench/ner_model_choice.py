"""Model-family choice for the name detector: CRF vs. a spaCy CNN trained from scratch.

Both are trained on the same seeded subsample of the German training split and scored on
the German tuning split (GermEval dev sentences 1321-1760; never a reported hold-out):
entity recall/precision of PER, training and tagging CPU time (``time.thread_time``; the
machine is shared, wall-clock time is not comparable between runs).

    .venv/bin/python bench/ner_model_choice.py --corpora ../shared/corpora/ner --sample 6000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example, iob_to_biluo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pii.ner.corpus import PERSON, LabelledSentence, entities
from pii.ner.features import Token
from pii.ner.model import NameModel, build_lexicons, model_path
from pii.ner.training import (
    SEED,
    Splits,
    load_splits,
    score_model,
    train_language,
)


def _spacy(train: list[LabelledSentence], tune: list[LabelledSentence], epochs: int) -> None:
    nlp = spacy.blank("de")
    ner = nlp.add_pipe("ner")
    ner.add_label(PERSON)
    examples = []
    for sentence in train:
        doc = Doc(nlp.vocab, words=list(sentence.tokens))
        tags = [t if t.endswith("-" + PERSON) else "O" for t in sentence.tags]
        examples.append(Example.from_dict(doc, {"entities": iob_to_biluo(tags)}))
    rng = random.Random(SEED)
    optimizer = nlp.initialize(lambda: examples)
    started = time.thread_time()
    for _ in range(epochs):
        rng.shuffle(examples)
        for i in range(0, len(examples), 64):
            nlp.update(examples[i : i + 64], sgd=optimizer, drop=0.2)
    train_seconds = time.thread_time() - started

    def find(tokens: list[Token]) -> list[tuple[int, int, float]]:
        doc = nlp(Doc(nlp.vocab, words=[t.text for t in tokens]))
        return [(e.start, e.end, 1.0) for e in doc.ents]

    started = time.thread_time()
    score = score_model(find, tune)
    tokens = sum(len(s.tokens) for s in tune)
    per_k = (time.thread_time() - started) / tokens * 1000 * 1000
    print(f"spaCy CNN ({epochs} epochs): recall {score.recall:.3f} precision "
          f"{score.precision:.3f}; train {train_seconds:.0f} s; {per_k:.2f} ms/1k tokens")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpora", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=6000)
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args()
    splits = load_splits(args.corpora, "de", Path(__file__).resolve().parents[1])
    rng = random.Random(SEED)
    train = list(splits.train)
    rng.shuffle(train)
    train = train[: args.sample]
    tune = splits.tune["germeval-tune"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        train_language(
            "de", Splits(train=train, tune={}, holdout={}), out,
            params={"max_iterations": 60}, log=lambda _: None,
        )
        model = NameModel(model_path("de", out), build_lexicons("de", out))
        started = time.thread_time()
        score = score_model(model.find_tokens, tune)
        tokens = sum(len(s.tokens) for s in tune)
        per_k = (time.thread_time() - started) / tokens * 1000 * 1000
        print(f"CRF (lexicon/shape/context): recall {score.recall:.3f} precision "
              f"{score.precision:.3f}; {per_k:.2f} ms/1k tokens")
    gold = sum(1 for s in tune for k, _, _ in entities(s.tags) if k == PERSON)
    print(f"tuning split: {len(tune)} sentences, {gold} names; training sample {len(train)}")
    _spacy(train, tune, args.epochs)


if __name__ == "__main__":
    main()
