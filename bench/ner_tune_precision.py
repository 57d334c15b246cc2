"""Precision knobs of the name detector, scored on the TUNING splits only.

Usage:
    .venv/bin/python bench/ner_tune_precision.py --corpora ../shared/corpora/ner [--errors 40]

Runs the gateway's real redaction (``build_redactor(PiiConfig())``, as ``leitplanke pii
evaluate`` does) over the tuning splits of ``pii.ner.training.load_splits`` (GermEval 2014
dev sentences 1321-1760, the last 10 % of WikiANN-en train), once per value of the detector's
``min_probability`` (a name found by the Viterbi path is kept only when every word of it
reaches this marginal probability), and prints PER recall, PERSON precision and
over-redaction. The hold-outs are never read here: values are chosen on these splits and
then measured once on the hold-outs with ``leitplanke pii evaluate``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.engine import build_redactor  # noqa: E402
from pii.evaluation import Redaction, evaluate_redaction  # noqa: E402
from pii.ner import model as model_module  # noqa: E402
from pii.ner import recognizer, training  # noqa: E402
from pii.ner.corpus import recased  # noqa: E402
from pii.ner.model import (  # noqa: E402
    NameModel,
    build_model,
    load_model,
)
from pii.ner.training import load_splits  # noqa: E402
from pii.recognizers import name_detector_guard  # noqa: E402
from pii.types import PiiConfig  # noqa: E402

VALUES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpora", type=Path, required=True)
    parser.add_argument("--languages", nargs="*", default=["de", "en"])
    parser.add_argument("--errors", type=int, default=0, help="print N false positives")
    parser.add_argument("--misses", type=int, default=0, help="print N missed names")
    parser.add_argument("--values", type=float, nargs="*", default=VALUES)
    parser.add_argument(
        "--case", choices=("as-is", "lower"), default="as-is", help="recase the splits first"
    )
    parser.add_argument(
        "--uncased-thresholds",
        type=float,
        nargs="*",
        default=(),
        help="instead of the other variants: these name-probability thresholds for texts "
        "without capitals (the model's own strict rule, no floor)",
    )
    parser.add_argument(
        "--model-dir",
        default=None,
        help="a trained variant's directory instead of the shipped model; '{lang}' is "
        "replaced by the language (bench/ner_experiments.py writes /tmp/nerexp/NAME-LANG)",
    )
    parser.add_argument(
        "--ler-tune",
        type=float,
        default=0.0,
        help="also score the end of LER dev (this share) as the tuning split ler-dev-tune; "
        "only meaningful with a variant trained without it (ner_experiments.py --ler-tune)",
    )
    parser.add_argument(
        "--guard",
        choices=("shipped", "strict", "relaxed"),
        default="shipped",
        help="the name-detector guard's rule for a lone word: strict vetoes every unlisted "
        "one, relaxed lets rare capitalised words through",
    )
    parser.add_argument(
        "--wordfreq",
        nargs="*",
        default=None,
        help="languages whose variant model was trained with word-frequency features "
        "(ner_experiments.py --wordfreq); default: as shipped",
    )
    parser.add_argument(
        "--clusters",
        nargs="*",
        default=None,
        help="languages whose variant model sees Brown clusters (ner_experiments.py "
        "--clusters); default: as shipped",
    )
    parser.add_argument(
        "--net",
        nargs="*",
        default=None,
        help="languages whose CRF is averaged with the net (pii.ner.net; the variant "
        "directory must hold its {lang}.net.npz); default: as shipped",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="the name probability of the decoding in cased texts; default: as shipped",
    )
    parser.add_argument(
        "--rare-surnames",
        choices=("shipped", "on", "off"),
        default="shipped",
        help="the decoding rule 'listed first name + rare capitalised word'",
    )
    args = parser.parse_args()
    if args.wordfreq is not None:
        vars(model_module)["WORD_FREQUENCY_LANGUAGES"] = frozenset(args.wordfreq)
    if args.clusters is not None:
        vars(model_module)["CLUSTER_LANGUAGES"] = frozenset(args.clusters)
    if args.net is not None:
        vars(model_module)["NET_LANGUAGES"] = frozenset(args.net)
    training.LER_TUNE_SHARE = args.ler_tune
    if args.guard != "shipped":
        name_detector_guard.LONE_RARE_WORDS_ARE_NAMES = args.guard == "relaxed"
    loader: Callable[[str], NameModel] = load_model
    if args.model_dir is not None:
        models = {
            lang: build_model(lang, Path(args.model_dir.format(lang=lang)))
            for lang in args.languages
        }

        def loader(lang: str) -> NameModel:
            return models.get(lang) or load_model(lang)

        # The detector recognizer loads its model by this name when the redactor is built;
        # its guard reads the model's own lists, so "listed name" is the variant's list too
        # (the shipped one was harvested from all of LER dev, ler-dev-tune included).
        vars(recognizer)["load_model"] = loader
    redactor = build_redactor(PiiConfig())
    for language in args.languages:
        tune = load_splits(args.corpora, language, ROOT).tune
        model = loader(language)
        if args.threshold is not None:
            model.threshold = args.threshold
        if args.rare_surnames != "shipped":
            model.rare_surnames = args.rare_surnames == "on"

        def redact(text: str, language: str = language) -> list[Redaction]:
            session = redactor.new_session()
            return [
                Redaction(e.start, e.end, e.entity_type)
                for e in session.detect(text, language=language)
            ]

        for name, split in tune.items():
            sentences = split if args.case == "as-is" else [recased(s, "lower") for s in split]
            shipped = model.strict_lone_words, model.uncased_threshold
            variants = (
                [(shipped[0], 0.0, t) for t in args.uncased_thresholds]
                if args.uncased_thresholds
                else [(False, 0.0, shipped[1]), *((True, v, shipped[1]) for v in args.values)]
            )
            for strict, value, uncased in variants:
                model.strict_lone_words = strict
                model.min_probability = value
                model.uncased_threshold = uncased
                report = evaluate_redaction(sentences, redact)
                print(
                    f"{name:18} {args.case} strict_lone_words {strict:d} min_probability "
                    f"{value:.2f} uncased_threshold {uncased:.2f}: "
                    f"PER recall {report.recall('PER'):.3f}"
                    f" ({report.caught['PER']}/{report.gold['PER']}), PERSON precision "
                    f"{report.precision('PERSON'):.3f} ({report.correct['PERSON']}/"
                    f"{report.predicted['PERSON']}), over-redaction {report.over_redaction:.4f}"
                    f" ({report.over_redacted}/{report.capitalised_outside})",
                    flush=True,
                )
                for entity_type, value_text in report.false_positives[: args.errors]:
                    print(f"    false {entity_type}: {value_text}")
                missed = [text for kind, text in report.misses if kind == "PER"]
                for value_text in missed[: args.misses]:
                    print(f"    missed PER: {value_text}")
            model.strict_lone_words, model.uncased_threshold = shipped
            model.min_probability = 0.0
    return 0


if __name__ == "__main__":
    sys.exit(main())
