"""Readers of the NER corpus formats and the redaction scorer of `leitplanke pii evaluate`."""

from __future__ import annotations

from pathlib import Path

import pytest

from pii.evaluation import Redaction, evaluate_redaction
from pii.ner.corpus import LabelledSentence, entities, normalize_tag, read_corpus

GERMEVAL = (
    "#\thttp://example.org\t[2010-07-04]\n"
    "1\tGestern\tO\tO\n2\tsagte\tO\tO\n3\tAngela\tB-PER\tO\n4\tMerkel\tI-PER\tO\n"
    "5\tin\tO\tO\n6\tBerlin\tB-LOC\tO\n\n"
)
CONLL = "Richter O\nDr. O\nMeier B-RR\nentschied O\n\nvon O\nFrau O\nX B-AN\n"
WIKIANN = "de:Paul\tB-PER\nde:Klee\tI-PER\n\nen:Ohio\tB-LOC\n"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("B-person", "B-PER"), ("I-RR", "I-PER"), ("B-AN", "B-PER"), ("I-LOC", "I-LOC"),
     ("B-PERderiv", "B-PERDERIV"), ("O", "O"), ("X-PER", "O")],
)
def test_when_tag_normalized_then_person_classes_become_per(tag: str, expected: str) -> None:
    assert normalize_tag(tag) == expected


def test_when_germeval_read_then_comments_skipped_and_tags_kept(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(GERMEVAL, encoding="utf-8")

    [sentence] = read_corpus(path, "germeval")

    assert sentence.tokens[2:4] == ("Angela", "Merkel")
    assert entities(sentence.tags) == [("PER", 2, 4), ("LOC", 5, 6)]


def test_when_conll_read_then_judges_and_lawyers_are_persons(tmp_path: Path) -> None:
    path = tmp_path / "c.conll"
    path.write_text(CONLL, encoding="utf-8")

    first, second = read_corpus(path, "conll")

    assert entities(first.tags) == [("PER", 2, 3)]
    assert entities(second.tags) == [("PER", 2, 3)]


def test_when_wikiann_read_then_language_prefix_removed(tmp_path: Path) -> None:
    path = tmp_path / "w"
    path.write_text(WIKIANN, encoding="utf-8")

    first, second = read_corpus(path, "wikiann")

    assert first.tokens == ("Paul", "Klee")
    assert second.tokens == ("Ohio",)


def test_when_line_has_no_tag_then_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("Paul B-PER\nKlee\n", encoding="utf-8")

    with pytest.raises(ValueError, match=r"bad\.conll:2"):
        read_corpus(path, "conll")


def _sentence(text: str, tags: str) -> LabelledSentence:
    return LabelledSentence(tuple(text.split()), tuple(tags.split()))


def test_when_part_of_name_left_then_entity_not_caught() -> None:
    sentences = [_sentence("Gestern kam Anna Schmidt nach Bonn", "O O B-PER I-PER O B-LOC")]

    report = evaluate_redaction(sentences, lambda text: [Redaction(12, 16, "PERSON")])

    assert report.gold["PER"] == 1
    assert report.caught["PER"] == 0
    assert report.misses == [("PER", "Anna Schmidt"), ("LOC", "Bonn")]


def test_when_whole_name_redacted_then_caught_and_precise() -> None:
    sentences = [_sentence("Gestern kam Anna Schmidt nach Bonn", "O O B-PER I-PER O B-LOC")]

    report = evaluate_redaction(sentences, lambda text: [Redaction(12, 24, "PERSON")])

    assert report.recall("PER") == 1.0
    assert report.precision("PERSON") == 1.0
    assert report.recall("LOC") == 0.0


def test_when_ordinary_capitalised_word_redacted_then_over_redaction_counts_it() -> None:
    # "Gestern" and "Antrag" are the capitalised tokens outside entities; one is redacted.
    sentences = [_sentence("Gestern kam der Antrag von Anna", "O O O O O B-PER")]

    report = evaluate_redaction(
        sentences, lambda text: [Redaction(16, 22, "PERSON"), Redaction(27, 31, "PERSON")]
    )

    assert report.capitalised_outside == 2
    assert report.over_redacted == 1
    assert report.over_redaction == 0.5
    assert report.precision("PERSON") == 0.5
    assert report.false_positives == [("PERSON", "Antrag")]


@pytest.mark.parametrize("token", ["Okafor's", "Okafor’s"])
def test_when_possessive_stays_in_the_token_then_the_name_alone_counts(token: str) -> None:
    sentences = [_sentence(f"Please call {token} office", "O O B-PER O")]

    report = evaluate_redaction(sentences, lambda text: [Redaction(12, 18, "PERSON")])

    assert report.caught["PER"] == 1


def test_when_name_ends_in_s_then_its_last_letter_still_counts() -> None:
    sentences = [_sentence("Please call Matthias today", "O O B-PER O")]

    report = evaluate_redaction(sentences, lambda text: [Redaction(12, 19, "PERSON")])

    assert report.caught["PER"] == 0
