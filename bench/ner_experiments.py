"""Training variants of the name detector, scored on the TUNING splits only.

Usage:
    .venv/bin/python bench/ner_experiments.py --corpora ../shared/corpora/ner --lang de \\
        --variant NAME [--extra] [--extra-share 0.5] [--copies 6] [--c1 0.05] [--c2 0.01]

Trains one variant of ``pii.ner.training`` into /tmp/nerexp/NAME-LANG/ (never into the
shipped model directory) with the hold-outs removed from the splits, so nothing here reads
them; prints the model-alone PER recall/precision on the tuning split as written, lower- and
upper-cased, and the training time. ``--extra`` gives the CRF the extra name lists
(bench/ner_name_lists.py) as features. ``--extra --extra-share 0.5 --copies 6`` is the
German recipe since 2026-12-06 night (the defaults of the share and copies);
``--extra-share 0 --copies 3`` without ``--extra`` the recipe before (still English's).
Score a variant through the gateway's redaction with ``bench/ner_tune_precision.py
--model-dir '/tmp/nerexp/NAME-{lang}'``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.ner import model, training  # noqa: E402
from pii.ner.model import EXTRA_FIRST_NAMES_FILE, EXTRA_SURNAMES_FILE, MODEL_DIR  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpora", type=Path, required=True)
    parser.add_argument("--lang", choices=("de", "en"), required=True)
    parser.add_argument("--variant", required=True)
    parser.add_argument("--extra", action="store_true")
    parser.add_argument(
        "--ler-tune", type=float, default=0.0,
        help="share of LER dev (its end) held out of training as the tuning split ler-dev-tune",
    )
    parser.add_argument(
        "--wordfreq", action="store_true", help="binned word frequencies as features"
    )
    parser.add_argument(
        "--clusters", type=Path, default=None,
        help="a folder with {lang}.clusters.tsv.gz (bench/ner_cluster_lists.py): Brown "
        "cluster features",
    )
    parser.add_argument("--extra-share", type=float, default=0.5)
    parser.add_argument("--copies", type=int, default=6)
    parser.add_argument("--lower", type=float, default=training.LOWER_COPY_SHARE)
    parser.add_argument("--upper", type=float, default=training.UPPER_COPY_SHARE)
    parser.add_argument("--iterations", type=int, default=None)
    parser.add_argument("--c1", type=float, default=None)
    parser.add_argument("--c2", type=float, default=None)
    args = parser.parse_args()
    out = Path(tempfile.gettempdir()) / "nerexp" / f"{args.variant}-{args.lang}"
    out.mkdir(parents=True, exist_ok=True)
    if args.extra:
        for name in (EXTRA_FIRST_NAMES_FILE, EXTRA_SURNAMES_FILE):
            shutil.copy(MODEL_DIR / name, out / name)
    if args.clusters is not None:
        source = model.cluster_path(args.lang, args.clusters)
        shutil.copy(source, model.cluster_path(args.lang, out))
    model.CLUSTER_LANGUAGES = frozenset({args.lang} if args.clusters else set())
    model.EXTRA_NAME_LANGUAGES = frozenset({args.lang} if args.extra else set())
    model.WORD_FREQUENCY_LANGUAGES = frozenset({args.lang} if args.wordfreq else set())
    training.EXTRA_NAME_SHARE[args.lang] = args.extra_share
    training.GENERATED_COPIES[args.lang] = args.copies
    training.LOWER_COPY_SHARE = args.lower
    training.LER_TUNE_SHARE = args.ler_tune
    training.UPPER_COPY_SHARE = args.upper
    params: dict[str, object] = {
        k: v for k, v in (("c1", args.c1), ("c2", args.c2)) if v is not None
    }
    if args.iterations is not None:
        params["max_iterations"] = args.iterations
    splits = training.load_splits(args.corpora, args.lang, ROOT)
    splits.holdout.clear()
    training.train_language(
        args.lang, splits, out, params=params, log=lambda m: print(f"[{args.variant}] {m}")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
