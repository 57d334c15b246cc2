"""Agreed quality floors on the labelled corpus (tests/pii/corpus), so quality cannot regress.

Floors are the issue's targets: recall >= 0.98 for validated identifiers, IBAN, e-mail and
phone; >= 0.90 for names and addresses; overall precision >= 0.90; and evasion cases hidden
>= 0.95. bench/bench_pii.py prints the full table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pii.engine import PresidioRedactor
from pii.evaluation import Report, Span, evaluate, load_corpus

CORPUS = Path(__file__).parents[2] / "pii" / "corpus"
RECALL_FLOORS = {
    "DE_TAX_ID": 0.98,
    "DE_SOCIAL_SECURITY": 0.98,
    "DE_HEALTH_INSURANCE": 0.98,
    "DE_ID_CARD": 0.98,
    "DE_PASSPORT": 0.98,
    "IBAN_CODE": 0.98,
    "EMAIL_ADDRESS": 0.98,
    "PHONE_NUMBER": 0.98,
    "CREDIT_CARD": 0.98,
    "PERSON": 0.90,
    "ADDRESS": 0.90,
}
PRECISION_FLOOR = 0.90
EVASION_HIDDEN_FLOOR = 0.95
MIN_MESSAGES = {"de": 300, "en": 100, "evasion": 100}


@pytest.fixture(scope="module")
def reports(redactor: PresidioRedactor) -> dict[str, Report]:
    samples = load_corpus(sorted(CORPUS.glob("*.jsonl")))

    def predict(sample):  # type: ignore[no-untyped-def]
        found = redactor.analyze(sample.text, language=sample.lang)
        return [Span(f.start, f.end, f.entity_type) for f in found]

    evasion = [s for s in samples if s.id.startswith("evasion-")]
    return {"all": evaluate(samples, predict), "evasion": evaluate(evasion, predict)}


@pytest.mark.parametrize(("name", "count"), sorted(MIN_MESSAGES.items()))
def test_when_corpus_loaded_then_it_has_the_agreed_size(name: str, count: int) -> None:
    assert len(load_corpus([CORPUS / f"{name}.jsonl"])) >= count


@pytest.mark.parametrize(("entity", "floor"), sorted(RECALL_FLOORS.items()))
def test_when_corpus_scored_then_recall_meets_floor(
    reports: dict[str, Report], entity: str, floor: float
) -> None:
    score = reports["all"].by_type[entity]

    assert score.gold > 0
    assert score.recall >= floor


def test_when_corpus_scored_then_overall_precision_meets_floor(
    reports: dict[str, Report],
) -> None:
    assert reports["all"].precision >= PRECISION_FLOOR


def test_when_evasion_corpus_scored_then_values_stay_hidden(reports: dict[str, Report]) -> None:
    assert reports["evasion"].hidden_rate >= EVASION_HIDDEN_FLOOR
