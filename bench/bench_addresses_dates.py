"""Addresses and dates (issue 20 item 5): recall of whole addresses, personal vs other dates.

Usage:
    .venv/bin/python bench/bench_addresses_dates.py [--set SET] [--show-errors]

SET is tune (default), holdout, holdout_b, holdout_c, holdout_faker or holdout_faker2:
tests/pii/addresses/SET.jsonl, built by tests/pii/addresses/generate.py and generate_faker.py
(their docstrings say what each hold-out was for and which fixes followed a first run;
bench/RESULTS_PII.md reports each first run). Runs the gateway's redactor over the set and
prints per language and template family:
    * address recall "one entity": a single ADDRESS finding covers every non-space character
      of the labelled address (street to postcode) — the headline figure;
    * address recall "covered": at least 80 % of its characters covered by address findings
      (pii.evaluation's rule, as in bench/bench_pii.py);
    * personal dates found (DATE_OF_BIRTH / DATE_TIME, 80 % coverage) and ordinary dates
      (deadlines, history, document dates, month names) wrongly redacted;
    * precision of all findings on the set (pii.evaluation's rule).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pii.engine import Finding, PresidioRedactor, build_redactor  # noqa: E402
from pii.evaluation import Sample, Span, evaluate, load_corpus  # noqa: E402
from pii.types import PiiConfig  # noqa: E402

SETS = ROOT / "tests" / "pii" / "addresses"


def covered_as_one(text: str, gold: Span, findings: list[Finding]) -> bool:
    """True when one ADDRESS finding covers every non-space character of ``gold``."""
    chars = [i for i in range(gold.start, gold.end) if not text[i].isspace()]
    return any(
        f.entity_type == "ADDRESS" and f.start <= chars[0] and f.end > chars[-1]
        for f in findings
    )


def score(samples: list[Sample], redactor: PresidioRedactor, show_errors: bool) -> None:
    """Prints the tables described in the module docstring."""
    findings = {s.id: redactor.analyze(s.text, language=s.lang) for s in samples}

    def predict(sample: Sample) -> list[Span]:
        return [Span(f.start, f.end, f.entity_type) for f in findings[sample.id]]

    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for sample in samples:
        if not sample.source.startswith("address-"):
            continue
        gold = next(span for span in sample.spans if span.label == "ADDRESS")
        one = covered_as_one(sample.text, gold, findings[sample.id])
        covered = evaluate([sample], predict).by_type["ADDRESS"].found == 1
        for key in ((sample.lang, sample.source[8:]), (sample.lang, "all")):
            rows[key][0] += 1
            rows[key][1] += one
            rows[key][2] += covered
        if show_errors and not one:
            found = [(f.entity_type, sample.text[f.start : f.end]) for f in findings[sample.id]]
            print(f"  MISS {sample.id} {sample.text[gold.start:gold.end]!r} -> {found}")
    print(f"{'lang':4} {'family':12} {'n':>4} {'one entity':>10} {'covered':>8}")
    for (lang, family), (n, one, covered) in sorted(rows.items()):
        print(f"{lang:4} {family:12} {n:4d} {one / n:10.3f} {covered / n:8.3f}")

    personal = [s for s in samples if s.source == "date-personal"]
    ordinary = [s for s in samples if s.source == "date-ordinary"]
    for lang in ("de", "en") if personal else ():
        report = evaluate([s for s in personal if s.lang == lang], predict)
        dates = [v for k, v in report.by_type.items() if k.startswith("DATE")]
        found, gold = sum(v.found for v in dates), sum(v.gold for v in dates)
        wrong = [s for s in ordinary if s.lang == lang and findings[s.id]]
        print(f"{lang} personal dates found {found}/{gold} = {found / gold:.3f}; ordinary "
              f"date sentences with a redaction {len(wrong)}/"
              f"{sum(s.lang == lang for s in ordinary)}")
        if show_errors:
            for miss in report.misses:
                if miss[1].startswith("DATE"):
                    print("  MISS", miss)
            for sample in wrong:
                values = [sample.text[f.start : f.end] for f in findings[sample.id]]
                print("  FP  ", sample.id, values)
    overall = evaluate(samples, predict)
    print(f"precision of all findings on the set: {overall.precision:.3f} "
          f"({overall.predicted} findings)")
    if show_errors:
        for fp in overall.false_positives:
            print("  FP  ", fp)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--set",
        choices=("tune", "holdout", "holdout_b", "holdout_c", "holdout_faker", "holdout_faker2"),
        default="tune",
    )
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    redactor = build_redactor(PiiConfig())
    samples = load_corpus([SETS / f"{args.set}.jsonl"])
    print(f"== {args.set}.jsonl: {len(samples)} messages")
    score(samples, redactor, args.show_errors)


if __name__ == "__main__":
    main()
