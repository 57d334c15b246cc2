"""Precision/recall of the redactor on a span-labelled corpus (used by bench and tests).

Matching is by characters, which is what matters for redaction:
    * a gold span is *found* when at least ``MIN_COVERAGE`` of its non-space characters are
      covered by predictions of a compatible type (recall per type), and *hidden* when they
      are covered by predictions of any type (leak rate);
    * a prediction is *correct* when at least half of its non-space characters lie inside
      gold spans of a compatible type (precision per type) or of any type (overall).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

MIN_COVERAGE = 0.8
# Types that are interchangeable for scoring (same kind of value, same protection).
GROUPS = {
    "DE_ID_CARD": "ID_DOCUMENT",
    "DE_PASSPORT": "ID_DOCUMENT",
    "DATE_OF_BIRTH": "DATE",
    "DATE_TIME": "DATE",
    "LOCATION": "ADDRESS",
}


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character range."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Sample:
    """One corpus message."""

    id: str
    lang: str
    source: str
    text: str
    spans: tuple[Span, ...]


@dataclass(slots=True)
class TypeScore:
    """Counts for one entity type."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        """Found / gold (1.0 without gold spans)."""
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Correct / predicted (1.0 without predictions)."""
        return self.correct / self.predicted if self.predicted else 1.0


@dataclass(slots=True)
class Report:
    """Scores of a corpus run."""

    by_type: dict[str, TypeScore] = field(default_factory=dict)
    gold: int = 0
    hidden: int = 0
    predicted: int = 0
    correct_any: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of predictions that cover personal data of any type."""
        return self.correct_any / self.predicted if self.predicted else 1.0

    @property
    def hidden_rate(self) -> float:
        """Share of gold values hidden by a prediction of any type (1 - leak rate)."""
        return self.hidden / self.gold if self.gold else 1.0

    def score(self, label: str) -> TypeScore:
        """The (possibly empty) score of ``label``."""
        return self.by_type.setdefault(label, TypeScore())


def group(label: str) -> str:
    """The scoring group of an entity type."""
    return GROUPS.get(label, label)


def load_corpus(paths: Iterable[Path]) -> list[Sample]:
    """Reads JSONL corpus files."""
    samples = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)
                samples.append(
                    Sample(
                        id=raw["id"],
                        lang=raw["lang"],
                        source=raw["source"],
                        text=raw["text"],
                        spans=tuple(Span(s["start"], s["end"], s["label"]) for s in raw["spans"]),
                    )
                )
    return samples


def _chars(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if not text[i].isspace()}


def evaluate(samples: Iterable[Sample], predict: Callable[[Sample], list[Span]]) -> Report:
    """Scores ``predict`` on ``samples``."""
    report = Report()
    for sample in samples:
        predictions = predict(sample)
        text = sample.text
        for gold in sample.spans:
            chars = _chars(text, gold.start, gold.end)
            same = set().union(*(
                _chars(text, p.start, p.end)
                for p in predictions
                if group(p.label) == group(gold.label)
            ))
            anything = set().union(*(_chars(text, p.start, p.end) for p in predictions))
            score = report.score(gold.label)
            score.gold += 1
            report.gold += 1
            if len(chars & same) >= MIN_COVERAGE * len(chars):
                score.found += 1
            else:
                report.misses.append((sample.id, gold.label, text[gold.start : gold.end]))
            if len(chars & anything) >= MIN_COVERAGE * len(chars):
                report.hidden += 1
        for prediction in predictions:
            chars = _chars(text, prediction.start, prediction.end)
            same = set().union(*(
                _chars(text, g.start, g.end)
                for g in sample.spans
                if group(g.label) == group(prediction.label)
            ))
            anything = set().union(*(_chars(text, g.start, g.end) for g in sample.spans))
            score = report.score(prediction.label)
            score.predicted += 1
            report.predicted += 1
            if len(chars & same) * 2 >= len(chars):
                score.correct += 1
            if len(chars & anything) * 2 >= len(chars):
                report.correct_any += 1
            else:
                report.false_positives.append(
                    (sample.id, prediction.label, text[prediction.start : prediction.end])
                )
    return report
