"""Training inputs of the name detector: generated sentences and the extra name lists."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from pii.ner.corpus import PERSON, entities
from pii.ner.features import Featurizer
from pii.ner.model import (
    EXTRA_FIRST_NAMES_FILE,
    EXTRA_NAME_LANGUAGES,
    EXTRA_SURNAMES_FILE,
    MODEL_DIR,
    WORD_FREQUENCY_LANGUAGES,
    build_lexicons,
    read_words,
)
from pii.ner.name_pools import FIRST_NAMES, SURNAMES
from pii.ner.training import LER_TUNE_SHARE, generated_sentences

LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _corpus(tmp_path: Path) -> Path:
    text = "Guten Tag, mein Name ist Erika Mustermann und ich brauche Hilfe."
    start = text.index("Erika")
    line = {"text": text, "spans": [{"start": start, "end": start + 17, "label": "PERSON"}]}
    path = tmp_path / "de.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def _names(sentence: tuple[tuple[str, ...], tuple[str, ...]]) -> list[str]:
    tokens, tags = sentence
    return [" ".join(tokens[s:e]) for kind, s, e in entities(tags) if kind == PERSON]


def test_when_extra_share_is_one_then_generated_names_come_from_extra_lists(
    tmp_path: Path,
) -> None:
    extra = read_words(MODEL_DIR / EXTRA_FIRST_NAMES_FILE) | read_words(
        MODEL_DIR / EXTRA_SURNAMES_FILE
    )

    sentences = generated_sentences(
        _corpus(tmp_path), random.Random(1), copies=5, extra_share=1.0
    )

    assert len(sentences) == 5
    for sentence in sentences:
        (name,) = _names((sentence.tokens, sentence.tags))
        assert all(word in extra for word in name.split())
        assert "Erika" not in sentence.tokens


def test_when_extra_share_is_zero_then_generated_names_come_from_the_pools(
    tmp_path: Path,
) -> None:
    pools = set(FIRST_NAMES) | set(SURNAMES)

    sentences = generated_sentences(_corpus(tmp_path), random.Random(1), copies=3)

    assert len(sentences) == 3
    for sentence in sentences:
        (name,) = _names((sentence.tokens, sentence.tags))
        assert name.split()[0] in pools


def test_when_extra_name_lists_shipped_then_each_line_is_one_latin_name() -> None:
    for file_name in (EXTRA_FIRST_NAMES_FILE, EXTRA_SURNAMES_FILE):
        words = read_words(MODEL_DIR / file_name)

        assert len(words) > 10_000
        assert all(LATIN_NAME.fullmatch(w) for w in words)


def test_when_extra_lists_shipped_then_features_flag_their_names() -> None:
    assert EXTRA_NAME_LANGUAGES == {"de"}
    german = Featurizer(build_lexicons("de"))
    english = Featurizer(build_lexicons("en"))

    assert "xfn" in german.word_features("Corrado")[0]
    assert "xsn" in german.word_features("ROSSI")[0]
    assert not {"xfn", "xsn"} & set(german.word_features("Antrag")[0])
    # The English model was trained without them: its features stay as trained.
    assert not {"xfn", "xsn"} & set(english.word_features("Corrado")[0])


def test_when_model_directory_lacks_extra_lists_then_no_extra_features(tmp_path: Path) -> None:
    featurizer = Featurizer(build_lexicons("de", tmp_path))

    assert not {"xfn", "xsn"} & set(featurizer.word_features("Corrado")[0])


def test_when_german_model_built_then_word_frequency_flags_are_features() -> None:
    assert WORD_FREQUENCY_LANGUAGES == {"de"}
    german = Featurizer(build_lexicons("de"))
    english = Featurizer(build_lexicons("en"))

    # "Gaskill" is in neither frequency list and no noun; "Haus" is frequent German.
    gaskill, haus = german.word_features("Gaskill"), german.word_features("Haus")
    assert {"zde=0", "zen=0", "rare", "cap&rare"} <= set(gaskill[0])
    assert "-1:rare" in gaskill[2]  # what the token after it sees
    assert {"zde=6", "zen=0"} <= set(haus[0])
    assert "rare" not in haus[0]
    # Not written like a word: an abbreviation is no rare name ("RdNr").
    assert "rare" not in german.word_features("RdNr")[0]
    # The English model was trained without them.
    assert not [f for f in english.word_features("Gaskill")[0] if f.startswith("z")]


def test_when_shipped_then_ler_dev_is_all_training() -> None:
    assert LER_TUNE_SHARE == 0.0
