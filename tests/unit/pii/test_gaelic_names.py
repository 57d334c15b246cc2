"""Gaelic name shapes, institutions after a sign-off, and detector spans running through a
sentence (pii/recognizers/person.py, pii/recognizers/name_detector_guard.py)."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from pii.engine import PresidioRedactor
from pii.ner.model import load_model
from pii.recognizers.name_detector_guard import _cut_at_prose


def persons(redactor: PresidioRedactor, text: str) -> list[str]:
    return [text[f.start : f.end] for f in redactor.analyze(text) if f.entity_type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Send it to Saoirse Ní Bhraonáin please", "Saoirse Ní Bhraonáin"),
        ("Dear Orlaith Mac Giollarnáth,\nthanks for your letter", "Orlaith Mac Giollarnáth"),
        ("Termin mit Ruairí Ó Dubhghaill am Montag", "Ruairí Ó Dubhghaill"),
    ],
)
def test_when_gaelic_particle_between_names_then_whole_name_found(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hello Ms NicDhòmhnaill, fine", "NicDhòmhnaill"),
        ("Hi, it's MORAG McDONALD here about the bins", "MORAG McDONALD"),
        ("Signed: EILIDH NicGILLEAIN", "EILIDH NicGILLEAIN"),
    ],
)
def test_when_nic_or_capital_prefixed_surname_then_found(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in persons(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "the Apple Mac Pro is fast",
        "Is a MacBOOK fine for this?",
    ],
)
def test_when_mac_is_a_product_then_no_name(redactor: PresidioRedactor, text: str) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Kind regards,\nOffice of Tax and Revenue",
        "Mit freundlichen Grüßen\nAmt für Soziales",
        "Sincerely,\nBoard of Appeals",
    ],
)
def test_when_sign_off_names_an_institution_then_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Rewrite the opening of this letter, nothing else",
        "Check the spelling in this note, nothing more",
    ],
)
def test_when_detector_runs_through_a_sentence_then_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    ("span", "kept"),
    [
        ("Shorten the intro of this post", ""),
        ("Anna Berg and the team", "Anna Berg"),
        ("Call Ebony in the morning", "Call Ebony"),
        ("Catherine of Aragon", "Catherine of Aragon"),
    ],
)
def test_when_span_holds_two_common_lower_case_words_then_cut_before_them(
    span: str, kept: str
) -> None:
    text = f"Note: {span} today."
    result = RecognizerResult("PERSON", 6, 6 + len(span), 0.6)
    _cut_at_prose(text, result, load_model("en").featurizer.lexicons)
    assert text[result.start : result.end] == kept
