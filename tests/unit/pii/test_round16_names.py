"""Names and addresses of hold-out round 16's shapes, on other values: names after "c/o",
"z. Hd.", "care of" (pii/recognizers/person.py), Turkish relatives, Polish and Romanian
name cues and listed children, name fields said in words ("surname is", "name on card");
the body rows of a pipe table are no headers (pii/structured.py); a nursery is a namesake
head (pii/lexicon.py); Welsh street types (pii/recognizers/address_en.py)."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.lexicon import load_lexicon, names_a_namesake
from pii.recognizers.address_en import english_addresses
from pii.structured import scan_tables
from tests.unit.pii.conftest import rule_names as names


@pytest.mark.parametrize(
    ("text", "name", "language"),
    [
        ("Herrn Omid Karimi\nc/o Pashtana Wardak\nBirkenweg 4", "Pashtana Wardak", "de"),
        ("Stadtwerke\nz. Hd. Gulalai Stanekzai\nPostfach 12", "Gulalai Stanekzai", "de"),
        ("Ms Rose Adeyemi\ncare of Tendai Moyo\n3 High St", "Tendai Moyo", "en"),
    ],
)
def test_name_after_care_of(text: str, name: str, language: str) -> None:
    assert name in names(text, language)


def test_office_after_care_of_is_no_name() -> None:
    found = names("Frau Dagmar Stein\nc/o Rettungsdienst Nord\nHauptstr. 1")
    assert found == ["Dagmar Stein"]


@pytest.mark.parametrize(
    ("text", "expected", "language"),
    [
        ("Kızım Elifnaz için randevu istiyorum.", ["Elifnaz"], "de"),
        ("Mam troje dzieci, Zuzanna, Ksawery i Bruno.", ["Zuzanna", "Ksawery", "Bruno"], "en"),
        (
            "Bună ziua. Numele meu este Ionela-Cristina Mărgărit.",
            ["Ionela-Cristina Mărgărit"],
            "de",
        ),
    ],
)
def test_turkish_polish_romanian_cues(text: str, expected: list[str], language: str) -> None:
    assert all(name in names(text, language) for name in expected)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("caller says surname is Okonkwo-Bright, O for Oscar", "Okonkwo-Bright"),
        ("name on card Willow Stone", "Willow Stone"),
        ("and her last name is Willow Brook", "Willow Brook"),
    ],
)
def test_name_field_said_in_words(text: str, name: str) -> None:
    assert name in names(text, "en")


def test_bare_name_is_takes_no_ordinary_word_after_the_name() -> None:
    assert names("my son, his name is Kwabena Brilliant. And his date of birth?", "en") == []


def test_body_rows_of_a_pipe_table_are_no_headers() -> None:
    text = (
        "| Field | Value |\n|---|---|\n| Name | Odile Marchetti |\n"
        "| Date of birth | 02.10.2022 |\n| Allergies | Nuts |"
    )
    found = [text[start:end] for _, start, end in scan_tables(text)]
    assert "Allergies" not in found and "Date of birth" not in found


def test_printout_border_above_header_keeps_the_header() -> None:
    text = "+------+-----+\n| Name | Ort |\n+------+-----+\n| Odile Marchetti | Köln |"
    assert [text[start:end] for _, start, end in scan_tables(text)] == ["Odile Marchetti"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('"provider": "Busy Bees Nursery"', "Busy Bees"),
        ("Wir sind in der Sonnenschein Kita angemeldet.", "Sonnenschein"),
    ],
)
def test_nursery_is_a_namesake_head(text: str, name: str) -> None:
    start = text.index(name)
    assert names_a_namesake(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("the bins at 12 Cae Glas were not emptied", "12 Cae Glas"),
        ("I live at 7 Maes yr Ysgol thanks", "7 Maes yr Ysgol"),
        ("we moved to 3 Clos Derwen last year", "3 Clos Derwen"),
    ],
)
def test_welsh_street_types(text: str, street: str) -> None:
    found = [text[a:b] for a, b, _ in english_addresses(text, load_lexicon())]
    assert street in found


@pytest.mark.parametrize("value", ["Tiny Oaks Nursery", "Happy Hedgehogs Nursery"])
def test_nursery_alone_is_no_person(redactor: PresidioRedactor, value: str) -> None:
    found = [f for f in redactor.analyze(value, language="de") if f.entity_type == "PERSON"]
    assert found == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("BGC CT REF 5520 HALINA NOWICKA FLAT 3,88.00", "HALINA NOWICKA"),
        ("DD SCHOOL MEALS MARTA OKONJO 4 WREN CLOSE", "MARTA OKONJO"),
    ],
)
def test_full_name_in_capitals_in_a_reference(text: str, name: str) -> None:
    assert name in names(text, "en")


@pytest.mark.parametrize("text", ["GRACE PERIOD ENDS FRIDAY", "CHRISTIAN DIOR PERFUME 50ML"])
def test_frequent_word_in_capitals_starts_no_name(text: str) -> None:
    assert names(text, "en") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gut, dann schick Wiesława bitte eine Kopie.", "Wiesława"),
        ("Please ring Radosław back tomorrow.", "Radosław"),
    ],
)
def test_slavic_first_name_by_its_ending(text: str, name: str) -> None:
    assert name in names(text, "de" if "schick" in text else "en")


def test_hyphenated_first_name_and_surname_of_rare_words() -> None:
    text = "Termin am 04.03. Ioana-Mădălina Stănescu, Kundennummer 55"
    assert "Ioana-Mădălina Stănescu" in names(text)


@pytest.mark.parametrize("text", ["Die Coca-Cola Flasche ist leer", "Im Baden-Württemberg Ticket"])
def test_hyphenated_ordinary_words_are_no_name(text: str) -> None:
    assert names(text) == []
