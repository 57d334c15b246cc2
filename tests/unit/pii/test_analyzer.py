"""The lean analyzer and the caching registry give exactly Presidio's own results."""

from __future__ import annotations

import pytest
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from pii.analyzer import CachingRecognizerRegistry, LeanAnalyzerEngine
from pii.engine import PresidioRedactor
from pii.normalize import normalize
from tests.unit.pii.corpus import corpus_samples


class BoostingRecognizer(PatternRecognizer):
    """Overrides the per-recognizer context step: raises its score when others found more."""

    def __init__(self) -> None:
        super().__init__(
            supported_entity="CASE_NUMBER",
            patterns=[Pattern("case", r"\b[A-Z]{2}-\d{4}-\d{5}\b", 0.4)],
            supported_language="de",
            name="BoostingRecognizer",
        )

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        for result in raw_recognizer_results:
            result.score = min(1.0, result.score + 0.1 * len(other_raw_recognizer_results))
        return raw_recognizer_results


def _engines(redactor: PresidioRedactor) -> tuple[AnalyzerEngine, AnalyzerEngine]:
    """(lean engine, Presidio's engine) over the same recognizers, NLP and context enhancer."""
    lean = redactor._analyzer
    recognizers = [*lean.registry.recognizers, BoostingRecognizer()]
    cached = CachingRecognizerRegistry(supported_languages=lean.supported_languages)
    plain = RecognizerRegistry(supported_languages=lean.supported_languages)
    for recognizer in recognizers:
        cached.add_recognizer(recognizer)
        plain.add_recognizer(recognizer)
    common = {
        "nlp_engine": lean.nlp_engine,
        "supported_languages": lean.supported_languages,
        "context_aware_enhancer": lean.context_aware_enhancer,
    }
    return LeanAnalyzerEngine(registry=cached, **common), AnalyzerEngine(registry=plain, **common)


def _results(engine: AnalyzerEngine, text: str, language: str, entities: list[str]) -> list:
    found = engine.analyze(text=text, language=language, entities=entities, score_threshold=0.5)
    return sorted((r.entity_type, r.start, r.end, r.score) for r in found)


def test_lean_engine_finds_what_presidio_finds_on_the_corpus(redactor: PresidioRedactor) -> None:
    lean, presidio = _engines(redactor)
    total = 0
    for sample in corpus_samples():
        text = normalize(sample["text"]).text
        language = sample["lang"]
        entities = sorted(
            {
                e
                for r in lean.registry.get_recognizers(language, all_fields=True)
                for e in r.supported_entities
            }
        )
        expected = _results(presidio, text, language, entities)
        assert _results(lean, text, language, entities) == expected, text
        total += len(expected)
    case = "Aktenzeichen WG-2024-12345, IBAN DE89 3704 0044 0532 0130 00, Tel. 0171 1234567"
    wanted = ["CASE_NUMBER", "IBAN_CODE", "PHONE_NUMBER"]
    expected = _results(presidio, case, "de", wanted)
    assert _results(lean, case, "de", wanted) == expected
    boosted = sum(1 for r in expected if r[0] == "CASE_NUMBER" and r[3] > 0.5)
    assert total > 500  # the corpus is full of personal data: the comparison is not vacuous
    assert boosted == 1  # the overriding recognizer's own step ran (0.4 + 2 x 0.1)


def test_registry_cache_follows_changes_of_the_registry() -> None:
    registry = CachingRecognizerRegistry(supported_languages=["de"])
    first = BoostingRecognizer()
    registry.add_recognizer(first)
    assert registry.get_recognizers("de", ["CASE_NUMBER"]) == [first]
    second = BoostingRecognizer()
    registry.add_recognizer(second)
    assert set(registry.get_recognizers("de", ["CASE_NUMBER"])) == {first, second}
    registry.remove_recognizer("BoostingRecognizer")
    with pytest.raises(ValueError, match="No matching recognizers"):  # as Presidio's registry
        registry.get_recognizers("de", ["CASE_NUMBER"])
    ad_hoc: list[EntityRecognizer] = [first]
    assert registry.get_recognizers("de", ["CASE_NUMBER"], ad_hoc_recognizers=ad_hoc) == [first]


def test_patterns_match_without_regex_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the timeout Presidio's pattern recognizers find the same values (and a slow
    pattern can no longer be skipped silently)."""
    import presidio_analyzer.pattern_recognizer as pattern_module

    from pii.analyzer import match_patterns_without_timeout

    monkeypatch.setattr(pattern_module, "REGEX_TIMEOUT_SECONDS", 60)
    recognizer = PatternRecognizer(
        supported_entity="CASE_NUMBER",
        patterns=[Pattern("case", r"\b[A-Z]{2}-\d{4}-\d{5}\b", 0.4)],
        supported_language="de",
    )
    text = "Aktenzeichen KG-2023-00417 und WG-2024-12345."
    with_timeout = [(r.start, r.end, r.score) for r in recognizer.analyze(text, ["CASE_NUMBER"])]
    match_patterns_without_timeout()
    assert pattern_module.REGEX_TIMEOUT_SECONDS is None
    without = [(r.start, r.end, r.score) for r in recognizer.analyze(text, ["CASE_NUMBER"])]
    assert without == with_timeout == [(13, 26, 0.4), (31, 44, 0.4)]
