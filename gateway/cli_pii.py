"""``leitplanke pii evaluate`` and ``leitplanke pii train`` (registered by gateway/cli.py).

``evaluate`` runs the gateway's real redaction (the redactor the proxy builds from the
same settings) over a token-labelled corpus; ``train`` rebuilds the shipped name-detector
weights from the NER corpora (a source checkout with the corpora beside it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gateway.settings import Settings

EXIT_OK = 0
EXIT_USAGE = 2
# Where a source checkout finds the corpora (docs/decisions/0030): ../shared/corpora/ner.
DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ner"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds the ``pii`` command with its sub-commands."""
    from pii.ner.corpus import FORMATS

    pii = commands.add_parser("pii", help="measure redaction quality; rebuild the name detector")
    pii_commands = pii.add_subparsers(dest="pii_command", required=True)
    evaluate = pii_commands.add_parser(
        "evaluate", help="run the real redaction over a labelled corpus and print its quality"
    )
    evaluate.add_argument("--corpus", required=True, type=Path, help="labelled corpus file")
    evaluate.add_argument("--format", required=True, choices=FORMATS, dest="corpus_format")
    evaluate.add_argument(
        "--lang", choices=("de", "en"), default=None, help="language (default: detected per text)"
    )
    evaluate.add_argument("--limit", type=int, default=None, help="first N sentences only")
    evaluate.add_argument(
        "--case",
        choices=("as-is", "lower", "upper"),
        default="as-is",
        help="rewrite the corpus in lower or upper case first (case robustness)",
    )
    evaluate.add_argument("--json", type=Path, default=None, help="also write the figures here")
    evaluate.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="print N missed entities and N false positives (contains corpus text)",
    )
    train = pii_commands.add_parser("train", help="rebuild the name-detector weights (seeded)")
    train.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    train.add_argument("--lang", choices=("de", "en"), action="append", dest="languages")
    train.add_argument(
        "--out", type=Path, default=None, help="output folder (default: the package's models)"
    )
    train.add_argument("--limit", type=int, default=None, help="train on N sentences (trials)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Runs a ``pii`` sub-command."""
    if args.pii_command == "evaluate":
        return _evaluate(settings, args)
    return _train(args)


def _evaluate(settings: Settings, args: argparse.Namespace) -> int:
    from gateway.components import pii_config
    from pii.engine import build_redactor
    from pii.evaluation import Redaction, evaluate_redaction
    from pii.ner.corpus import read_corpus, recased

    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return EXIT_USAGE
    try:
        sentences = read_corpus(args.corpus, args.corpus_format)
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"corpus unreadable: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.limit is not None:
        sentences = sentences[: args.limit]
    if args.case != "as-is":
        sentences = [recased(s, args.case) for s in sentences]
    redactor = build_redactor(pii_config(settings))

    def redact(text: str) -> list[Redaction]:
        session = redactor.new_session()
        return [
            Redaction(e.start, e.end, e.entity_type)
            for e in session.detect(text, language=args.lang)
        ]

    report = evaluate_redaction(sentences, redact)
    print(
        f"{args.corpus} ({args.corpus_format}, {report.sentences} sentences, "
        f"language {args.lang or 'detected'}, case {args.case})"
    )
    print("recall per corpus class (entity caught = every token redacted)")
    for kind, count in sorted(report.gold.items()):
        print(f"  {kind:<12} {report.recall(kind):6.3f}  ({report.caught[kind]}/{count})")
    print("precision per redaction type (redaction lies mostly inside a compatible entity)")
    for entity_type, count in sorted(report.predicted.items()):
        print(
            f"  {entity_type:<20} {report.precision(entity_type):6.3f}  "
            f"({report.correct[entity_type]}/{count})"
        )
    print(
        f"over-redaction of capitalised tokens outside entities: {report.over_redaction:.4f} "
        f"({report.over_redacted}/{report.capitalised_outside})"
    )
    for kind, value in report.misses[: args.show_errors]:
        print(f"  missed {kind}: {value}")
    for entity_type, value in report.false_positives[: args.show_errors]:
        print(f"  false {entity_type}: {value}")
    if args.json is not None:
        args.json.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return EXIT_OK


def _train(args: argparse.Namespace) -> int:
    from pii.ner.model import LANGUAGES, MODEL_DIR, NET_LANGUAGES
    from pii.ner.training import TORCH_HINT, torch_missing, train

    if not args.corpora.is_dir():
        print(f"corpora not found: {args.corpora} (see docs/decisions/0030)", file=sys.stderr)
        return EXIT_USAGE
    languages = tuple(args.languages or LANGUAGES)
    if NET_LANGUAGES.intersection(languages) and torch_missing():
        print(TORCH_HINT, file=sys.stderr)
        return EXIT_USAGE
    project_root = Path(__file__).resolve().parents[1]
    train(
        args.corpora,
        project_root,
        languages=languages,
        out_dir=args.out or MODEL_DIR,
        limit=args.limit,
    )
    return EXIT_OK
