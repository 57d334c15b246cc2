"""Dates of birth in notations beyond dd.mm.yyyy: Roman months, OCR misreadings, the
genealogical star and plural birth labels (pii/recognizers/date.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.recognizers.date import fold_ocr_dates

BIRTH_DATES = [
    # A Roman month, as Polish and Italian forms write it.
    ("geboren am 5.XI.1970 in Kraków", "5.XI.1970"),
    ("DOB: 21. VIII. 1983", "21. VIII. 1983"),
    # OCR: O for 0, l or I for 1 inside a date-shaped token.
    ("geb. am 3l.O3.1950 in Ulm", "3l.O3.1950"),
    ("D.O.B. 2O-lO-1977", "2O-lO-1977"),
    ("Date of birth: O7/I2/1968", "O7/I2/1968"),
    # The genealogical star after a word, written against the date or with one space.
    ("Mein Vater *04.03.1950 lebt bei uns", "04.03.1950"),
    ("und meine Mutter * 1.2.1952", "1.2.1952"),
    # A plural label: every date on its line is a date of birth.
    ("Geburtsdaten: ich 12.08.1975, mein Mann 30.01.1973", "12.08.1975"),
    ("Geburtsdaten: ich 12.08.1975, mein Mann 30.01.1973", "30.01.1973"),
    ("Dates of birth: me 02/03/1980, my son 11/09/2012", "11/09/2012"),
]

NOT_BIRTH_DATES = [
    "Die Sitzung ist am 3.IV.2024 im Rathaus.",  # a Roman month without a cue
    "Frist: *17.09.2024* bitte beachten",  # a date between stars is emphasis
    "**Frist:** 17.09.2024",  # bold label
    "* 17.09.2024 Termin beim Amt\n* 18.09.2024 Abgabe",  # list items
    "Geburtsdaten werden seit dem 01.01.2020 elektronisch erfasst.",  # no label colon
    "Version l.O.1 vom Server",  # no date
]


@pytest.mark.parametrize(("text", "value"), BIRTH_DATES)
def test_when_birth_date_written_unusually_then_redacted_as_birth_date(
    redactor: PresidioRedactor, text: str, value: str
) -> None:
    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}

    assert ("DATE_OF_BIRTH", value) in found


@pytest.mark.parametrize("text", NOT_BIRTH_DATES)
def test_when_date_has_no_birth_cue_then_no_date_found(
    redactor: PresidioRedactor, text: str
) -> None:
    found = [f for f in redactor.analyze(text) if f.entity_type.startswith("DATE")]

    assert found == []


def test_when_ocr_folded_then_only_date_shaped_tokens_change_and_length_kept() -> None:
    text = "Olaf, geb. 3O.l1.1949, Ilse 12.OI.1950, Konto IO-11"

    folded = fold_ocr_dates(text)

    assert folded == "Olaf, geb. 30.11.1949, Ilse 12.01.1950, Konto IO-11"
    assert len(folded) == len(text)
