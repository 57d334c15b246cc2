"""Issue 19: the labelled case file (tests/pii/issue19/cases.jsonl) is well formed.

Only the file's shape is checked here, nothing is redacted: hold-out rounds must not be
run while they are written (test_issue19_cases.py asserts the tune splits, and
bench/bench_pii_issue19.py reports the hold-outs)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).resolve().parents[2] / "pii" / "issue19" / "cases.jsonl"
FIELDS = {"id", "category", "lang", "split", "body", "secrets", "keep"}
CATEGORIES = {"request", "formats", "structured", "conversation", "stream"}
SPLITS = {"tune", "holdout", *(f"holdout{n}" for n in range(2, 24))}


def rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()]


def occurs(text: str, case: dict[str, Any]) -> bool:
    raw = json.dumps([case["body"], case.get("answer")], ensure_ascii=False)
    return text in raw or json.dumps(text, ensure_ascii=False)[1:-1] in raw


def test_when_cases_are_read_then_every_id_is_unique() -> None:
    counts = Counter(row["id"] for row in rows())
    assert [case_id for case_id, count in counts.items() if count > 1] == []


@pytest.mark.parametrize("case", rows(), ids=lambda case: case["id"])
def test_when_case_is_read_then_it_has_its_labels(case: dict[str, Any]) -> None:
    assert FIELDS <= set(case) <= FIELDS | {"answer"}
    assert case["category"] in CATEGORIES
    assert case["lang"] in {"de", "en"}
    assert case["split"] in SPLITS
    assert case["secrets"], "a case without secrets tests nothing"
    assert all(isinstance(text, str) and text for text in case["secrets"] + case["keep"])
    assert [text for text in case["secrets"] + case["keep"] if not occurs(text, case)] == []
    assert ("answer" in case) <= (case["category"] == "stream")


@pytest.mark.parametrize(
    "split",
    [
        "holdout5",
        "holdout6",
        "holdout7",
        "holdout8",
        "holdout9",
        "holdout10",
        "holdout11",
        "holdout12",
        "holdout13",
        "holdout14",
        "holdout15",
        "holdout16",
        "holdout17",
        "holdout18",
        "holdout19",
        "holdout20",
        "holdout21",
        "holdout22",
        "holdout23",
    ],
)
def test_when_a_round_is_read_then_it_covers_every_category_in_both_languages(split: str) -> None:
    cases = [row for row in rows() if row["split"] == split]
    assert len(cases) >= 60
    assert {(row["category"], row["lang"]) for row in cases} == {
        (category, lang) for category in CATEGORIES for lang in ("de", "en")
    }
