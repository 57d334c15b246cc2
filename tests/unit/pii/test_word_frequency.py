"""pii.word_frequency: ordinary words are known, rare surnames are not."""

from __future__ import annotations

from pii import word_frequency


def test_ordinary_words_are_common_in_their_language() -> None:
    assert word_frequency.zipf("Bescheid", "de") > 4.0
    assert word_frequency.zipf("Bescheid", "en") == 0.0
    assert word_frequency.is_common("jobcenter")
    assert word_frequency.is_common("letter")


def test_rare_surnames_are_unknown() -> None:
    for word in ("eichelkraut", "Roodbergen", "Hańža", "Athanasiadis"):
        assert not word_frequency.is_known(word), word
        assert word_frequency.zipf(word, "de") == 0.0


def test_frequent_surnames_are_known_so_absence_is_the_only_evidence() -> None:
    assert word_frequency.is_known("Müller")
    assert not word_frequency.is_common("Müller", languages=("en",), min_zipf=4.0)


def test_building_the_redactor_loads_the_lists(nlp_cache_dir: str) -> None:
    from pii.engine import build_redactor
    from pii.types import PiiConfig

    word_frequency._frequencies.cache_clear()
    build_redactor(PiiConfig(nlp_cache_dir=nlp_cache_dir))
    assert word_frequency._frequencies.cache_info().currsize == len(word_frequency.LANGUAGES)
