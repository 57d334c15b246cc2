"""Dates, house numbers and identifiers spoken as words (speech-to-text transcripts)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.normalize import read_spoken_digits
from pii.spoken_numbers import read_spoken_dates


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("zwanzigsten oktober neunzehnhundertfünfundsechzig", "20. Oktober 1965"),
        ("zweiten zwoten zweitausendeins", "2. Februar 2001"),
        ("einunddreißigster Mai neunzehnhundertsiebzig", "31. Mai 1970"),
        ("the thirty-first of August nineteen eighty-four", "31 August 1984"),
        ("July the fourth, two thousand and three", "4 July 2003"),
        ("twenty-second of Dec nineteen oh five", "22 December 1905"),
        ("eleventh of march twenty twenty-one", "11 March 2021"),
    ],
)
def test_when_date_spoken_then_read_as_written_date(spoken: str, written: str) -> None:
    assert [piece[0] for piece in read_spoken_dates(f"so {spoken} okay")] == [written]


@pytest.mark.parametrize(
    "text",
    [
        "wir haben zwei Kinder und drei Katzen",
        "the second of two letters arrived",
        "der dritte von vier Anträgen",
        "the first of many, the second of may be late",
        "am dritten vierten Tag",
        "the thirty-ninth of May two thousand",
        "Bring zwei Flaschen mit, der Feldweg ist lang",
    ],
)
def test_when_number_words_are_no_date_then_nothing_read(text: str) -> None:
    assert read_spoken_dates(text) == []


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (
            "Geburtsdatum laut Ausweis zwanzigsten oktober neunzehnhundertfünfundsechzig",
            "zwanzigsten oktober neunzehnhundertfünfundsechzig",
        ),
        (
            "date of birth as per the form: the thirty-first of August nineteen eighty-four",
            "thirty-first of August nineteen eighty-four",
        ),
        ("her brother was born on the 5th of Oct 1971.", "5th of Oct 1971"),
        (
            "Agent: and your date of birth?\nCaller: uh July the fourth nineteen eighty",
            "July the fourth nineteen eighty",
        ),
    ],
)
def test_when_birth_date_spoken_then_redacted(
    redactor: PresidioRedactor, text: str, spoken: str
) -> None:
    found = redactor.analyze(text)
    assert any(
        f.entity_type == "DATE_OF_BIRTH" and spoken in text[f.start : f.end] for f in found
    ), found


def test_when_spoken_date_not_personal_then_kept(redactor: PresidioRedactor) -> None:
    text = "Der Termin der Messe ist am dritten März zweitausendfünfundzwanzig."
    assert [f for f in redactor.analyze(text) if "DATE" in f.entity_type] == []


def test_when_spoken_id_has_letter_then_read_with_letter(redactor: PresidioRedactor) -> None:
    spoken = "eins fünf null sieben null fünf vier neun M null eins drei"
    assert [p[0] for p in read_spoken_digits(f"nummer {spoken} danke")] == ["15070549M013"]
    text = f"meine rentenversicherungsnummer ist {spoken} danke"
    found = redactor.analyze(text)
    assert any(text[f.start : f.end] == spoken for f in found), found


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Er wohnt Birkenallee dreiundzwanzig seit Mai.", "Birkenallee dreiundzwanzig"),
        ("wir wohnen in der lindenstraße 7 in jena", "lindenstraße 7"),
        ("meine adresse ist äh eschenweg zwölf", "eschenweg zwölf"),
    ],
)
def test_when_street_spoken_or_lower_case_then_address(
    redactor: PresidioRedactor, text: str, street: str
) -> None:
    found = redactor.analyze(text)
    assert any(f.entity_type == "ADDRESS" and street in text[f.start : f.end] for f in found), found


def test_when_lower_case_street_word_without_residence_then_kept(
    redactor: PresidioRedactor,
) -> None:
    text = "der rückweg 3 stunden, danach die umgehungsstraße 2 mal gesperrt"
    assert [f for f in redactor.analyze(text) if f.entity_type == "ADDRESS"] == []
