"""The name detector alone on the TUNING splits only (no hold-out is read).

Usage:
    .venv/bin/python bench/ner_tune_scores.py --corpora ../shared/corpora/ner \
        [--lang de en] [--model-dir DIR]

Scores the model of each language in DIR (default: the shipped models) on the tuning splits
of ``pii.ner.training.load_splits`` (GermEval dev 1321-1760, the last 10 % of WikiANN-en
train, the citizen-service templates' ``citizen-tune``), as written, lower-cased and
upper-cased, the way training writes its metrics file (entity-level PER recall and
precision; ``pii.ner.training.score_model``). Training also scores the hold-outs; this
script is for comparing models without reading them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.ner.model import MODEL_DIR, build_model  # noqa: E402
from pii.ner.training import cased_variants, load_splits, score_model  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpora", type=Path, required=True)
    parser.add_argument("--lang", nargs="*", default=["de", "en"])
    parser.add_argument(
        "--model-dir", default=str(MODEL_DIR), help="'{lang}' is replaced by the language"
    )
    args = parser.parse_args()
    for language in args.lang:
        model = build_model(language, Path(args.model_dir.format(lang=language)))
        for name, sentences in load_splits(args.corpora, language, ROOT).tune.items():
            for case, variant in {"mixed": sentences, **cased_variants(sentences)}.items():
                score = score_model(model.find_tokens, variant)
                print(
                    f"{language} {name}/{case}: recall {score.recall:.3f} "
                    f"({score.caught}/{score.gold}) precision {score.precision:.3f} "
                    f"({score.correct}/{score.predicted})",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
