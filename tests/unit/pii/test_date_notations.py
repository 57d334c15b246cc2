"""Dates of birth in notations beyond dd.mm.yyyy: Roman months, OCR misreadings, the
genealogical star, plural birth labels, month abbreviations between dashes, compact ISO
dates and relatives' dates after a date of birth (pii/recognizers/date.py)."""

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
    # A month abbreviation between dashes, slashes or dots, as forms and passports print it.
    ("date of birth 17-Mar-1979 as on the visa", "17-Mar-1979"),
    ("passport holder born 02/OCT/1966 in Lagos", "02/OCT/1966"),
    ("geboren am 23-Mai-1984 in Essen", "23-Mai-1984"),
    # Compact ISO after a birth cue.
    ("Geburtsdatum 19910227, Staatsangehörigkeit polnisch", "19910227"),
    ("born 20050730 in Leeds", "20050730"),
    # A relative's date after a date of birth, in the same sentence.
    ("geb. 14.6.82 in Herne, mein Mann 19790108 (laut Pass)", "19790108"),
    ("DOB 21-Feb-1990, my daughter's is 2 July 2018 - for the form", "2 July 2018"),
    ("geboren am 30.04.1960, meine Frau 11.11.1962, unser Sohn 1995-03-08.", "1995-03-08"),
]

NOT_BIRTH_DATES = [
    "Die Sitzung ist am 3.IV.2024 im Rathaus.",  # a Roman month without a cue
    "Frist: *17.09.2024* bitte beachten",  # a date between stars is emphasis
    "**Frist:** 17.09.2024",  # bold label
    "* 17.09.2024 Termin beim Amt\n* 18.09.2024 Abgabe",  # list items
    "Geburtsdaten werden seit dem 01.01.2020 elektronisch erfasst.",  # no label colon
    "Version l.O.1 vom Server",  # no date
    "Vorgang 19910227 und Kassenzeichen 20050730",  # compact digits without a cue
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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # After a date of birth: a date no relative's noun comes before, one in the next
        # sentence, or one a deadline cue comes before.
        ("geb. 3.2.79. Mein Sohn kommt am 04.05.2026 mit.", "04.05.2026"),
        ("DOB 01/02/1990, appointment 02/03/2026 with my son", "02/03/2026"),
        ("DOB 01/02/1990, für meine Frau bis zum 12.03.2026", "12.03.2026"),
    ],
)
def test_when_a_later_date_names_no_relative_then_it_is_no_birth_date(
    redactor: PresidioRedactor, text: str, value: str
) -> None:
    found = {(f.entity_type, text[f.start : f.end]) for f in redactor.analyze(text)}

    assert ("DATE_OF_BIRTH", value) not in found


def test_when_ocr_folded_then_only_date_shaped_tokens_change_and_length_kept() -> None:
    text = "Olaf, geb. 3O.l1.1949, Ilse 12.OI.1950, Konto IO-11"

    folded = fold_ocr_dates(text)

    assert folded == "Olaf, geb. 30.11.1949, Ilse 12.01.1950, Konto IO-11"
    assert len(folded) == len(text)
