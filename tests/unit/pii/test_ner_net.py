"""The name detector's net (pii.ner.net): numpy tags as torch does, the shipped weights hold
their floors on a frozen tuning sample, and the model averages the net with the CRF."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from pii.ner.corpus import read_corpus
from pii.ner.model import (
    BEGIN,
    CLUSTER_LANGUAGES,
    INSIDE,
    MODEL_DIR,
    NET_LANGUAGES,
    build_model,
    cluster_path,
    model_path,
    net_path,
)
from pii.ner.net import NameNet
from pii.ner.training import score_model

SAMPLES = Path(__file__).parents[2] / "pii" / "ner_sample"
SAMPLE = SAMPLES / "germeval_tune_de.conll"
# The shipped net alone (net_weight 1; ordinary words and texts under three tokens keep the
# CRF) and the CRF + net average on a frozen sample of the language's tuning split
# (MODEL_CARD.md) with the shipped decoding, recall / precision:
# - de, GermEval dev 1321-1760 (128 names): net 0.734 / 0.798, average 0.766 / 0.854 (CRF
#   alone at the same threshold 0.766 / 0.853);
# - en, the first 600 sentences of wikiann-en-tune (287 names): net 0.815 / 0.778, average
#   0.829 / 0.783 (CRF alone 0.812 / 0.780).
# Floors ~0.04 lower, and the average must find at least the CRF's names: a broken, random
# or swapped .npz fails.
TUNE_SAMPLES = {"de": SAMPLE, "en": SAMPLES / "wikiann_tune_en.conll"}
NET_FLOORS = {"de": (0.70, 0.76), "en": (0.77, 0.74)}
AVERAGE_FLOORS = {"de": (0.72, 0.80), "en": (0.79, 0.74)}
MAX_LANGUAGE_BYTES = 30 * 1024 * 1024
TEXTS = [
    "Sehr geehrte Frau Demir, Herr Schmidt sagte . Dr. K. Schmidt kam !",
    "ich heiße anna schmidt und wohne in köln",
    "Müller",
]


@pytest.mark.parametrize("language", sorted(NET_LANGUAGES))
def test_when_package_built_then_crf_clusters_and_net_ship_within_budget(language: str) -> None:
    files = [model_path(language), net_path(language), MODEL_DIR / f"{language}.common.txt"]
    if language in CLUSTER_LANGUAGES:
        files.append(cluster_path(language))

    assert all(f.is_file() for f in files)
    assert sum(f.stat().st_size for f in files) <= MAX_LANGUAGE_BYTES


def _sample_scores(language: str, net_weight: float | None) -> tuple[float, float, int]:
    """Recall, precision and names caught on the language's sample (net_weight None: the
    CRF alone)."""
    model = build_model(language)
    # The models' probabilities are compared, not the decoding rules after them: the lone
    # first-name rule (pii.ner.lone_names) adds names to both, also one the net found
    # already ("Roque"), which tips a tie.
    model.lone_first_names = False
    if net_weight is None:
        model._net = None
    else:
        model.net_weight = net_weight
    score = score_model(model.find_tokens, read_corpus(TUNE_SAMPLES[language], "conll"))
    return score.recall, score.precision, score.caught


@pytest.mark.parametrize("language", sorted(NET_LANGUAGES))
def test_when_frozen_tuning_sample_scored_then_net_alone_meets_its_floors(language: str) -> None:
    recall, precision, _ = _sample_scores(language, 1.0)

    assert recall >= NET_FLOORS[language][0]
    assert precision >= NET_FLOORS[language][1]


@pytest.mark.parametrize("language", sorted(NET_LANGUAGES))
def test_when_frozen_tuning_sample_scored_then_average_meets_floors_and_keeps_crf_names(
    language: str,
) -> None:
    recall, precision, caught = _sample_scores(language, 0.5)
    *_, crf_caught = _sample_scores(language, None)

    assert recall >= AVERAGE_FLOORS[language][0]
    assert precision >= AVERAGE_FLOORS[language][1]
    assert caught >= crf_caught


class _SureNet:
    """A stand-in net: every capitalised word begins a name, with certainty."""

    def probabilities(self, words: list[str]) -> np.ndarray:
        return np.array([[0.0, 1.0, 0.0] if w[:1].isupper() else [1.0, 0.0, 0.0] for w in words])


def test_when_net_weighs_half_then_name_probability_is_the_average() -> None:
    model = build_model("de")
    model._net = _SureNet()  # type: ignore[assignment]
    words = "Gestern kam Zorbowski nach Hause".split()
    crf = {(BEGIN, 2): 0.3, (INSIDE, 2): 0.1}

    best = ["O"] * len(words)
    probability = model._ensemble(words, best, lambda label, i: crf.get((label, i), 0.0), True)

    assert probability(2) == pytest.approx(0.5 * 0.4 + 0.5 * 1.0)
    assert probability(1) == pytest.approx(0.0)  # lower case: the CRF's 0 and the net's 0
    assert best[2] == BEGIN  # 0.65 for B-PER against 0.3 for O


def test_when_net_says_no_name_then_average_drops_a_name_the_crf_alone_finds() -> None:
    model = build_model("de")
    text = "Gestern sagte Angela Merkel in Berlin etwas."
    crf_names = [text[s.start : s.end] for s in build_model("de").find(text)]

    class _NoNames:
        def probabilities(self, words: list[str]) -> np.ndarray:
            return np.array([[1.0, 0.0, 0.0]] * len(words))

    model._net = _NoNames()  # type: ignore[assignment]
    model.net_weight = 1.0

    assert "Angela Merkel" in crf_names
    assert model.find(text) == []


@pytest.mark.parametrize("language", NET_LANGUAGES)
def test_when_shipped_net_tags_then_numpy_probabilities_equal_torch_reference(
    language: str,
) -> None:
    # Written by bench/ner_net_reference.py: the shipped weights loaded back into the
    # training code's torch modules, softmax over the first sentences of the tuning sample.
    reference = SAMPLES / f"{language}_net_torch_reference.npz"
    with np.load(reference, allow_pickle=False) as data:
        tokens, lengths = data["tokens"].tolist(), data["lengths"].tolist()
        expected = data["probabilities"]
    net = NameNet(net_path(language), build_model(language).featurizer)
    starts = np.cumsum([0, *lengths])

    got = [net.probabilities(tokens[a:b]) for a, b in itertools.pairwise(starts)]

    assert len(got) >= 50
    assert np.abs(np.concatenate(got) - expected).max() <= 1e-5


def test_when_word_cache_overflows_then_probabilities_stay_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pii.ner import net as net_module

    featurizer = build_model("de").featurizer
    texts = [list(s.tokens) for s in read_corpus(SAMPLE, "conll")[:30]]
    expected = [NameNet(net_path("de"), featurizer).probabilities(t) for t in texts]
    monkeypatch.setattr(net_module, "_CACHE_LIMIT", 8)
    small = NameNet(net_path("de"), featurizer)

    got = [small.probabilities(t) for t in texts]

    assert all(np.allclose(a, b, rtol=0, atol=1e-6) for a, b in zip(got, expected, strict=True))


@pytest.mark.parametrize(
    "text",
    ["Rentenbescheid", "Meldebescheinigung", "Grundsteuerbescheid", "Steuerauskunft anfordern"],
)
def test_when_text_has_fewer_than_three_tokens_then_net_is_not_consulted(text: str) -> None:
    model = build_model("de")

    assert model.find(text) == []


@pytest.mark.parametrize("text", ["Ich bin Fremd hier", "Ich bin Wach seit fünf Uhr"])
def test_when_ordinary_word_is_written_with_a_capital_then_net_does_not_make_it_a_name(
    text: str,
) -> None:
    model = build_model("de")

    assert model.find(text) == []


@pytest.mark.parametrize(
    "text", ["Forward the attachment", "Tabulate our invoice", "Reissue our invoice"]
)
def test_when_english_request_starts_with_a_verb_then_net_alone_does_not_make_it_a_name(
    text: str,
) -> None:
    model = build_model("en")

    assert model.find(text) == []


def test_when_first_word_precedes_an_article_then_both_models_must_call_it_a_name() -> None:
    model = build_model("en")
    model._net = _SureNet()  # type: ignore[assignment]
    crf = {(BEGIN, 0): 0.3}
    words = "Archive the letters".split()
    best = [BEGIN, "O", "O"]

    probability = model._ensemble(words, best, lambda label, i: crf.get((label, i), 0.0), True)

    assert probability(0) == pytest.approx(0.3)  # the lower of CRF 0.3 and net 1.0
    assert best[0] == "O"


def test_when_first_word_before_an_article_is_a_name_to_both_models_then_it_stays_one() -> None:
    model = build_model("en")
    model._net = _SureNet()  # type: ignore[assignment]
    crf = {(BEGIN, 0): 0.9}
    words = "Kowalczyk the butcher".split()
    best = [BEGIN, "O", "O"]

    probability = model._ensemble(words, best, lambda label, i: crf.get((label, i), 0.0), True)

    assert probability(0) == pytest.approx(0.9)
    assert best[0] == BEGIN
