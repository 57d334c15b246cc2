"""Hold-out round 15's last shapes, on other values: a German imperative opening an
instruction is no name (pii/recognizers/name_detector_guard.py); a street name split by OCR
and a PLZ spaced out digit by digit (pii/recognizers/address.py); a UK landline alone on
its line, as a signature holds it (pii/recognizers/phone.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.recognizers.phone import PhoneRecognizer


def persons(redactor: PresidioRedactor, text: str, language: str = "de") -> list[str]:
    found = redactor.analyze(text, language=language)
    return [text[f.start : f.end] for f in found if f.entity_type == "PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        "Korrigier den Text, aber lass die Zahlen stehen.",
        "Kehr die Reihenfolge der Absätze um.",
        "Sortier aus der Tabelle die doppelten Zeilen heraus.",
        "Bitte kurz halten. Kehr aus dem Diktat alle Tippfehler heraus.",
    ],
)
def test_german_imperative_opening_an_instruction_is_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert persons(redactor, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kehr hat gestern angerufen.", "Kehr"),  # a verb follows: the subject
        ("Koch den Reis", "Koch"),  # a listed surname keeps its shape
        ("Bitte Rückruf an Herrn Sortier aus dem Vertrieb.", "Sortier"),  # no sentence start
    ],
)
def test_verb_stem_surname_as_subject_or_listed_stays_a_name(
    redactor: PresidioRedactor, text: str, name: str
) -> None:
    assert name in " ".join(persons(redactor, text))


def addresses(redactor: PresidioRedactor, text: str, language: str = "de") -> list[str]:
    found = redactor.analyze(text, language=language)
    return [text[f.start : f.end] for f in found if f.entity_type == "ADDRESS"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Absender: Jana Obst, Linden weg 12a, 04109 Leipzig", "Linden weg 12a, 04109 Leipzig"),
        ("Wir wohnen seit Mai in der Ahorn allee 14.", "Ahorn allee 14"),
        (
            "Neu ab März: Goethestr aße 21, 6 0 3 1 3 Frankfurt",
            "Goethestr aße 21, 6 0 3 1 3 Frankfurt",
        ),
        ("Bitte an Schiller platz 3 zustellen.", "Schiller platz 3"),
    ],
)
def test_street_name_split_by_ocr_is_an_address(
    redactor: PresidioRedactor, text: str, address: str
) -> None:
    assert addresses(redactor, text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Der weg 5 ist frei.",  # a function word before: no street's first part
        "Bitte Frau Roth of 3 Eltern informieren.",  # "Rothof": "of" is a word of its own
        "Die Liste hat 4 Seiten und 12 Zeilen.",
    ],
)
def test_lower_case_word_after_a_capitalised_one_is_no_split_street(
    redactor: PresidioRedactor, text: str
) -> None:
    assert addresses(redactor, text) == []


def phones(text: str) -> list[str]:
    found = PhoneRecognizer(regions=("DE", "AT", "CH")).scan(text)
    return [text[start:end] for _, start, end, _ in found]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Kind regards,\nTom Rees\nHousing Officer\n020 7946 0958\n", "020 7946 0958"),
        ("Thanks\nPriya\n0113 496 0999", "0113 496 0999"),
    ],
)
def test_uk_landline_alone_on_its_line_is_a_phone_number(text: str, phone: str) -> None:
    assert phones(text) == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "Ref:\n0113 4960999\n",  # not grouped as the UK writes it
        "Our case 0113 496 0999 is closed.",  # in running text, no cue
    ],
)
def test_uk_landline_without_cue_elsewhere_is_left(text: str) -> None:
    assert phones(text) == []
