"""Digest of the redactor's outputs on a fixed set of texts: proof that a change is pure cost.

Usage:
    .venv/bin/python bench/redaction_equality.py [--corpora ../shared/corpora/ner]
        [--out outputs.jsonl]

Every text goes through the real redactor (``build_redactor(PiiConfig())``, one new session
per text, language detected as in the gateway): its findings (type, offsets, score) and its
redacted form. Printed: the number of texts and one SHA-256 over all outputs; ``--out`` also
writes them, one JSON line per text, for a diff when the digests differ. A performance change
must leave the digest as it was. The texts:

- the PII corpus ``tests/pii/corpus/{de,en,evasion,handwritten}.jsonl`` (not the hold-outs);
- the load benchmark's 1 KB prompt and 1 KB answer;
- the tuning splits of the name detector: GermEval 2014 dev sentences 1321-1760 and the first
  ``--wikiann`` sentences of WikiANN-en's tuning tenth, each as written and in lower case
  (hold-out sentences are never read).

The issue-19 cases are covered by diffing ``bench/bench_pii_issue19.py --show-errors --corpus``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_load import PROMPT_PII  # noqa: E402
from fake_upstream import ANSWER_PII  # noqa: E402

from pii.engine import build_redactor  # noqa: E402
from pii.ner.corpus import read_corpus  # noqa: E402
from pii.ner.training import GERMEVAL_TRAIN_END, GERMEVAL_TUNE_END  # noqa: E402
from pii.types import PiiConfig  # noqa: E402

CORPUS_FILES = ("de", "en", "evasion", "handwritten")


def texts(corpora: Path, wikiann: int) -> Iterator[str]:
    """The fixed texts, in a fixed order."""
    for name in CORPUS_FILES:
        for line in (ROOT / "tests" / "pii" / "corpus" / f"{name}.jsonl").open(encoding="utf-8"):
            if line.strip():
                yield json.loads(line)["text"]
    yield PROMPT_PII
    yield ANSWER_PII
    germeval = read_corpus(corpora / "germeval2014" / "NER-de-dev.tsv", "germeval")
    wikiann_en = read_corpus(corpora / "wikiann-en" / "train", "wikiann")
    sentences = [
        *germeval[GERMEVAL_TRAIN_END:GERMEVAL_TUNE_END],
        *wikiann_en[len(wikiann_en) * 9 // 10 :][:wikiann],
    ]
    for sentence in sentences:
        text = " ".join(sentence.tokens)
        yield text
        yield text.lower()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora" / "ner")
    parser.add_argument("--wikiann", type=int, default=500)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    redactor = build_redactor(PiiConfig())
    digest = hashlib.sha256()
    lines = []
    count = 0
    for text in texts(args.corpora, args.wikiann):
        session = redactor.new_session()
        entities = session.detect(text)
        record = {
            "findings": [[e.entity_type, e.start, e.end, e.score] for e in entities],
            "redacted": session.apply(text, entities),
        }
        line = json.dumps(record, ensure_ascii=False)
        digest.update(line.encode() + b"\n")
        lines.append(line)
        count += 1
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{count} texts, sha256 {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
