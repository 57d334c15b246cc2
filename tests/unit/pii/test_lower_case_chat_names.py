"""Names in chat typed in lower case: the fast path lets a first name of the extra lists
through to the detector (pii/ner/model.py ``may_hold_lower_case_name``), and a detector
span ends before a function word after its first word (pii/recognizers/
name_detector_guard.py ``_cut_uncased_at_function_word``)."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from pii.engine import may_contain_personal_data
from pii.lexicon import load_lexicon
from pii.recognizers.name_detector_guard import _cut_uncased_at_function_word


@pytest.mark.parametrize("text", ["danke chiamaka, bis morgen", "hallo chiamaka wie gehts"])
def test_a_lower_case_first_name_of_the_extra_lists_reaches_the_detector(text: str) -> None:
    assert may_contain_personal_data(text)


def test_a_lower_case_chat_without_a_name_keeps_the_fast_path() -> None:
    assert not may_contain_personal_data("ok danke bis morgen")


def cut(text: str, span: str) -> str:
    start = text.index(span)
    result = RecognizerResult("PERSON", start, start + len(span), 0.6)
    _cut_uncased_at_function_word(text, result, load_lexicon())
    return text[result.start : result.end]


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        ("danke chiamaka du bist die beste", "chiamaka du bist die beste", "chiamaka"),
        ("frag radosław ob er kommt", "radosław ob er", "radosław"),
        ("thanks chiamaka you are a star", "chiamaka you are", "chiamaka"),
    ],
)
def test_a_lower_case_span_ends_before_a_function_word(text: str, span: str, name: str) -> None:
    assert cut(text, span) == name


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("brief von jean du pont ist da", "jean du pont"),
        ("thanks elton brand", "elton brand"),
        ("Danke Chiamaka du bist spitze", "Chiamaka du"),
    ],
)
def test_particles_before_a_surname_common_surnames_and_cased_texts_stay(
    text: str, span: str
) -> None:
    assert cut(text, span) == span
