"""Over-redaction on ordinary text: tokens outside PER entities that get redacted.

Usage:
    .venv/bin/python bench/bench_over_redaction.py [--corpus PATH ...] [--format germeval|conll]
        [--lang de|en] [--examples N] [--sentences START:END|all]

Default: the German tuning split of the name detector, GermEval 2014 dev sentences 1321-1760
(``pii.ner.training``), so that a run while tuning never reads a hold-out; other files are read
whole unless ``--sentences START:END`` says otherwise; ``--sentences all`` reads more of a
file, for a measurement on a hold-out done once (GermEval dev 1761-2200 is the detector's
hold-out). ``--format conll`` reads ``token<TAB>tag`` lines with blank lines between sentences
(WNUT17; WikiANN's ``en:`` token prefix is dropped). The sentences are never read by the
gateway at run time. Each sentence is joined from its tokens (no space before closing
punctuation) and redacted with the default redactor in ``--lang``. A token counts as redacted
when any finding overlaps it. Reported over the tokens outside PER entities: the share
redacted, the share of capitalised ones redacted (the issue's "over-redaction of ordinary
capitalised words") and which entity types did it. A tag counts as PER when it contains "PER"
in any case (GermEval PER/PERderiv, WikiANN PER, WNUT17 person).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.engine import build_redactor  # noqa: E402
from pii.ner.training import GERMEVAL_TRAIN_END, GERMEVAL_TUNE_END  # noqa: E402
from pii.types import PiiConfig  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ner" / "germeval2014" / "NER-de-dev.tsv"
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "%"}


def read_germeval(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as (token, outer tag) lists."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        parts = line.split("\t")
        current.append((parts[1], parts[2]))
    if current:
        sentences.append(current)
    return sentences


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as (token, tag) lists from ``token<TAB>tag`` lines."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        parts = line.split("\t")
        token = parts[0].split(":", 1)[1] if parts[0][2:3] == ":" else parts[0]
        current.append((token, parts[-1]))
    if current:
        sentences.append(current)
    return sentences


def join(tokens: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence text and each token's (start, end)."""
    text = ""
    offsets = []
    for token, _ in tokens:
        if text and token not in _NO_SPACE_BEFORE:
            text += " "
        offsets.append((len(text), len(text) + len(token)))
        text += token
    return text, offsets


def _sentence_range(spec: str) -> slice:
    if spec == "all":
        return slice(None)
    start, _, end = spec.partition(":")
    return slice(int(start) if start else None, int(end) if end else None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, nargs="+", default=[DEFAULT_CORPUS])
    parser.add_argument("--format", choices=("germeval", "conll"), default="germeval")
    parser.add_argument("--lang", choices=("de", "en"), default="de")
    parser.add_argument("--examples", type=int, default=0, help="print N redacted tokens per type")
    parser.add_argument(
        "--sentences",
        default=None,
        help="START:END (0-based, end exclusive) of each file's sentences, or 'all' "
        "(default: the GermEval tuning split for the default file, all of any other file)",
    )
    args = parser.parse_args()
    redactor = build_redactor(PiiConfig())
    outside = capitalised = redacted = redacted_capitalised = 0
    by_type: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    read = read_germeval if args.format == "germeval" else read_conll
    spec = args.sentences or (
        f"{GERMEVAL_TRAIN_END}:{GERMEVAL_TUNE_END}" if args.corpus == [DEFAULT_CORPUS] else "all"
    )
    chosen = _sentence_range(spec)
    sentences = [sentence for path in args.corpus for sentence in read(path)[chosen]]
    for tokens in sentences:
        text, offsets = join(tokens)
        findings = redactor.analyze(text, language=args.lang)
        for (token, tag), (start, end) in zip(tokens, offsets, strict=True):
            if "PER" in tag.upper():
                continue
            outside += 1
            upper = token[:1].isupper()
            capitalised += upper
            hit = next((f for f in findings if f.start < end and start < f.end), None)
            if hit is None:
                continue
            redacted += 1
            redacted_capitalised += upper
            by_type[hit.entity_type] += 1
            examples.setdefault(hit.entity_type, []).append(text[hit.start : hit.end])
    names = ", ".join(path.name for path in args.corpus)
    print(f"corpus: {names}, tokens outside PER: {outside} ({capitalised} capitalised)")
    print(f"redacted: {redacted} = {redacted / outside:.2%} of tokens outside PER; "
          f"capitalised: {redacted_capitalised} = {redacted_capitalised / capitalised:.2%}")
    for entity, count in by_type.most_common():
        print(f"  {entity:18} {count:5d} tokens")
        for example in sorted(set(examples[entity]))[: args.examples]:
            print(f"      {example!r}")


if __name__ == "__main__":
    main()
