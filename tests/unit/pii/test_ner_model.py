"""The shipped name detector: its weights load, and it still scores on a frozen sample.

The sample (tests/pii/ner_sample, from the hold-out splits) is scored with the floors below,
a few points under the figures of the model card, so a broken, untrained or swapped weights
file fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pii.engine import PresidioRedactor
from pii.ner.corpus import read_corpus
from pii.ner.features import Token, tokenize
from pii.ner.model import (
    MODEL_DIR,
    NameModel,
    build_lexicons,
    load_model,
    model_path,
    spans_from_tags,
)
from pii.ner.training import cased_variants, score_model

SAMPLE = Path(__file__).parents[2] / "pii" / "ner_sample"
# (language, file, recall floor, precision floor): the shipped model scores 0.734/0.920 (de,
# with word clusters since 2026-12-07; 0.646/0.900 before, 0.608/0.870 before the retraining
# of 2026-12-06 night) and 0.781/0.923 (en) on these files; the floors are ~0.05 lower, so
# the model before the clusters fails the German one.
FLOORS = [
    ("de", "germeval_holdout_de.conll", 0.68, 0.87),
    ("en", "wikiann_dev_en.conll", 0.73, 0.87),
]
MAX_MODEL_BYTES = 30 * 1024 * 1024


@pytest.mark.parametrize("language", ["de", "en"])
def test_when_package_built_then_weights_ship_within_budget(language: str) -> None:
    path = model_path(language)

    assert path.is_file()
    assert path.stat().st_size <= MAX_MODEL_BYTES
    assert (MODEL_DIR / f"{language}.common.txt").is_file()


@pytest.mark.parametrize(("language", "name", "recall", "precision"), FLOORS)
def test_when_frozen_sample_scored_then_model_meets_its_floors(
    language: str, name: str, recall: float, precision: float
) -> None:
    sentences = read_corpus(SAMPLE / name, "conll")

    score = score_model(load_model(language).find_tokens, sentences)

    assert score.gold >= 100
    assert score.recall >= recall
    assert score.precision >= precision


@pytest.mark.parametrize("language", ["de", "en"])
def test_when_sample_lower_cased_then_recall_keeps_four_fifths(language: str) -> None:
    name = dict((f[0], f[1]) for f in FLOORS)[language]
    sentences = read_corpus(SAMPLE / name, "conll")
    model = load_model(language)

    mixed = score_model(model.find_tokens, sentences).recall
    variants = cased_variants(sentences)

    assert score_model(model.find_tokens, variants["lower"]).recall >= 0.8 * mixed
    assert score_model(model.find_tokens, variants["upper"]).recall >= 0.8 * mixed


def test_when_tags_end_in_particle_then_span_trimmed() -> None:
    tokens = [Token(w, 0, 0) for w in "sagte von der Heide von".split()]

    assert spans_from_tags([t.text for t in tokens], ["O", "B-PER", "I-PER", "I-PER", "I-PER"]) == [
        (3, 4)
    ]


def test_when_full_name_seen_then_bare_surname_found_elsewhere() -> None:
    text = "Gestern traf Alexander Dobrindt die Presse. Danach sagte Dobrindt nichts mehr."
    model = load_model("de")

    found = [text[s.start : s.end] for s in model.find(text)]

    assert found == ["Alexander Dobrindt", "Dobrindt"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Der Antrag von Mehmet Yılmaz ist eingegangen.", "Mehmet Yılmaz"),
        ("Bitte rufen Sie Frau Nguyen Thi Lan zurück.", "Nguyen Thi Lan"),
        ("Zuständig ist Herr Jan-Hendrik von der Heide.", "Heide"),
        ("Ayşe Öztürk-Kaya wohnt seit 2019 in Köln.", "Öztürk-Kaya"),
        ("der antrag von anna schmidt ist da", "schmidt"),
        ("DER ANTRAG VON ANNA SCHMIDT IST DA", "SCHMIDT"),
        ("Grzegorz Wiśniewski hat den Bescheid erhalten.", "Wiśniewski"),
        ("Laut Khaled Al-Hashimi fehlt die Meldebescheinigung.", "Al-Hashimi"),
    ],
)
def test_when_name_of_many_shapes_then_redacted(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    redacted = redactor.new_session().redact(text, language="de")

    assert name not in redacted


@pytest.mark.parametrize(
    "text",
    [
        "Der Bescheid über das Wohngeld wurde am Montag verschickt.",
        "Das Bürgeramt hat die Meldebescheinigung ausgestellt.",
    ],
)
def test_when_no_name_then_nothing_redacted(redactor: PresidioRedactor, text: str) -> None:
    assert redactor.new_session().redact(text, language="de") == text


def test_when_text_tokenized_then_offsets_point_into_text() -> None:
    text = "O'Connor und Müller-Lüdenscheidt."

    assert [(t.text, text[t.start : t.end]) for t in tokenize(text)][:3] == [
        ("O'Connor", "O'Connor"),
        ("und", "und"),
        ("Müller-Lüdenscheidt", "Müller-Lüdenscheidt"),
    ]


def test_when_initials_and_titles_tokenized_then_period_stays_with_them() -> None:
    # The training corpora keep "Dr." and "K." as one token; so must the run-time tokenizer.
    assert [t.text for t in tokenize("Dr. K. Schmidt kam.")] == ["Dr.", "K.", "Schmidt", "kam", "."]


@pytest.mark.parametrize("text", ["subj-e2e", "kunde-42 anna7"])
def test_when_word_has_digits_then_never_a_name(text: str) -> None:
    assert load_model("de").find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Catherine of Aragon met the Duke of Aragon .",
        "catherine of aragon met the duke of aragon .",
    ],
)
def test_when_name_holds_connector_then_only_its_name_words_found_elsewhere(text: str) -> None:
    # "of" inside a found name must not make every "of" of the text a name; "Aragon" is.
    tokens = tokenize(text)
    words = [t.text for t in tokens]

    found = load_model("en")._consistent(words, [(t.start, t.end) for t in tokens], [(0, 3)])

    assert [words[i] for i in found] == [words[7]]


def test_when_noun_next_to_dropped_lower_case_word_then_lone_noun_rule_applies() -> None:
    # GermEval 2014 dev (tuning split, CC BY 4.0): "reale" was tagged with "Personen" and
    # then dropped by the lower-case guard; "Personen" alone is a common noun, no name.
    text = (
        "Blakemore benutzte einen Roboterarm , um Personen zu kitzeln , welcher genauso "
        "effektiv war wie reale Personen ."
    )

    found = [text[s.start : s.end] for s in load_model("de").find(text)]

    assert "Personen" not in found


def test_when_text_has_no_capitals_then_uncased_threshold_decides() -> None:
    # Threshold 0 makes every word a name candidate, > 1 none beyond the Viterbi path.
    model = NameModel(
        model_path("en"),
        build_lexicons("en"),
        threshold=1.01,
        uncased_threshold=0.0,
    )
    words = "the weather was fine all day".split()

    assert set(model.tag(words)) != {"O"}
    assert set(model.tag([w.capitalize() if i == 0 else w for i, w in enumerate(words)])) == {"O"}


def test_when_initial_found_as_name_then_surname_after_it_joins_the_span() -> None:
    # The address hold-out's envelope: "M." alone was a PERSON of its own beside the cue
    # recognizer's "Musterfrau" (a placeholder for an initial, the surname left to chance).
    text = "Von:\nFrau M. Musterfrau\nAm Stadtgraben 99\n15230 Frankfurt (Oder)"

    found = [text[s.start : s.end] for s in load_model("de").find(text)]

    assert "M. Musterfrau" in found
    assert "M." not in found


@pytest.mark.parametrize(
    ("words", "names", "expected"),
    [
        (["Frau", "M.", "Musterfrau"], [False, True, False], [False, True, True]),
        (["M.", "von", "Weizsäcker"], [True, False, False], [True, False, False]),
        (["S.", "Der", "Bescheid"], [True, False, False], [True, False, False]),
        (["M.", "Müller", "kam"], [False, False, False], [False, False, False]),
        (["Herr", "Anna", "Schmidt"], [False, True, False], [False, True, False]),
    ],
)
def test_when_initial_extended_then_only_a_capitalised_name_word_joins(
    words: list[str], names: list[bool], expected: list[bool]
) -> None:
    load_model("de")._extend_initials(words, names)

    assert names == expected


def test_when_listed_first_name_precedes_a_rare_word_then_both_are_the_name() -> None:
    # The model card's failure mode (GermEval 2014 dev, CC BY 4.0): the CRF gave "Weigl" a
    # name probability of ~0.02; "Weigl" is in neither word-frequency list and no noun.
    text = "Im vergangenen Jahr hat Brigitte Weigl 20 Pullover gestrickt ."
    model = load_model("de")

    found = [text[s.start : s.end] for s in model.find(text)]

    assert "Brigitte Weigl" in found


@pytest.mark.parametrize(
    "words",
    [
        ["nach", "Juris", "RdNr", "12"],  # not written like a surname
        ["die", "Villa", "Culinaria", "liegt"],  # a first name that is a German noun
        ["El", "Granaíno", "spielte"],  # a particle is no first name
        ["Brigitte", "Haus", "kam"],  # a known word after the first name
    ],
)
def test_when_pair_is_no_first_name_and_rare_surname_then_rule_adds_nothing(
    words: list[str],
) -> None:
    names = [False] * len(words)

    load_model("de")._rare_surnames(words, names)

    assert names == [False] * len(words)
