"""State scores per word (pii.ner.scoring) tag exactly as the full feature lists do."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from pii.ner.corpus import read_corpus
from pii.ner.features import Featurizer
from pii.ner.model import build_lexicons, model_path
from pii.ner.scoring import StateScores, choose_basis, state_weights

SAMPLE = Path(__file__).parents[2] / "pii" / "ner_sample"
FILES = {"de": "germeval_holdout_de.conll", "en": "wikiann_dev_en.conll"}
# Running text (several sentences in one sequence), lower case, and a one-word text.
TEXTS = [
    "Sehr geehrte Frau Demir, Herr Schmidt sagte . Dr. K. Schmidt kam !",
    "ich heiße anna schmidt und wohne in köln",
    "Müller",
]


@pytest.mark.parametrize("language", ["de", "en"])
def test_when_tagged_through_state_scores_then_tags_and_marginals_equal_features(
    language: str,
) -> None:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path(language)))
    featurizer = Featurizer(build_lexicons(language))
    scores = StateScores(model_path(language), tagger, featurizer)
    sentences = [list(s.tokens) for s in read_corpus(SAMPLE / FILES[language], "conll")]
    sequences = [*sentences, *(text.split() for text in TEXTS)]
    tags = 0

    for words in sequences:
        expected = tagger.tag(featurizer.items(words))
        expected_marginals = [tagger.marginal("O", i) for i in range(len(words))]
        actual = tagger.tag(scores.items(words))
        actual_marginals = [tagger.marginal("O", i) for i in range(len(words))]

        assert actual == expected
        assert actual_marginals == pytest.approx(expected_marginals, abs=1e-12)
        tags += sum(tag != "O" for tag in actual)
    assert tags >= 100  # the sample holds names, so the comparison covers both labels


def test_when_weight_vectors_dependent_then_no_basis() -> None:
    weights = {
        "a": np.array([1.0, 0.0, 0.0]),
        "b": np.array([0.0, 1.0, 0.0]),
        "c": np.array([1.0, 1.0, 0.0]),
    }

    with pytest.raises(ValueError, match="basis"):
        choose_basis(weights, 3)


def test_when_file_is_no_crf_model_then_weights_refused(tmp_path: Path) -> None:
    path = tmp_path / "de.crfsuite"
    path.write_bytes(b"\0" * 64)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path("de")))

    with pytest.raises(ValueError, match="not a crfsuite CRF model"):
        state_weights(path, tagger.info())
