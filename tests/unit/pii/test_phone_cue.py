"""The one phone cue (``pii.recognizers.phone.PHONE_CUE``): what the recognizer and the
joining of a number sent in pieces both read as "a phone number comes next"."""

from __future__ import annotations

import pytest

from pii.conversation import cued_last_group
from pii.engine import PresidioRedactor
from pii.recognizers.phone import PHONE_CUE

CUES = [
    # once only across messages
    "my work mobile is ",
    "Handynummer lautet ",
    "Mobil - ",
    "erreichbar unter ",
    "Whatsapp: ",
    "phones: ",
    # once only in the recognizer
    "please ring us at ",
    "or text me on ",
    "Tel.: ",
    "her landline ",
    "Rufen Sie an - Festnetz. ",
    "erreichst uns unter ",
]
NO_CUES = ["my number is ", "Zimmer ", "text: ", "Kontonummer: ", "Beruf: ", "order "]


@pytest.mark.parametrize("lead", CUES)
def test_phone_cue_closes_the_text_before_a_number(lead: str) -> None:
    assert PHONE_CUE.search(lead) is not None


@pytest.mark.parametrize("lead", NO_CUES)
def test_other_words_before_a_number_are_no_phone_cue(lead: str) -> None:
    assert PHONE_CUE.search(lead) is None


@pytest.mark.parametrize("lead", CUES)
def test_phone_cue_carries_a_number_sent_in_pieces(lead: str) -> None:
    assert cued_last_group(lead, "0152 3456", "7812")


@pytest.mark.parametrize("lead", NO_CUES)
def test_number_in_pieces_without_phone_cue_stays_apart(lead: str) -> None:
    assert not cued_last_group(lead, "0152 3456", "7812")


@pytest.mark.parametrize("lead", ["my work mobile is ", "Handynummer lautet ", "erreichbar unter "])
def test_national_number_after_any_phone_cue_is_a_phone_number(
    redactor: PresidioRedactor, lead: str
) -> None:
    text = f"{lead}0114 496 0723 ab 18 Uhr"
    assert ("PHONE_NUMBER", "0114 496 0723") in {
        (f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)
    }
