"""The citizen-service training templates (pii/ner/templates/) and their filling."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pii.ner.corpus import PERSON, entities
from pii.ner.training import (
    TEMPLATE_DIR,
    TEMPLATE_TUNE_EVERY,
    TEMPLATE_TUNE_SPLIT,
    Splits,
    _add_templates,
    fill_template,
    read_templates,
    template_sentences,
)


def _names(template: str, language: str = "en", seed: int = 3) -> list[str]:
    sentence = fill_template(template, language, random.Random(seed))
    return [
        " ".join(sentence.tokens[s:e]) for kind, s, e in entities(sentence.tags) if kind == PERSON
    ]


def test_when_full_and_first_slots_filled_then_each_is_one_tagged_name() -> None:
    sentence = fill_template("Call {FULL} or {FIRST} today.", "en", random.Random(1))
    people = [(s, e) for kind, s, e in entities(sentence.tags) if kind == PERSON]
    assert len(people) == 2
    assert people[0][1] - people[0][0] >= 2  # first name and surname
    assert sentence.tokens[-1] == "." and sentence.tags[-1] == "O"


def test_when_title_slot_filled_then_the_title_is_not_tagged() -> None:
    for seed in range(20):
        sentence = fill_template("Bitte {TITLE_SURNAME} anrufen.", "de", random.Random(seed))
        tagged = [t for t, tag in zip(sentence.tokens, sentence.tags, strict=True) if tag != "O"]
        assert tagged
        assert not {"Frau", "Herr", "Dr.", "Prof."} & set(tagged)


def test_when_slot_is_lower_case_then_the_name_is_lower_case() -> None:
    (name,) = _names("hi im {full} and i need help", seed=5)
    assert name == name.lower()
    assert any(c.isalpha() for c in name)


def test_when_letters_are_glued_to_a_slot_then_the_whole_word_is_the_name() -> None:
    for template in ("I am {FIRST}'s aunt.", "Das ist {FIRST}s Antrag."):
        sentence = fill_template(template, "en", random.Random(7))
        word = next(t for t, tag in zip(sentence.tokens, sentence.tags, strict=True) if tag != "O")
        assert word.endswith(("'s", "s"))


def test_when_template_has_no_slot_then_nothing_is_tagged_and_copies_follow_the_setting() -> None:
    sentences = template_sentences(
        ["Der Koch hat im Mai frei.", "Frau {SURNAME} kommt."],
        "de",
        random.Random(0),
        copies=3,
        negative_copies=2,
        extra_share=0.0,
    )
    assert len(sentences) == 5
    assert all(tag == "O" for s in sentences[:2] for tag in s.tags)
    assert all(any(tag != "O" for tag in s.tags) for s in sentences[2:])


def test_when_file_read_then_comments_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("# a comment\n\nHallo {FIRST}.\n  \nKein Name.\n", encoding="utf-8")
    assert read_templates(path) == ["Hallo {FIRST}.", "Kein Name."]


@pytest.mark.parametrize("language", ["de", "en"])
def test_when_shipped_then_templates_are_many_and_about_a_third_have_no_person(
    language: str,
) -> None:
    templates = read_templates(TEMPLATE_DIR / f"{language}.txt")
    without = sum("{" not in t for t in templates)
    assert len(templates) >= 250
    assert 0.2 <= without / len(templates) <= 0.4
    for template in templates:  # every brace is a known slot
        fill_template(template, language, random.Random(0))
        assert template.count("{") == template.count("}")


@pytest.mark.parametrize("language", ["de", "en"])
def test_when_splits_built_then_every_fifth_template_is_tuning_only(language: str) -> None:
    templates = read_templates(TEMPLATE_DIR / f"{language}.txt")
    splits = Splits()
    _add_templates(splits, language)
    tune = splits.tune[TEMPLATE_TUNE_SPLIT]
    tune_templates = templates[TEMPLATE_TUNE_EVERY - 1 :: TEMPLATE_TUNE_EVERY]
    # No tuning sentence is also a training sentence.
    train_texts = {" ".join(s.tokens) for s in splits.train}
    tune_texts = {" ".join(s.tokens) for s in tune}
    assert tune and tune_texts.isdisjoint(train_texts)
    assert len(tune) >= len(tune_templates)


def test_when_first_name_and_surname_slots_are_adjacent_then_they_are_one_name() -> None:
    sentence = fill_template("Called {FIRST} {SURNAME} back.", "en", random.Random(4))
    people = [(s, e) for kind, s, e in entities(sentence.tags) if kind == PERSON]
    assert len(people) == 1 and people[0][1] - people[0][0] >= 2
    two = fill_template("Invite {SURNAME} and {SURNAME}.", "en", random.Random(4))
    assert sum(kind == PERSON for kind, _, _ in entities(two.tags)) == 2
