"""Over-redactions of ordinary words: a label before its value ("dob 5/9/77"), two
key-value lines read as a comma table, a regional greeting opening a message, and a GEDCOM
line's tag. Other values than the cases that showed them, with names that must still go."""

from __future__ import annotations

import pytest

from pii.engine import PresidioRedactor
from pii.structured import scan_structured
from pii.structured_records import in_gedcom_tag


def redact(redactor: PresidioRedactor, text: str) -> str:
    return redactor.new_session().redact(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("need a new bus pass, dob 22/4/69 if that helps", "dob 22/4/69"),
        ("renewing my licence, dob 3/11/85 and same address", "dob 3/11/85"),
    ],
)
def test_label_before_its_value_is_no_name(
    redactor: PresidioRedactor, text: str, label: str
) -> None:
    out = redact(redactor, text)
    assert "dob <DATE_OF_BIRTH_" in out and label not in out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Auftraggeberin: Nowak, Ewa\nSumme: EUR 1.320,50\nZweck: Kaution", "Nowak, Ewa"),
        ("Account holder: Adeyemi, Tunde\nAmount: GBP 75,20", "Adeyemi, Tunde"),
    ],
)
def test_key_value_lines_with_a_comma_each_are_no_table(text: str, name: str) -> None:
    assert [(e, text[s:t]) for e, s, t in scan_structured(text)] == [("PERSON", name)]


def test_comma_table_still_marks_its_name_column() -> None:
    text = "Name, Betrag\nEwa Nowak, 1.320\nTunde Adeyemi, 75"
    found = [(e, text[s:t]) for e, s, t in scan_structured(text)]
    assert ("PERSON", "Ewa Nowak") in found and ("PERSON", "Tunde Adeyemi") in found


@pytest.mark.parametrize(
    "text",
    [
        "Moin, wo krieg ich den Antrag für den Anwohnerparkausweis?",
        "Servus beinand, wia lang dauert des mit da Ummeldung?",
    ],
)
def test_regional_greeting_opening_a_message_is_no_name(
    redactor: PresidioRedactor, text: str
) -> None:
    assert redact(redactor, text) == text


def test_name_after_a_regional_greeting_is_still_redacted(redactor: PresidioRedactor) -> None:
    out = redact(redactor, "Moin, hier ist Hauke Jessen, wegen der Ummeldung")
    assert out.startswith("Moin, hier ist <PERSON_") and "Jessen" not in out


GEDCOM = (
    "0 @I4@ INDI\n1 NAME Wiebke /Ostendorf/\n1 CHR\n2 DATE 9 JUL 1911\n"
    "1 BIRT\n2 DATE 3 JUL 1911\n1 BURI\n2 DATE 1980\n"
)


def test_gedcom_tags_are_no_names_and_values_still_go(redactor: PresidioRedactor) -> None:
    out = redact(redactor, GEDCOM)
    for tag in ("1 CHR\n", "1 BIRT\n", "1 BURI\n", "0 @I4@ INDI\n"):
        assert tag in out
    assert "Wiebke" not in out and "Ostendorf" not in out and "3 JUL 1911" not in out


def test_in_gedcom_tag_is_the_tag_part_of_a_line_only() -> None:
    birt = GEDCOM.index("BIRT")
    name = GEDCOM.index("Wiebke")
    assert in_gedcom_tag(GEDCOM, birt, birt + 4)
    assert not in_gedcom_tag(GEDCOM, name, name + 6)
    assert not in_gedcom_tag("1 BIRT\n2 DATE 3 JUL 1911", 2, 6)  # no GEDCOM record
