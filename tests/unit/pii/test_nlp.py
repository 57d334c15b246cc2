"""The offline NLP engine: lemmas filled in, and the same artifacts as Presidio's engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from presidio_analyzer.nlp_engine import NlpEngineProvider

from pii.nlp import ArrayNlpEngine, build_nlp_engine, nlp_engine_configuration

CORPUS = Path(__file__).resolve().parents[2] / "pii" / "corpus"
LANGUAGES = ("de", "en")
# Odd tokens on purpose: colons split keywords, punctuation and stop words are dropped.
EXTRA_TEXTS = [
    "",
    "   ",
    "Tel.: 0171/1234567 -- Name:Erika ; die und der :: ???",
    "mailto:erika@example.org be -PRON- Be BE",
    "Zeile eins\n\nZeile zwei\tmit Tab",
]


def _texts() -> list[tuple[str, str]]:
    texts = [(language, text) for language in LANGUAGES for text in EXTRA_TEXTS]
    for name in ("de.jsonl", "en.jsonl", "evasion.jsonl", "handwritten.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            texts.append(("en" if item["lang"] == "en" else "de", item["text"]))
    return texts


@pytest.fixture(scope="module")
def engines(nlp_cache_dir: str) -> tuple[ArrayNlpEngine, object]:
    ours = build_nlp_engine(LANGUAGES, nlp_cache_dir)
    presidio = NlpEngineProvider(
        nlp_configuration=nlp_engine_configuration(LANGUAGES, nlp_cache_dir)
    ).create_engine()
    return ours, presidio


def test_lemmas_are_lower_cased_text(engines: tuple[ArrayNlpEngine, object]) -> None:
    ours, _ = engines
    artifacts = ours.process_text("Meine Steuer-ID lautet 12345", "de")
    assert artifacts.lemmas == ["meine", "steuer-id", "lautet", "12345"]
    assert artifacts.keywords == ["steuer-id", "lautet", "12345"]  # "meine" is a stop word


def test_artifacts_equal_presidios_engine_on_the_corpus(
    engines: tuple[ArrayNlpEngine, object],
) -> None:
    ours, presidio = engines
    texts = _texts()
    assert len(texts) > 600
    for language, text in texts:
        expected = presidio.process_text(text, language)  # type: ignore[attr-defined]
        got = ours.process_text(text, language)
        assert got.tokens_indices == expected.tokens_indices, text
        assert got.lemmas == expected.lemmas, text
        assert got.keywords == expected.keywords, text
        assert [(e.start_char, e.end_char, e.label_) for e in got.entities] == [
            (e.start_char, e.end_char, e.label_) for e in expected.entities
        ], text
        assert got.scores == expected.scores, text
        assert got.nlp_engine is ours
        assert [t.text for t in got.tokens] == [t.text for t in expected.tokens], text


def test_keyword_cache_is_bounded(
    engines: tuple[ArrayNlpEngine, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    ours, _ = engines
    monkeypatch.setattr("pii.nlp.KEYWORD_CACHE_LIMIT", 10)
    for i in range(50):
        ours.process_text(f"wort{i} und noch ein wort{i + 1000}", "de")
    assert len(ours._keyword_parts["de"]) <= 10 + 6  # emptied before a text adds its lemmas
    # Still correct after the cache was emptied.
    assert ours.process_text("Die Antragstellerin", "de").keywords == ["antragstellerin"]
