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
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pii.ner.corpus import LabelledSentence, entities, is_word

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


# --- Token-labelled NER corpora through the real redactor (`leitplanke pii evaluate`) -------

# Gold classes a redacted entity type may stand for (LER: ST city, STR street, LD state ...).
COMPATIBLE_GOLD = {
    "PERSON": frozenset({"PER"}),
    "LOCATION": frozenset({"LOC", "LD", "LDS", "ST", "STR", "LOC-PART", "LOC-DERIV"}),
    "ADDRESS": frozenset({"LOC", "LD", "LDS", "ST", "STR"}),
}


@dataclass(frozen=True, slots=True)
class Redaction:
    """A redacted character range of a text and the entity type it was redacted as."""

    start: int
    end: int
    entity_type: str


@dataclass(slots=True)
class RedactionReport:
    """What the redactor did to a token-labelled corpus.

    Attributes:
        gold: gold entities per corpus class (``PER``, ``LOC``, ...).
        caught: gold entities whose every token was redacted (by any entity type).
        predicted: redacted spans per redaction entity type.
        correct: redacted spans lying mostly inside gold entities of a compatible class.
        capitalised_outside: capitalised tokens outside every gold entity.
        over_redacted: those of them that were redacted.
        misses: (class, entity text) of gold entities not fully redacted (first 200).
        false_positives: (type, redacted text) of spans outside gold entities (first 200).
    """

    gold: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    capitalised_outside: int = 0
    over_redacted: int = 0
    sentences: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str]] = field(default_factory=list)

    def recall(self, kind: str) -> float:
        """Caught / gold of a corpus class (1.0 without gold)."""
        return self.caught[kind] / self.gold[kind] if self.gold[kind] else 1.0

    def precision(self, entity_type: str) -> float:
        """Correct / predicted of a redaction type (1.0 without predictions)."""
        predicted = self.predicted[entity_type]
        return self.correct[entity_type] / predicted if predicted else 1.0

    @property
    def over_redaction(self) -> float:
        """Share of ordinary capitalised tokens (outside gold entities) that were redacted."""
        return self.over_redacted / self.capitalised_outside if self.capitalised_outside else 0.0

    def as_dict(self) -> dict[str, object]:
        """JSON-ready figures (no texts)."""
        return {
            "sentences": self.sentences,
            "recall": {
                k: {"gold": n, "caught": self.caught[k], "recall": round(self.recall(k), 4)}
                for k, n in sorted(self.gold.items())
            },
            "precision": {
                t: {"predicted": n, "correct": self.correct[t],
                    "precision": round(self.precision(t), 4)}
                for t, n in sorted(self.predicted.items())
            },
            "over_redaction": {
                "capitalised_outside": self.capitalised_outside,
                "redacted": self.over_redacted,
                "share": round(self.over_redaction, 4),
            },
        }


def _possessive(token: str) -> int:
    """Length of an English possessive ending of ``token`` ("'s", "’s"), else 0."""
    return 2 if len(token) > 2 and token[-2:].lower() in ("'s", "’s") else 0


def evaluate_redaction(
    sentences: Iterable[LabelledSentence],
    redact: Callable[[str], list[Redaction]],
    *,
    keep_examples: int = 200,
) -> RedactionReport:
    """Scores a redactor on token-labelled sentences (see :mod:`pii.ner.corpus`).

    Each sentence becomes one text, its tokens joined by single spaces. A token counts as
    redacted when every letter and digit of it lies inside a redaction; an entity is caught
    when every one of its word tokens is (punctuation inside an entity is no personal data).
    """
    report = RedactionReport()
    for sentence in sentences:
        tokens = sentence.tokens
        report.sentences += 1
        offsets: list[tuple[int, int]] = []
        pos = 0
        for token in tokens:
            offsets.append((pos, pos + len(token)))
            pos += len(token) + 1
        text = " ".join(tokens)
        redactions = redact(text)
        hidden = [False] * len(text)
        for r in redactions:
            hidden[r.start : r.end] = [True] * (r.end - r.start)
        # Punctuation is no personal data: "K." is redacted when "K" is; neither is an
        # English possessive clitic kept in the token ("Smith's": redacted when "Smith" is;
        # CoNLL-style corpora split it off as a token of its own).
        redacted = [
            all(hidden[j] for j in range(s, e - _possessive(text[s:e])) if text[j].isalnum())
            for s, e in offsets
        ]
        gold = entities(sentence.tags)
        gold_class = ["" for _ in tokens]
        for kind, first, end in gold:
            gold_class[first:end] = [kind] * (end - first)
            report.gold[kind] += 1
            if all(redacted[i] for i in range(first, end) if is_word(tokens[i])):
                report.caught[kind] += 1
            elif len(report.misses) < keep_examples:
                report.misses.append((kind, " ".join(tokens[first:end])))
        for i, token in enumerate(tokens):
            if not gold_class[i] and token[:1].isupper():
                report.capitalised_outside += 1
                report.over_redacted += redacted[i]
        for r in redactions:
            touched = [i for i, (s, e) in enumerate(offsets) if s < r.end and e > r.start]
            if not touched:
                continue
            compatible = COMPATIBLE_GOLD.get(r.entity_type)
            inside = sum(
                bool(gold_class[i]) and (compatible is None or gold_class[i] in compatible)
                for i in touched
            )
            report.predicted[r.entity_type] += 1
            if inside * 2 >= len(touched):
                report.correct[r.entity_type] += 1
            elif len(report.false_positives) < keep_examples:
                report.false_positives.append((r.entity_type, text[r.start : r.end]))
    return report
