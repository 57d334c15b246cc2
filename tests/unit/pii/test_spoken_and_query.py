"""Digits spoken as words and URL query values with "+" for spaces are read before analysis."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor, may_contain_personal_data
from pii.normalize import normalize, read_spoken_digits


@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("oh two oh, seven nine four six, double one double eight", "02079461188"),
        ("zero one six three, five five hundred, four two", "0163550042"),
        ("null drei null, zwo vier fünf sechs sieben acht", "030245678"),
        ("null-eins-fünf-neun doppel drei sieben eins", "01593371"),
    ],
)
def test_when_digits_spoken_then_read_as_digits(spoken: str, digits: str) -> None:
    assert [piece[0] for piece in read_spoken_digits(f"it is {spoken} thanks")] == [digits]


@pytest.mark.parametrize(
    "text",
    [
        "one or two of them, maybe three",
        "zwei, drei Tage später",
        "one two three four five",  # five digits: a count, not a number
        "a hundred people came",
    ],
)
def test_when_few_or_no_spoken_digits_then_nothing_read(text: str) -> None:
    assert read_spoken_digits(text) == []


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (
            "you can reach me on oh seven nine four six, double one two, three four five",
            "oh seven nine four six, double one two, three four five",
        ),
        (
            "meine Nummer ist null eins fünf zwo drei vier fünf sechs sieben acht, danke",
            "null eins fünf zwo drei vier fünf sechs sieben acht",
        ),
    ],
)
def test_when_phone_number_spoken_then_whole_spoken_run_redacted(
    redactor: PresidioRedactor, text: str, spoken: str
) -> None:
    assert may_contain_personal_data(text.replace("ü", "ue"))
    found = redactor.analyze(text)
    assert any(
        f.entity_type == "PHONE_NUMBER" and text[f.start : f.end] == spoken for f in found
    ), found


def test_when_query_value_has_plus_then_read_as_spaces() -> None:
    text = "https://maps.example.org/q?addr=12+Harbour+View+Road,+Howth&z=3&tel=+4930"
    normalized = normalize(text)
    assert "addr=12 Harbour View Road, Howth&z=3&tel=+4930" in normalized.text


def test_when_address_in_query_then_encoded_span_redacted(redactor: PresidioRedactor) -> None:
    text = "https://maps.example.org/static?center=12+Harbour+View+Road,+Howth&zoom=17"
    found = [text[f.start : f.end] for f in redactor.analyze(text)]
    assert "12+Harbour+View+Road" in found
